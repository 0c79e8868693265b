//===- Recurrent.cpp - the recurrent schedule on the CPU
//--------------------===//

#include "CPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// One token: the fused vector step when register tiling is on (one pass
/// over the state, the output row written into `outRows` at `row`), else
/// the linalg update and vector-matrix product. `kScale` (or null)
/// multiplies k. Returns {next, outRows}.
static std::pair<Value, Value> tokenStep(TileBuilder &tb, Value s, Value gamma,
                                         Value k, Value v, Value q,
                                         bool inPlace, Value outRows, Value row,
                                         Value kScale) {
  if (tb.registerTileRows() > 0)
    return tb.recurrentStep(s, gamma, k, v, q, inPlace, outRows, row, kScale);
  if (kScale)
    k = tb.scaleAll(k, kScale);
  Value next = tb.decayedOuterUpdate(s, gamma, k, v, inPlace);
  return {next, tb.insertRows(tb.vecMat(q, next), outRows, row)};
}

/// The recurrent phases (schedules::RecurrentPhases) on tensors: a sequence
/// in an scf.for carrying the state and the output rows; a decode step
/// (static T = 1) without a loop, its state update out of place so the
/// (read-only) initial state is read once and the new state is written
/// straight into the result.
class RecurrentTiles : public schedules::RecurrentPhases {
public:
  RecurrentTiles(TileBuilder &tb, const HeadInputs &in)
      : tb(tb), b(tb.builder()), in(in) {}

  void forEachToken(function_ref<void(Value)> body) override {
    Value zero = tb.index(0), one = tb.index(1);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    gamma = buildDecayPow(b, in.logDecay, one);
    if (std::optional<int64_t> t = getConstantIntValue(in.seqLen);
        t && *t == 1) {
      decode = true;
      state = in.init ? in.init : tb.zeros({dkAttr, dvAttr});
      std::tie(decay, kScale) = decodeFactors();
      body(zero);
      return;
    }
    // A sequence: the plain recurrence on the plain decayed sum (the fused
    // step at full speed), normalized afterwards by the shared epilogue
    // (per-token normalization factors in the loop measured 1.5x slower at
    // D = 64).
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    decay = gamma;
    auto loop = buildFor(b, zero, in.seqLen, one, ValueRange{state0, out0},
                         [&](Value t, ValueRange args) -> SmallVector<Value> {
                           state = args[0];
                           out = args[1];
                           body(t);
                           return {state, out};
                         });
    out = loop.getResult(1);
    state = loop.getResult(0);
  }

  void step(Value t) override {
    // Built in sequence: argument evaluation order is unspecified in C++,
    // and the IR must not depend on the host compiler.
    Value vRow = tb.row(in.v, t);
    Value kRow = tb.row(in.k, t);
    Value qRow = tb.row(in.q, t);
    if (decode)
      out = tb.empty({b.getIndexAttr(1), b.getIndexAttr(in.valueDim)},
                     b.getF32Type());
    std::tie(state, out) = tokenStep(tb, state, decay, kRow, vRow, qRow,
                                     /*inPlace=*/!decode, out, t, kScale);
  }

  /// Whether a decode step ran torchscale's normalized recurrence.
  bool normalized() const { return decode && in.normalize; }

  Value out, state;

private:
  /// The decay and k factor of a decode step: gamma and none, or with
  /// decay_normalization those of torchscale's normalized recurrence at
  /// absolute position `offset` (so the state, the output row and the final
  /// state are normalized as they are computed, in one pass over the state).
  std::pair<Value, Value> decodeFactors() const {
    if (!in.normalize)
      return {gamma, Value()};
    return buildNormalizedStepFactors(b, in.logDecay, in.offset);
  }

  TileBuilder &tb;
  ImplicitLocOpBuilder &b;
  const HeadInputs &in;
  Value gamma;
  bool decode = false;
  Value decay, kScale;
};

/// Recurrent: one token at a time, S = gamma S + k^T v, o = q S.
struct RecurrentLowering : RetentionLoweringBase {
  RecurrentLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Recurrent, options) {}

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &) const override {
    RecurrentTiles tiles(tb, in);
    schedules::buildRecurrent(tiles);
    HeadResult res;
    res.normalized = tiles.normalized();
    res.out = tiles.out;
    if (in.wantState)
      res.state = tiles.state;
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionRecurrentToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<RecurrentLowering>(patterns.getContext(), options);
}
