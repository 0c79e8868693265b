//===- Recurrent.cpp - the recurrent GPU kernel ---------------------------===//

#include "GPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {

/// The recurrent phases (schedules::RecurrentPhases) on one block per
/// (b, h), thread j owning state column j: the column goes through the f32
/// work buffer once per token.
class RecurrentBlock : public schedules::RecurrentPhases {
public:
  RecurrentBlock(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                 LaunchFn launch)
      : b(b), d(d), launch(launch) {}

  void forEachToken(function_ref<void(Value)> body) override {
    int64_t threads = std::min<int64_t>(1024, (d.valueDim + 31) / 32 * 32);
    Value grid = d.batchHeads;
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(grid, one, threads, {}, [&](KernelBuilder &kbRef, gpu::LaunchOp l) {
      kb = &kbRef;
      std::tie(bi, hi) =
          GPUHostBuilder::batchHead(kbRef, l.getBlockIds().x, d.heads);
      ld = kbRef.load(d.logDecay, ValueRange{hi});
      gamma = math::ExpOp::create(b, ld);
      dk = kbRef.idx(d.keyDim);
      dv = kbRef.idx(d.valueDim);
      zero = kbRef.idx(0);
      s0Factor = GPUHostBuilder::initFactor(kbRef, d, ld);
      kbRef.loop(zero, d.seqLen, kbRef.idx(1), body);
      // T = 0: the final state is the initial state.
      kbRef.when(kbRef.cmp(arith::CmpIPredicate::eq, d.seqLen, zero), [&] {
        kbRef.strided(dv, [&](Value j) {
          kbRef.loop(zero, dk, kbRef.idx(1), [&](Value i) {
            kbRef.store(previous(zero, i, j), d.work, ValueRange{bi, hi, i, j});
          });
        });
      });
      GPUHostBuilder::finishState(
          kbRef, d, ld, bi, hi, [&](function_ref<void(Value, Value)> f) {
            kbRef.strided(dv, [&](Value j) {
              kbRef.loop(zero, dk, kbRef.idx(1), [&](Value i) { f(i, j); });
            });
          });
    });
  }

  void step(Value t) override {
    KernelBuilder &kb = *this->kb;
    kb.strided(dv, [&](Value j) {
      Value vj = kb.load(d.v, ValueRange{bi, hi, t, j});
      Value acc = kb.sum(zero, dk, [&](Value i) {
        Value s = kb.fadd(kb.fmul(gamma, previous(t, i, j)),
                          kb.fmul(kb.load(d.k, ValueRange{bi, hi, t, i}), vj));
        kb.store(s, d.work, ValueRange{bi, hi, i, j});
        return kb.fmul(kb.load(d.q, ValueRange{bi, hi, t, i}), s);
      });
      GPUHostBuilder::storeRow(
          kb, d, kb.fmul(acc, GPUHostBuilder::rowFactor(kb, d, ld, t)),
          ValueRange{bi, hi, t, j});
    });
  }

private:
  /// S_{t-1}[i, j]: the initial state (or 0) at t = 0, else the work state.
  Value previous(Value t, Value i, Value j) {
    KernelBuilder &kb = *this->kb;
    Value first = kb.cmp(arith::CmpIPredicate::eq, t, zero);
    return kb.select(
        first,
        [&]() -> Value {
          return d.init ? GPUHostBuilder::loadInit(kb, d, s0Factor,
                                                   ValueRange{bi, hi, i, j})
                        : kb.f32(0.0);
        },
        [&]() -> Value { return kb.load(d.work, ValueRange{bi, hi, i, j}); });
  }

  ImplicitLocOpBuilder &b;
  const DeviceOperands &d;
  LaunchFn launch;
  // The kernel being built.
  KernelBuilder *kb = nullptr;
  Value bi, hi, ld, gamma, dk, dv, zero, s0Factor;
};

} // namespace

/// Recurrent: one block per (b, h), thread j owns state column j.
void GPUHostBuilder::buildRecurrent(ImplicitLocOpBuilder &b,
                                    const DeviceOperands &d,
                                    LaunchFn launch) const {
  RecurrentBlock block(b, d, launch);
  schedules::buildRecurrent(block);
}
