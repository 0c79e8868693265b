//===- Recurrent.cpp - the recurrent GPU kernel ---------------------------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

/// Recurrent: one block per (b, h), thread j owns state column j.
void GPUHostBuilder::buildRecurrent(ImplicitLocOpBuilder &b,
                                    const DeviceOperands &d,
                                    LaunchFn launch) const {
  int64_t threads = std::min<int64_t>(1024, (d.valueDim + 31) / 32 * 32);
  Value grid = d.batchHeads;
  Value one = arith::ConstantIndexOp::create(b, 1);
  launch(grid, one, threads, {}, [&](KernelBuilder &kb, gpu::LaunchOp l) {
    Value bi, hi;
    std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
    Value ld = kb.load(d.logDecay, ValueRange{hi});
    Value gamma = math::ExpOp::create(b, ld);
    Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
    Value zero = kb.idx(0);
    Value s0Factor = initFactor(kb, d, ld);
    // S_{t-1}[i, j]: the initial state (or 0) at t = 0, else the work
    // state.
    auto previous = [&](Value t, Value i, Value j) {
      Value first = kb.cmp(arith::CmpIPredicate::eq, t, zero);
      return kb.select(
          first,
          [&]() -> Value {
            return d.init ? loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j})
                          : kb.f32(0.0);
          },
          [&]() -> Value { return kb.load(d.work, ValueRange{bi, hi, i, j}); });
    };
    kb.loop(zero, d.seqLen, kb.idx(1), [&](Value t) {
      kb.strided(dv, [&](Value j) {
        Value vj = kb.load(d.v, ValueRange{bi, hi, t, j});
        Value acc = kb.sum(zero, dk, [&](Value i) {
          Value s =
              kb.fadd(kb.fmul(gamma, previous(t, i, j)),
                      kb.fmul(kb.load(d.k, ValueRange{bi, hi, t, i}), vj));
          kb.store(s, d.work, ValueRange{bi, hi, i, j});
          return kb.fmul(kb.load(d.q, ValueRange{bi, hi, t, i}), s);
        });
        storeRow(kb, d, kb.fmul(acc, rowFactor(kb, d, ld, t)),
                 ValueRange{bi, hi, t, j});
      });
    });
    // T = 0: the final state is the initial state.
    kb.when(kb.cmp(arith::CmpIPredicate::eq, d.seqLen, zero), [&] {
      kb.strided(dv, [&](Value j) {
        kb.loop(zero, dk, kb.idx(1), [&](Value i) {
          kb.store(previous(zero, i, j), d.work, ValueRange{bi, hi, i, j});
        });
      });
    });
    finishState(kb, d, ld, bi, hi, [&](function_ref<void(Value, Value)> f) {
      kb.strided(dv, [&](Value j) {
        kb.loop(zero, dk, kb.idx(1), [&](Value i) { f(i, j); });
      });
    });
  });
}
