//===- Recurrent.cpp - the recurrent schedule on the CPU
//--------------------===//

#include "CPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// Recurrent: one token at a time, S = gamma S + k^T v, o = q S.
struct RecurrentLowering : RetentionLoweringBase {
  RecurrentLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Recurrent, options) {}

  /// One token: the fused vector step when register tiling is on (one pass
  /// over the state, the output row written into `outRows` at `row`), else
  /// the linalg update and vector-matrix product. `kScale` (or null)
  /// multiplies k. Returns {next, outRows}.
  std::pair<Value, Value> step(TileBuilder &tb, Value s, Value gamma, Value k,
                               Value v, Value q, bool inPlace, Value outRows,
                               Value row, Value kScale) const {
    if (tb.registerTileRows() > 0)
      return tb.recurrentStep(s, gamma, k, v, q, inPlace, outRows, row, kScale);
    if (kScale)
      k = tb.scaleAll(k, kScale);
    Value next = tb.decayedOuterUpdate(s, gamma, k, v, inPlace);
    return {next, tb.insertRows(tb.vecMat(q, next), outRows, row)};
  }

  /// The decay and k factor of a decode step: gamma and none, or with
  /// decay_normalization those of torchscale's normalized recurrence at
  /// absolute position `offset` (so the state, the output row and the final
  /// state are normalized as they are computed, in one pass over the state).
  std::pair<Value, Value> decodeFactors(ImplicitLocOpBuilder &b,
                                        const HeadInputs &in,
                                        Value gamma) const {
    if (!in.normalize)
      return {gamma, Value()};
    return buildNormalizedStepFactors(b, in.logDecay, in.offset);
  }

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0), one = tb.index(1);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    Value gamma = buildDecayPow(b, in.logDecay, one);
    HeadResult res;
    if (std::optional<int64_t> t = getConstantIntValue(in.seqLen);
        t && *t == 1) {
      // A decode step: no loop, and the state update goes out of place so
      // the (read-only) initial state is read once and the new state is
      // written straight into the result.
      Value s0 = in.init ? in.init : tb.zeros({dkAttr, dvAttr});
      auto [decay, kScale] = decodeFactors(b, in, gamma);
      res.normalized = in.normalize;
      // Built in sequence: argument evaluation order is unspecified in C++,
      // and the IR must not depend on the host compiler.
      Value vRow = tb.row(in.v, zero);
      Value kRow = tb.row(in.k, zero);
      Value qRow = tb.row(in.q, zero);
      auto [next, o] = step(
          tb, s0, decay, kRow, vRow, qRow, /*inPlace=*/false,
          tb.empty({b.getIndexAttr(1), dvAttr}, b.getF32Type()), zero, kScale);
      res.out = o;
      if (in.wantState)
        res.state = next;
      return res;
    }
    // A sequence: the plain recurrence on the plain decayed sum (the fused
    // step at full speed), normalized afterwards by the shared epilogue
    // (per-token normalization factors in the loop measured 1.5x slower at
    // D = 64).
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    auto loop = buildFor(b, zero, in.seqLen, one, ValueRange{state0, out0},
                         [&](Value t, ValueRange args) -> SmallVector<Value> {
                           Value vRow = tb.row(in.v, t);
                           Value kRow = tb.row(in.k, t);
                           Value qRow = tb.row(in.q, t);
                           auto [next, o] =
                               step(tb, args[0], gamma, kRow, vRow, qRow,
                                    /*inPlace=*/true, args[1], t, Value());
                           return {next, o};
                         });
    res.out = loop.getResult(1);
    if (in.wantState)
      res.state = loop.getResult(0);
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionRecurrentToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<RecurrentLowering>(patterns.getContext(), options);
}
