//===- ChunkwiseTensorCores.cpp - chunkwise phases on tensor cores --------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

using Acc = WarpMma::Acc;
using P = arith::CmpIPredicate;

TensorCoreChunk::TensorCoreChunk(KernelBuilder &kb, const DeviceOperands &d,
                                 int64_t chunk, int64_t threads, bool emulate,
                                 Value bh, Value bi, Value hi, Value ld,
                                 Value c0, Value len, Value xi, Value zeta,
                                 Value scoreBuf, bool sharedScores)
    : kb(kb), b(kb.b), d(d), chunk(chunk), warps(threads / 32),
      emulate(emulate), sharedScores(sharedScores),
      elt(cast<MemRefType>(d.q.getType()).getElementType()), bh(bh), bi(bi),
      hi(hi), ld(ld), c0(c0), len(len), xi(xi), zeta(zeta), scoreBuf(scoreBuf) {
  zero = kb.idx(0);
}

Value TensorCoreChunk::at(Value base, int64_t off) {
  return kb.add(base, kb.idx(off));
}

// Output tiles [0, n) of a phase: warp w takes w, w + warps, ... (the
// warp's lanes always agree, as mma.sync requires). Lane values are
// computed inside each phase: nothing thread-dependent crosses a
// barrier (the emulator relies on it).
void TensorCoreChunk::warpTiles(
    int64_t n, function_ref<void(const WarpMma &, Value)> body) {
  Value warp = kb.div(kb.tid, kb.idx(32));
  WarpMma mma(kb, elt, emulate);
  kb.loop(zero, kb.idx((n + warps - 1) / warps), kb.idx(1), [&](Value it) {
    Value tile = kb.add(kb.mul(it, kb.idx(warps)), warp);
    kb.when(kb.cmp(P::ult, tile, kb.idx(n)), [&] { body(mma, tile); });
  });
}

// Row c0 + m of the sequence (clamped in range) and whether it exists.
std::pair<Value, Value> TensorCoreChunk::rowIn(Value m) {
  Value ok = kb.cmp(P::ult, m, len);
  return {kb.add(c0, arith::SelectOp::create(b, ok, m, zero)), ok};
}

Value TensorCoreChunk::masked(Value ok, Value x) {
  return arith::SelectOp::create(b, ok, x, kb.f32(0.0));
}

SmallVector<Value> TensorCoreChunk::scoreAt(Value p) {
  if (sharedScores)
    return {p};
  return {bh, p};
}

Acc TensorCoreChunk::ifAcc(Value cond, function_ref<Acc()> fn,
                           const Acc &other) {
  SmallVector<Type> types(4, b.getF32Type());
  auto ifOp = scf::IfOp::create(b, types, cond, /*addThenBlock=*/true,
                                /*addElseBlock=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Acc r = fn();
    scf::YieldOp::create(b, ValueRange(ArrayRef<Value>(r)));
    b.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(b, ValueRange(ArrayRef<Value>(other)));
  }
  return Acc{ifOp.getResult(0), ifOp.getResult(1), ifOp.getResult(2),
             ifOp.getResult(3)};
}

void TensorCoreChunk::scores() {
  int64_t rowTiles = chunk / 16;
  // A: decayed scores of 16 x 8 tiles.
  int64_t colTiles = chunk / 8;
  warpTiles(rowTiles * colTiles, [&](const WarpMma &mma, Value tile) {
    Value r0 = kb.mul(kb.div(tile, kb.idx(colTiles)), kb.idx(16));
    Value m0 = kb.mul(kb.rem(tile, kb.idx(colTiles)), kb.idx(8));
    kb.when(kb.cmp(P::ule, m0, at(r0, 15)), [&] {
      Acc acc = mma.zero();
      for (int64_t k0 = 0; k0 < d.keyDim; k0 += 16)
        acc = mma.mma(
            [&](Value r, Value k) {
              auto [row, ok] = rowIn(kb.add(r0, r));
              return masked(ok,
                            kb.load(d.q, ValueRange{bi, hi, row, at(k, k0)}));
            },
            [&](Value k, Value n) {
              auto [row, ok] = rowIn(kb.add(m0, n));
              return masked(ok,
                            kb.load(d.k, ValueRange{bi, hi, row, at(k, k0)}));
            },
            acc);
      for (int e = 0; e < 4; ++e) {
        auto [r, cc] = mma.accPos(e);
        Value n = kb.add(r0, r), m = kb.add(m0, cc);
        Value ok = arith::AndIOp::create(b, kb.cmp(P::ule, m, n),
                                         kb.cmp(P::ult, n, len));
        Value delta = arith::SelectOp::create(b, ok, kb.sub(n, m), zero);
        Value s = masked(ok, kb.fmul(acc[e], buildDecayPow(b, ld, delta)));
        memref::StoreOp::create(b, s, scoreBuf,
                                scoreAt(kb.add(kb.mul(n, kb.idx(chunk)), m)));
      }
    });
  });
  kb.barrier();
}

void TensorCoreChunk::rows() {
  int64_t rowTiles = chunk / 16, vTiles = d.valueDim / 8;
  // B: the chunk's rows.
  warpTiles(rowTiles * vTiles, [&](const WarpMma &mma, Value tile) {
    Value r0 = kb.mul(kb.div(tile, kb.idx(vTiles)), kb.idx(16));
    Value j0 = kb.mul(kb.rem(tile, kb.idx(vTiles)), kb.idx(8));
    Acc acc = mma.zero();
    for (int64_t m0 = 0; m0 < chunk; m0 += 16) {
      // Score tiles right of the diagonal are zero: skipped.
      acc = ifAcc(
          kb.cmp(P::ule, kb.idx(m0), r0),
          [&] {
            return mma.mma(
                [&](Value r, Value k) -> Value {
                  Value p =
                      kb.add(kb.mul(kb.add(r0, r), kb.idx(chunk)), at(k, m0));
                  return memref::LoadOp::create(b, scoreBuf, scoreAt(p));
                },
                [&](Value k, Value j) {
                  auto [row, ok] = rowIn(at(k, m0));
                  return masked(
                      ok, kb.load(d.v, ValueRange{bi, hi, row, kb.add(j0, j)}));
                },
                acc);
          },
          acc);
    }
    for (int64_t i0 = 0; i0 < d.keyDim; i0 += 16)
      acc = mma.mma(
          [&](Value r, Value k) {
            Value n = kb.add(r0, r);
            auto [row, ok] = rowIn(n);
            Value x = memref::LoadOp::create(b, xi, ValueRange{n});
            return masked(
                ok,
                kb.fmul(kb.load(d.q, ValueRange{bi, hi, row, at(k, i0)}), x));
          },
          [&](Value k, Value j) {
            return kb.load(d.work,
                           ValueRange{bi, hi, at(k, i0), kb.add(j0, j)});
          },
          acc);
    for (int e = 0; e < 4; ++e) {
      Value r, cc;
      std::tie(r, cc) = mma.accPos(e);
      Value n = kb.add(r0, r);
      kb.when(kb.cmp(P::ult, n, len), [&] {
        Value rn = kb.add(c0, n);
        GPUHostBuilder::storeRow(
            kb, d, kb.fmul(acc[e], GPUHostBuilder::rowFactor(kb, d, ld, rn)),
            ValueRange{bi, hi, rn, kb.add(j0, cc)});
      });
    }
  });
  kb.barrier();
}

void TensorCoreChunk::advanceState() {
  int64_t vTiles = d.valueDim / 8;
  // C: the state, each element read and written by one lane.
  Value decayAll = buildDecayPow(b, ld, len);
  warpTiles(d.keyDim / 16 * vTiles, [&](const WarpMma &mma, Value tile) {
    Value i0 = kb.mul(kb.div(tile, kb.idx(vTiles)), kb.idx(16));
    Value j0 = kb.mul(kb.rem(tile, kb.idx(vTiles)), kb.idx(8));
    Acc acc;
    for (int e = 0; e < 4; ++e) {
      auto [r, cc] = mma.accPos(e);
      acc[e] = kb.fmul(
          decayAll,
          kb.load(d.work, ValueRange{bi, hi, kb.add(i0, r), kb.add(j0, cc)}));
    }
    for (int64_t m0 = 0; m0 < chunk; m0 += 16)
      acc = mma.mma(
          [&](Value r, Value k) {
            auto [row, ok] = rowIn(at(k, m0));
            Value z = memref::LoadOp::create(b, zeta, ValueRange{at(k, m0)});
            return masked(ok, kb.fmul(kb.load(d.k, ValueRange{bi, hi, row,
                                                              kb.add(i0, r)}),
                                      z));
          },
          [&](Value k, Value j) {
            auto [row, ok] = rowIn(at(k, m0));
            return masked(ok,
                          kb.load(d.v, ValueRange{bi, hi, row, kb.add(j0, j)}));
          },
          acc);
    for (int e = 0; e < 4; ++e) {
      auto [r, cc] = mma.accPos(e);
      kb.store(acc[e], d.work,
               ValueRange{bi, hi, kb.add(i0, r), kb.add(j0, cc)});
    }
  });
  kb.barrier();
}
