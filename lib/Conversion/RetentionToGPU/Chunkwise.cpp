//===- Chunkwise.cpp - the chunkwise GPU kernel (SIMT) --------------------===//

#include "GPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

#include <optional>

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {

/// The chunkwise phases (schedules::ChunkwisePhases) on one block per
/// (b, h): the state R in the f32 work buffer, the chunk's decay factors
/// xi = gamma^(n+1) and zeta = gamma^(L-1-m) and (when it fits) its C x C
/// score tile in shared memory, a barrier after each phase. The phases run
/// as SIMT code (one thread per score, output or state element) or on
/// tensor cores (TensorCoreChunk).
class ChunkwiseBlock : public schedules::ChunkwisePhases {
public:
  ChunkwiseBlock(const GPUHostBuilder &host, ImplicitLocOpBuilder &b,
                 const DeviceOperands &d, int64_t chunk, LaunchFn launch)
      : host(host), b(b), d(d), chunk(chunk), launch(launch) {}

  void forEachChunk(function_ref<void(const schedules::Rows &)> body) override {
    threads = host.options.blockSize;
    Type f32 = b.getF32Type();
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    // Scores of big chunks live in global memory, one tile per block.
    sharedScores = !d.scores;
    tensorCores = host.useTensorCores(d, chunk, threads);
    Value grid = d.batchHeads;
    SmallVector<Type> smem = {MemRefType::get({chunk}, f32, nullptr, wg),
                              MemRefType::get({chunk}, f32, nullptr, wg)};
    if (sharedScores)
      smem.push_back(MemRefType::get({chunk * chunk}, f32, nullptr, wg));
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(
        grid, one, threads, smem, [&](KernelBuilder &kbRef, gpu::LaunchOp l) {
          kb = &kbRef;
          bh = l.getBlockIds().x;
          std::tie(bi, hi) = GPUHostBuilder::batchHead(kbRef, bh, d.heads);
          xi = l.getWorkgroupAttributions()[0];   // gamma^(n+1)
          zeta = l.getWorkgroupAttributions()[1]; // gamma^(L-1-m)
          scoreBuf =
              sharedScores ? Value(l.getWorkgroupAttributions()[2]) : d.scores;
          ld = kbRef.load(d.logDecay, ValueRange{hi});
          zero = kbRef.idx(0);
          cIdx = kbRef.idx(chunk);
          Value c = cIdx;
          dk = kbRef.idx(d.keyDim);
          dv = kbRef.idx(d.valueDim);
          stateSize = kbRef.idx(d.keyDim * d.valueDim);
          Value s0Factor = GPUHostBuilder::initFactor(kbRef, d, ld);
          // R_0 = S0 (or 0).
          kbRef.strided(stateSize, [&](Value p) {
            Value i = kbRef.div(p, dv), j = kbRef.rem(p, dv);
            Value s = d.init ? GPUHostBuilder::loadInit(
                                   kbRef, d, s0Factor, ValueRange{bi, hi, i, j})
                             : kbRef.f32(0.0);
            kbRef.store(s, d.work, ValueRange{bi, hi, i, j});
          });
          kbRef.barrier();
          Value numChunks =
              arith::CeilDivUIOp::create(b, d.seqLen, c).getResult();
          kbRef.loop(zero, numChunks, kbRef.idx(1), [&](Value ci) {
            Value c0 = kbRef.mul(ci, c);
            Value len = kbRef.min(c, kbRef.sub(d.seqLen, c0));
            // Decay factors of this chunk.
            kbRef.strided(c, [&](Value n) {
              memref::StoreOp::create(
                  b, buildDecayPow(b, ld, kbRef.add(n, kbRef.idx(1))), xi,
                  ValueRange{n});
              Value back = arith::SelectOp::create(
                  b, kbRef.cmp(arith::CmpIPredicate::ult, n, len),
                  kbRef.sub(kbRef.sub(len, kbRef.idx(1)), n), zero);
              memref::StoreOp::create(b, buildDecayPow(b, ld, back), zeta,
                                      ValueRange{n});
            });
            body(schedules::Rows{c0, len});
            tc.reset();
          });
          GPUHostBuilder::finishState(kbRef, d, ld, bi, hi,
                                      [&](function_ref<void(Value, Value)> f) {
                                        kbRef.strided(stateSize, [&](Value p) {
                                          f(kbRef.div(p, dv), kbRef.rem(p, dv));
                                        });
                                      });
        });
  }

  Value scores(const schedules::Rows &step) override {
    Value c0 = step.first, len = cast<Value>(step.count);
    if (tensorCores) {
      tc.emplace(*kb, d, chunk, threads,
                 host.options.tensorCores == TensorCores::Emulate, bh, bi, hi,
                 ld, c0, len, xi, zeta, scoreBuf, sharedScores);
      tc->scores();
      return scoreBuf;
    }
    KernelBuilder &kb = *this->kb;
    Value c = cIdx;
    // Decayed scores (q_n . k_m) gamma^(n-m), m <= n < len.
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
      memref::StoreOp::create(b, s, scoreBuf, scoreIdx(p));
    });
    kb.barrier();
    return scoreBuf;
  }

  void rows(const schedules::Rows &step, Value scores) override {
    if (tc)
      return tc->rows();
    KernelBuilder &kb = *this->kb;
    Value c0 = step.first, len = cast<Value>(step.count);
    Value c = cIdx;
    // The chunk's rows, inner + gamma^(n+1) q_n R.
    kb.strided(kb.mul(len, dv), [&](Value p) {
      Value n = kb.div(p, dv), j = kb.rem(p, dv);
      Value rn = kb.add(c0, n);
      Value inner = kb.sum(zero, kb.add(n, kb.idx(1)), [&](Value m) {
        Value s = memref::LoadOp::create(b, scores,
                                         scoreIdx(kb.add(kb.mul(n, c), m)));
        return kb.fmul(s, kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
      });
      Value cross = kb.sum(zero, dk, [&](Value i) {
        return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                       kb.load(d.work, ValueRange{bi, hi, i, j}));
      });
      Value xn = memref::LoadOp::create(b, xi, ValueRange{n});
      Value o = kb.fadd(inner, kb.fmul(xn, cross));
      GPUHostBuilder::storeRow(
          kb, d, kb.fmul(o, GPUHostBuilder::rowFactor(kb, d, ld, rn)),
          ValueRange{bi, hi, rn, j});
    });
    kb.barrier();
  }

  void advanceState(const schedules::Rows &step) override {
    if (tc)
      return tc->advanceState();
    KernelBuilder &kb = *this->kb;
    Value c0 = step.first, len = cast<Value>(step.count);
    // R = gamma^len R + sum_m gamma^(len-1-m) k_m^T v_m.
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

private:
  SmallVector<Value> scoreIdx(Value p) const {
    if (sharedScores)
      return {p};
    return {bh, p};
  }

  const GPUHostBuilder &host;
  ImplicitLocOpBuilder &b;
  const DeviceOperands &d;
  int64_t chunk;
  LaunchFn launch;
  int64_t threads = 0;
  bool sharedScores = false, tensorCores = false;
  // The kernel being built.
  KernelBuilder *kb = nullptr;
  Value bh, bi, hi, xi, zeta, scoreBuf, ld, zero, cIdx, dk, dv, stateSize;
  std::optional<TensorCoreChunk> tc;
};

} // namespace

/// Chunkwise: one block per (b, h), chunks in sequence.
void GPUHostBuilder::buildChunkwise(ImplicitLocOpBuilder &b,
                                    const DeviceOperands &d, int64_t chunk,
                                    LaunchFn launch) const {
  ChunkwiseBlock block(*this, b, d, chunk, launch);
  schedules::buildChunkwise(block);
}

/// The op's config asks for tensor cores (the host builder checked that its
/// shapes allow them), the pass allows them and the block is whole warps.
bool GPUHostBuilder::useTensorCores(const DeviceOperands &d, int64_t,
                                    int64_t threads) const {
  return d.config.tensorCores && options.tensorCores != TensorCores::Off &&
         threads % 32 == 0;
}
