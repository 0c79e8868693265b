//===- Chunkwise.cpp - the chunkwise schedule on the CPU
//--------------------===//

#include "CPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// Chunkwise: sequential over chunks of C rows, carrying the Dk x Dv state;
/// inside a chunk the parallel form. The last chunk may be shorter than C.
struct ChunkwiseLowering : RetentionLoweringBase {
  ChunkwiseLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Chunkwise, options) {}

  /// One chunk of `len` rows at row c0: returns (next state, out with the
  /// chunk's rows written).
  std::pair<Value, Value> step(TileBuilder &tb, const HeadInputs &in,
                               const retnet::LoweringConfig &config, Value c0,
                               OpFoldResult len, Value state, Value out,
                               Value table, Value shift) const {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0);
    OpFoldResult dvAttr = b.getIndexAttr(in.valueDim);
    Value lenV = getValueOrCreateConstantIndexOp(b, b.getLoc(), len);
    Value qi = tb.sliceRows(in.q, c0, len);
    Value ki = tb.sliceRows(in.k, c0, len);
    Value vi = tb.sliceRows(in.v, c0, len);
    // inner = ((Q K^T) * D_C) V
    // Causal inside the chunk: skip the register tiles above the diagonal
    // of Q K^T and stop each row tile's P V reduction at the diagonal. Small
    // chunks keep static loop bounds instead: what the skipping saves there
    // is less than what the dynamic bounds cost.
    std::optional<int64_t> staticLen = getConstantIntValue(len);
    bool causalSkip = config.skipsCausal(staticLen);
    TileBuilder::Causal causal{causalSkip ? TileBuilder::Causal::Output
                                          : TileBuilder::Causal::None,
                               zero};
    Value s = tb.contract(qi, ki, tb.zeros({len, len}), false, true, causal);
    Value p = tb.maskWithDecay(s, in.logDecay, zero, zero, table, shift);
    if (causalSkip)
      causal.kind = TileBuilder::Causal::Reduction;
    Value inner =
        tb.contract(p, vi, tb.zeros({len, dvAttr}), false, false, causal);
    // cross = (Q * xi) R, xi[r] = gamma^(r + 1); fused with + inner.
    Value o = tb.addStateContribution(inner, qi, state, in.logDecay, zero);
    if (in.epilogue)
      o = in.epilogue(o, c0);
    // R' = gamma^len R + (K * zeta)^T V, zeta[r] = gamma^(len - 1 - r).
    Value next = tb.advanceState(state, ki, vi, in.logDecay, lenV);
    return {next, tb.insertRows(o, out, c0)};
  }

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in,
                       ScheduleAttr schedule,
                       const retnet::LoweringConfig &config) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    // A chunk longer than a static T is one chunk of T rows: no C x C tile
    // beyond the sequence (chunk_size may be up to kMaxChunkSize).
    std::optional<int64_t> staticT = getConstantIntValue(in.seqLen);
    int64_t c = schedule.getChunkSize();
    if (staticT)
      c = std::min(c, *staticT);
    Value zero = tb.index(0), chunk = tb.index(c);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    // The chunk's decays, once per head: every chunk (and the shorter last
    // one) reads them at r - c + C - 1.
    Value shift = tb.index(c - 1);
    Value table = tb.decayTable(in.logDecay, chunk, chunk, zero);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    // Full chunks of C rows in the loop; the last, partial chunk is peeled
    // off (inline for a static T, under an scf.if for a dynamic one).
    Value fullEnd =
        staticT ? tb.index(*staticT / c * c)
                : arith::MulIOp::create(
                      b, arith::DivUIOp::create(b, in.seqLen, chunk), chunk)
                      .getResult();
    auto loop = buildFor(b, zero, fullEnd, chunk, ValueRange{state0, out0},
                         [&](Value c0, ValueRange args) -> SmallVector<Value> {
                           auto [next, out] =
                               step(tb, in, config, c0, chunk, args[0], args[1],
                                    table, shift);
                           return {next, out};
                         });
    Value state = loop.getResult(0), out = loop.getResult(1);
    if (staticT) {
      if (int64_t rem = *staticT % c)
        std::tie(state, out) =
            step(tb, in, config, fullEnd, b.getIndexAttr(rem), state, out,
                 table, shift);
    } else {
      Value rem = arith::SubIOp::create(b, in.seqLen, fullEnd);
      Value hasRem =
          arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, rem, zero);
      auto ifOp = scf::IfOp::create(
          b, TypeRange{state.getType(), out.getType()}, hasRem,
          /*withElseRegion=*/true);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        auto [s2, o2] =
            step(tb, in, config, fullEnd, rem, state, out, table, shift);
        scf::YieldOp::create(b, ValueRange{s2, o2});
        b.setInsertionPointToStart(&ifOp.getElseRegion().front());
        scf::YieldOp::create(b, ValueRange{state, out});
      }
      state = ifOp.getResult(0);
      out = ifOp.getResult(1);
    }
    HeadResult res;
    res.out = out;
    res.epilogueApplied = true;
    if (in.wantState)
      res.state = state;
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionChunkwiseToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ChunkwiseLowering>(patterns.getContext(), options);
}
