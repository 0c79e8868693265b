//===- Parallel.cpp - the parallel and state GPU kernels ------------------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

/// Parallel: blocks over (b * h, query row tiles), key tiles up to the
/// diagonal only.
void GPUHostBuilder::buildParallel(ImplicitLocOpBuilder &b,
                                   const DeviceOperands &d,
                                   LaunchFn launch) const {
  int64_t rowsPerTile = d.config.tileRows, cols = d.config.tileCols;
  int64_t threads = options.blockSize;
  Type f32 = b.getF32Type();
  auto wg =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Value bhCount = d.batchHeads;
  Value rowTiles = arith::CeilDivUIOp::create(
      b, d.seqLen, arith::ConstantIndexOp::create(b, rowsPerTile));
  SmallVector<Type> smem = {
      MemRefType::get({rowsPerTile * cols}, f32, nullptr, wg)};
  launch(
      bhCount, rowTiles, threads, smem,
      [&](KernelBuilder &kb, gpu::LaunchOp l) {
        Value bi, hi;
        std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
        Value scores = l.getWorkgroupAttributions()[0];
        Value ld = kb.load(d.logDecay, ValueRange{hi});
        Value zero = kb.idx(0);
        Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
        Value br = kb.idx(rowsPerTile), bc = kb.idx(cols);
        Value r0 = kb.mul(l.getBlockIds().y, br);
        Value rows = kb.min(br, kb.sub(d.seqLen, r0));
        // Key tiles [c0, c0 + cols) with c0 <= r0 + rows - 1: the
        // tiles above the diagonal are never visited.
        Value keyEnd = kb.add(r0, rows);
        kb.loop(zero, keyEnd, bc, [&](Value c0) {
          Value lenC = kb.min(bc, kb.sub(d.seqLen, c0));
          kb.strided(kb.idx(rowsPerTile * cols), [&](Value p) {
            Value n = kb.div(p, bc), m = kb.rem(p, bc);
            Value rn = kb.add(r0, n), rm = kb.add(c0, m);
            Value valid = arith::AndIOp::create(
                b,
                arith::AndIOp::create(
                    b, kb.cmp(arith::CmpIPredicate::ult, n, rows),
                    kb.cmp(arith::CmpIPredicate::ult, m, lenC)),
                kb.cmp(arith::CmpIPredicate::ule, rm, rn));
            Value s = kb.select(
                valid,
                [&]() -> Value {
                  Value dot = kb.sum(zero, dk, [&](Value i) {
                    return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                                   kb.load(d.k, ValueRange{bi, hi, rm, i}));
                  });
                  return kb.fmul(dot, buildDecayPow(b, ld, kb.sub(rn, rm)));
                },
                [&]() -> Value { return kb.f32(0.0); });
            memref::StoreOp::create(b, s, scores, ValueRange{p});
          });
          kb.barrier();
          // Each thread owns the same (n, j) in every key tile.
          kb.strided(kb.mul(rows, dv), [&](Value p) {
            Value n = kb.div(p, dv), j = kb.rem(p, dv);
            Value rn = kb.add(r0, n);
            Value part = kb.sum(zero, lenC, [&](Value m) {
              Value s = memref::LoadOp::create(
                  b, scores, ValueRange{kb.add(kb.mul(n, bc), m)});
              return kb.fmul(
                  s, kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
            });
            Value first = kb.cmp(arith::CmpIPredicate::eq, c0, zero);
            Value prev = kb.select(
                first, [&]() -> Value { return kb.f32(0.0); },
                [&]() -> Value {
                  return kb.load(d.rawOut, ValueRange{bi, hi, rn, j});
                });
            kb.store(kb.fadd(prev, part), d.rawOut, ValueRange{bi, hi, rn, j});
          });
          kb.barrier();
        });
        // Epilogue: + gamma^(n+1) q_n S0, then scale / normalize.
        kb.strided(kb.mul(rows, dv), [&](Value p) {
          Value n = kb.div(p, dv), j = kb.rem(p, dv);
          Value rn = kb.add(r0, n);
          Value o = kb.load(d.rawOut, ValueRange{bi, hi, rn, j});
          if (d.init) {
            Value s0Factor = initFactor(kb, d, ld);
            Value cross = kb.sum(zero, dk, [&](Value i) {
              return kb.fmul(
                  kb.load(d.q, ValueRange{bi, hi, rn, i}),
                  loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j}));
            });
            o = kb.fadd(
                o, kb.fmul(buildDecayPow(b, ld, kb.add(rn, kb.idx(1))), cross));
          }
          storeRow(kb, d, kb.fmul(o, rowFactor(kb, d, ld, rn)),
                   ValueRange{bi, hi, rn, j});
        });
      });
  if (d.state)
    buildStateKernel(b, d, bhCount, launch);
}

/// S = gamma^T S0 + sum_m gamma^(T-1-m) k_m^T v_m (normalized by the last
/// row's factor), threads over (i, j).
void GPUHostBuilder::buildStateKernel(ImplicitLocOpBuilder &b,
                                      const DeviceOperands &d, Value grid,
                                      LaunchFn launch) const {
  Value one = arith::ConstantIndexOp::create(b, 1);
  launch(grid, one, options.blockSize, {},
         [&](KernelBuilder &kb, gpu::LaunchOp l) {
           Value bi, hi;
           std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
           Value ld = kb.load(d.logDecay, ValueRange{hi});
           Value zero = kb.idx(0), dv = kb.idx(d.valueDim);
           Value factor = stateFactor(kb, d, ld);
           Value s0Factor = initFactor(kb, d, ld);
           Value last = kb.sub(d.seqLen, one);
           kb.strided(kb.idx(d.keyDim * d.valueDim), [&](Value p) {
             Value i = kb.div(p, dv), j = kb.rem(p, dv);
             Value s = kb.sum(zero, d.seqLen, [&](Value m) {
               Value km = kb.fmul(buildDecayPow(b, ld, kb.sub(last, m)),
                                  kb.load(d.k, ValueRange{bi, hi, m, i}));
               return kb.fmul(km, kb.load(d.v, ValueRange{bi, hi, m, j}));
             });
             if (d.init)
               s = kb.fadd(s, kb.fmul(buildDecayPow(b, ld, d.seqLen),
                                      loadInit(kb, d, s0Factor,
                                               ValueRange{bi, hi, i, j})));
             kb.store(kb.fmul(s, factor), d.state, ValueRange{bi, hi, i, j});
           });
         });
}
