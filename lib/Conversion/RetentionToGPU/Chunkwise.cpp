//===- Chunkwise.cpp - the chunkwise GPU kernel (SIMT) --------------------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

/// Chunkwise: one block per (b, h), chunks in sequence.
void GPUHostBuilder::buildChunkwise(ImplicitLocOpBuilder &b,
                                    const DeviceOperands &d, int64_t chunk,
                                    LaunchFn launch) const {
  int64_t threads = options.blockSize;
  Type f32 = b.getF32Type();
  auto wg =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  // Scores of big chunks live in global memory, one tile per block.
  bool sharedScores = !d.scores;
  bool tensorCores = useTensorCores(d, chunk, threads);
  Value grid = d.batchHeads;
  SmallVector<Type> smem = {MemRefType::get({chunk}, f32, nullptr, wg),
                            MemRefType::get({chunk}, f32, nullptr, wg)};
  if (sharedScores)
    smem.push_back(MemRefType::get({chunk * chunk}, f32, nullptr, wg));
  Value one = arith::ConstantIndexOp::create(b, 1);
  launch(grid, one, threads, smem, [&](KernelBuilder &kb, gpu::LaunchOp l) {
    Value bh = l.getBlockIds().x;
    Value bi, hi;
    std::tie(bi, hi) = batchHead(kb, bh, d.heads);
    Value xi = l.getWorkgroupAttributions()[0];   // gamma^(n+1)
    Value zeta = l.getWorkgroupAttributions()[1]; // gamma^(L-1-m)
    auto scoreIdx = [&](Value p) -> SmallVector<Value> {
      if (sharedScores)
        return {p};
      return {bh, p};
    };
    Value scores =
        sharedScores ? Value(l.getWorkgroupAttributions()[2]) : d.scores;
    Value ld = kb.load(d.logDecay, ValueRange{hi});
    Value zero = kb.idx(0), c = kb.idx(chunk);
    Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
    Value stateSize = kb.idx(d.keyDim * d.valueDim);
    Value s0Factor = initFactor(kb, d, ld);
    // R_0 = S0 (or 0).
    kb.strided(stateSize, [&](Value p) {
      Value i = kb.div(p, dv), j = kb.rem(p, dv);
      Value s = d.init ? loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j})
                       : kb.f32(0.0);
      kb.store(s, d.work, ValueRange{bi, hi, i, j});
    });
    kb.barrier();
    Value numChunks = arith::CeilDivUIOp::create(b, d.seqLen, c).getResult();
    kb.loop(zero, numChunks, kb.idx(1), [&](Value ci) {
      Value c0 = kb.mul(ci, c);
      Value len = kb.min(c, kb.sub(d.seqLen, c0));
      // Decay factors of this chunk.
      kb.strided(c, [&](Value n) {
        memref::StoreOp::create(b, buildDecayPow(b, ld, kb.add(n, kb.idx(1))),
                                xi, ValueRange{n});
        Value back = arith::SelectOp::create(
            b, kb.cmp(arith::CmpIPredicate::ult, n, len),
            kb.sub(kb.sub(len, kb.idx(1)), n), zero);
        memref::StoreOp::create(b, buildDecayPow(b, ld, back), zeta,
                                ValueRange{n});
      });
      if (tensorCores) {
        tensorCorePhases(kb, d, chunk, threads, bh, bi, hi, ld, c0, len, xi,
                         zeta, scores, sharedScores);
      } else {
        // Phase A: decayed scores (q_n . k_m) gamma^(n-m), m <= n < len.
        kb.strided(kb.idx(chunk * chunk), [&](Value p) {
          Value n = kb.div(p, c), m = kb.rem(p, c);
          Value valid =
              arith::AndIOp::create(b, kb.cmp(arith::CmpIPredicate::ule, m, n),
                                    kb.cmp(arith::CmpIPredicate::ult, n, len));
          Value s = kb.select(
              valid,
              [&]() -> Value {
                Value rn = kb.add(c0, n), rm = kb.add(c0, m);
                Value dot = kb.sum(zero, dk, [&](Value i) {
                  return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                                 kb.load(d.k, ValueRange{bi, hi, rm, i}));
                });
                return kb.fmul(dot, buildDecayPow(b, ld, kb.sub(n, m)));
              },
              [&]() -> Value { return kb.f32(0.0); });
          memref::StoreOp::create(b, s, scores, scoreIdx(p));
        });
        kb.barrier();
        // Phase B: rows of the chunk, inner + gamma^(n+1) q_n R.
        kb.strided(kb.mul(len, dv), [&](Value p) {
          Value n = kb.div(p, dv), j = kb.rem(p, dv);
          Value rn = kb.add(c0, n);
          Value inner = kb.sum(zero, kb.add(n, kb.idx(1)), [&](Value m) {
            Value s = memref::LoadOp::create(b, scores,
                                             scoreIdx(kb.add(kb.mul(n, c), m)));
            return kb.fmul(s,
                           kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
          });
          Value cross = kb.sum(zero, dk, [&](Value i) {
            return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                           kb.load(d.work, ValueRange{bi, hi, i, j}));
          });
          Value xn = memref::LoadOp::create(b, xi, ValueRange{n});
          Value o = kb.fadd(inner, kb.fmul(xn, cross));
          storeRow(kb, d, kb.fmul(o, rowFactor(kb, d, ld, rn)),
                   ValueRange{bi, hi, rn, j});
        });
        kb.barrier();
        // Phase C: R = gamma^len R + sum_m gamma^(len-1-m) k_m^T v_m.
        Value decayAll = buildDecayPow(b, ld, len);
        kb.strided(stateSize, [&](Value p) {
          Value i = kb.div(p, dv), j = kb.rem(p, dv);
          Value upd = kb.sum(zero, len, [&](Value m) {
            Value rm = kb.add(c0, m);
            Value km = kb.fmul(memref::LoadOp::create(b, zeta, ValueRange{m}),
                               kb.load(d.k, ValueRange{bi, hi, rm, i}));
            return kb.fmul(km, kb.load(d.v, ValueRange{bi, hi, rm, j}));
          });
          Value r = kb.load(d.work, ValueRange{bi, hi, i, j});
          kb.store(kb.fadd(kb.fmul(decayAll, r), upd), d.work,
                   ValueRange{bi, hi, i, j});
        });
        kb.barrier();
      }
    });
    finishState(kb, d, ld, bi, hi, [&](function_ref<void(Value, Value)> f) {
      kb.strided(stateSize, [&](Value p) { f(kb.div(p, dv), kb.rem(p, dv)); });
    });
  });
}

/// The op's config asks for tensor cores (the host builder checked that its
/// shapes allow them), the pass allows them and the block is whole warps.
bool GPUHostBuilder::useTensorCores(const DeviceOperands &d, int64_t,
                                    int64_t threads) const {
  return d.config.tensorCores && options.tensorCores != TensorCores::Off &&
         threads % 32 == 0;
}
