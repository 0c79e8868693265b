//===- Parallel.cpp - the parallel and state GPU kernels ------------------===//

#include "GPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {

/// The parallel phases (schedules::ParallelPhases) on blocks over (b * h,
/// query row tiles): the key tile's scores in shared memory, the query
/// tile's accumulator in the f32 raw output, a barrier after each phase;
/// the final state in a kernel of its own.
class ParallelBlocks : public schedules::ParallelPhases {
public:
  ParallelBlocks(const GPUHostBuilder &host, ImplicitLocOpBuilder &b,
                 const DeviceOperands &d, LaunchFn launch)
      : host(host), b(b), d(d), launch(launch) {}

  void
  forEachQueryTile(function_ref<void(const schedules::Rows &)> body) override {
    rowsPerTile = d.config.tileRows;
    cols = d.config.tileCols;
    int64_t threads = host.options.blockSize;
    Type f32 = b.getF32Type();
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    bhCount = d.batchHeads;
    Value rowTiles = arith::CeilDivUIOp::create(
        b, d.seqLen, arith::ConstantIndexOp::create(b, rowsPerTile));
    SmallVector<Type> smem = {
        MemRefType::get({rowsPerTile * cols}, f32, nullptr, wg)};
    launch(bhCount, rowTiles, threads, smem,
           [&](KernelBuilder &kbRef, gpu::LaunchOp l) {
             kb = &kbRef;
             std::tie(bi, hi) =
                 GPUHostBuilder::batchHead(kbRef, l.getBlockIds().x, d.heads);
             scoreBuf = l.getWorkgroupAttributions()[0];
             ld = kbRef.load(d.logDecay, ValueRange{hi});
             zero = kbRef.idx(0);
             dk = kbRef.idx(d.keyDim);
             dv = kbRef.idx(d.valueDim);
             Value br = kbRef.idx(rowsPerTile);
             bc = kbRef.idx(cols);
             Value r0 = kbRef.mul(l.getBlockIds().y, br);
             Value rows = kbRef.min(br, kbRef.sub(d.seqLen, r0));
             body(schedules::Rows{r0, rows});
           });
  }

  void
  forEachKeyTile(const schedules::Rows &query,
                 function_ref<void(const schedules::Rows &)> body) override {
    KernelBuilder &kb = *this->kb;
    Value r0 = query.first, rows = cast<Value>(query.count);
    // Key tiles [c0, c0 + cols) with c0 <= r0 + rows - 1: the tiles above
    // the diagonal are never visited.
    Value keyEnd = kb.add(r0, rows);
    kb.loop(zero, keyEnd, bc, [&](Value c0) {
      Value lenC = kb.min(bc, kb.sub(d.seqLen, c0));
      body(schedules::Rows{c0, lenC});
    });
  }

  Value scores(const schedules::Rows &query,
               const schedules::Rows &key) override {
    KernelBuilder &kb = *this->kb;
    Value r0 = query.first, rows = cast<Value>(query.count);
    Value c0 = key.first, lenC = cast<Value>(key.count);
    kb.strided(kb.idx(rowsPerTile * cols), [&](Value p) {
      Value n = kb.div(p, bc), m = kb.rem(p, bc);
      Value rn = kb.add(r0, n), rm = kb.add(c0, m);
      Value valid = arith::AndIOp::create(
          b,
          arith::AndIOp::create(b, kb.cmp(arith::CmpIPredicate::ult, n, rows),
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
      memref::StoreOp::create(b, s, scoreBuf, ValueRange{p});
    });
    kb.barrier();
    return scoreBuf;
  }

  void accumulate(const schedules::Rows &query, const schedules::Rows &key,
                  Value scores) override {
    KernelBuilder &kb = *this->kb;
    Value r0 = query.first, rows = cast<Value>(query.count);
    Value c0 = key.first, lenC = cast<Value>(key.count);
    // Each thread owns the same (n, j) in every key tile.
    kb.strided(kb.mul(rows, dv), [&](Value p) {
      Value n = kb.div(p, dv), j = kb.rem(p, dv);
      Value rn = kb.add(r0, n);
      Value part = kb.sum(zero, lenC, [&](Value m) {
        Value s = memref::LoadOp::create(b, scores,
                                         ValueRange{kb.add(kb.mul(n, bc), m)});
        return kb.fmul(s, kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
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
  }

  void finishRows(const schedules::Rows &query) override {
    KernelBuilder &kb = *this->kb;
    Value r0 = query.first, rows = cast<Value>(query.count);
    // + gamma^(n+1) q_n S0, then scale / normalize.
    kb.strided(kb.mul(rows, dv), [&](Value p) {
      Value n = kb.div(p, dv), j = kb.rem(p, dv);
      Value rn = kb.add(r0, n);
      Value o = kb.load(d.rawOut, ValueRange{bi, hi, rn, j});
      if (d.init) {
        Value s0Factor = GPUHostBuilder::initFactor(kb, d, ld);
        Value cross = kb.sum(zero, dk, [&](Value i) {
          return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                         GPUHostBuilder::loadInit(kb, d, s0Factor,
                                                  ValueRange{bi, hi, i, j}));
        });
        o = kb.fadd(
            o, kb.fmul(buildDecayPow(b, ld, kb.add(rn, kb.idx(1))), cross));
      }
      GPUHostBuilder::storeRow(
          kb, d, kb.fmul(o, GPUHostBuilder::rowFactor(kb, d, ld, rn)),
          ValueRange{bi, hi, rn, j});
    });
  }

  void finalState() override { host.buildStateKernel(b, d, bhCount, launch); }

private:
  const GPUHostBuilder &host;
  ImplicitLocOpBuilder &b;
  const DeviceOperands &d;
  LaunchFn launch;
  int64_t rowsPerTile = 0, cols = 0;
  Value bhCount;
  // The kernel being built.
  KernelBuilder *kb = nullptr;
  Value bi, hi, scoreBuf, ld, zero, dk, dv, bc;
};

} // namespace

/// Parallel: blocks over (b * h, query row tiles), key tiles up to the
/// diagonal only.
void GPUHostBuilder::buildParallel(ImplicitLocOpBuilder &b,
                                   const DeviceOperands &d,
                                   LaunchFn launch) const {
  ParallelBlocks blocks(*this, b, d, launch);
  schedules::buildParallel(blocks, static_cast<bool>(d.state));
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
