//===- Chunkwise.cpp - the chunkwise schedule on the CPU
//--------------------===//

#include "CPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// The chunkwise phases (schedules::ChunkwisePhases) on tensor tiles: the
/// state R and the output rows are carried by an scf.for over the full
/// chunks; the last, partial chunk is peeled off (inline for a static T,
/// under an scf.if for a dynamic one).
class ChunkwiseTiles : public schedules::ChunkwisePhases {
public:
  ChunkwiseTiles(TileBuilder &tb, const HeadInputs &in,
                 const retnet::LoweringConfig &config, int64_t chunkSize)
      : tb(tb), b(tb.builder()), in(in), config(config), c(chunkSize) {}

  void forEachChunk(function_ref<void(const schedules::Rows &)> body) override {
    std::optional<int64_t> staticT = getConstantIntValue(in.seqLen);
    Value zero = tb.index(0), chunk = tb.index(c);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    // The chunk's decays, once per head: every chunk (and the shorter last
    // one) reads them at r - c + C - 1.
    shift = tb.index(c - 1);
    table = tb.decayTable(in.logDecay, chunk, chunk, zero);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    // One chunk of `len` rows at row c0 from (state, out): the phases, then
    // the chunk's rows written into out.
    auto step = [&](Value c0, OpFoldResult len, Value st, Value o) {
      state = st;
      body(schedules::Rows{c0, len});
      return std::make_pair(next, tb.insertRows(rowsOut, o, c0));
    };
    Value fullEnd =
        staticT ? tb.index(*staticT / c * c)
                : arith::MulIOp::create(
                      b, arith::DivUIOp::create(b, in.seqLen, chunk), chunk)
                      .getResult();
    auto loop = buildFor(b, zero, fullEnd, chunk, ValueRange{state0, out0},
                         [&](Value c0, ValueRange args) -> SmallVector<Value> {
                           auto [st, o] = step(c0, chunk, args[0], args[1]);
                           return {st, o};
                         });
    Value st = loop.getResult(0), out = loop.getResult(1);
    if (staticT) {
      if (int64_t rem = *staticT % c)
        std::tie(st, out) = step(fullEnd, b.getIndexAttr(rem), st, out);
    } else {
      Value rem = arith::SubIOp::create(b, in.seqLen, fullEnd);
      Value hasRem =
          arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, rem, zero);
      auto ifOp = scf::IfOp::create(b, TypeRange{st.getType(), out.getType()},
                                    hasRem, /*withElseRegion=*/true);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        auto [s2, o2] = step(fullEnd, rem, st, out);
        scf::YieldOp::create(b, ValueRange{s2, o2});
        b.setInsertionPointToStart(&ifOp.getElseRegion().front());
        scf::YieldOp::create(b, ValueRange{st, out});
      }
      st = ifOp.getResult(0);
      out = ifOp.getResult(1);
    }
    finalState = st;
    output = out;
  }

  Value scores(const schedules::Rows &chunk) override {
    zero = tb.index(0);
    lenV = getValueOrCreateConstantIndexOp(b, b.getLoc(), chunk.count);
    qi = tb.sliceRows(in.q, chunk.first, chunk.count);
    ki = tb.sliceRows(in.k, chunk.first, chunk.count);
    vi = tb.sliceRows(in.v, chunk.first, chunk.count);
    // Causal inside the chunk: skip the register tiles above the diagonal
    // of Q K^T and stop each row tile's P V reduction at the diagonal. Small
    // chunks keep static loop bounds instead: what the skipping saves there
    // is less than what the dynamic bounds cost.
    std::optional<int64_t> staticLen = getConstantIntValue(chunk.count);
    causalSkip = config.skipsCausal(staticLen);
    causal = TileBuilder::Causal{causalSkip ? TileBuilder::Causal::Output
                                            : TileBuilder::Causal::None,
                                 zero};
    Value s = tb.contract(qi, ki, tb.zeros({chunk.count, chunk.count}), false,
                          true, causal);
    return tb.maskWithDecay(s, in.logDecay, zero, zero, table, shift);
  }

  void rows(const schedules::Rows &chunk, Value p) override {
    // inner = ((Q K^T) * D_C) V
    if (causalSkip)
      causal.kind = TileBuilder::Causal::Reduction;
    Value inner =
        tb.contract(p, vi, tb.zeros({chunk.count, b.getIndexAttr(in.valueDim)}),
                    false, false, causal);
    // cross = (Q * xi) R, xi[r] = gamma^(r + 1); fused with + inner.
    Value o = tb.addStateContribution(inner, qi, state, in.logDecay, zero);
    if (in.epilogue)
      o = in.epilogue(o, chunk.first);
    rowsOut = o;
  }

  void advanceState(const schedules::Rows &) override {
    // R' = gamma^len R + (K * zeta)^T V, zeta[r] = gamma^(len - 1 - r).
    next = tb.advanceState(state, ki, vi, in.logDecay, lenV);
  }

  Value output, finalState;

private:
  TileBuilder &tb;
  ImplicitLocOpBuilder &b;
  const HeadInputs &in;
  const retnet::LoweringConfig &config;
  int64_t c;
  Value table, shift;
  // The chunk being built.
  Value zero, state, next, rowsOut, lenV, qi, ki, vi;
  bool causalSkip = false;
  TileBuilder::Causal causal;
};

/// Chunkwise: sequential over chunks of C rows, carrying the Dk x Dv state;
/// inside a chunk the parallel form. The last chunk may be shorter than C.
struct ChunkwiseLowering : RetentionLoweringBase {
  ChunkwiseLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Chunkwise, options) {}

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in,
                       ScheduleAttr schedule,
                       const retnet::LoweringConfig &config) const override {
    // A chunk longer than a static T is one chunk of T rows: no C x C tile
    // beyond the sequence (chunk_size may be up to kMaxChunkSize).
    std::optional<int64_t> staticT = getConstantIntValue(in.seqLen);
    int64_t c = schedule.getChunkSize();
    if (staticT)
      c = std::min(c, *staticT);
    ChunkwiseTiles tiles(tb, in, config, c);
    schedules::buildChunkwise(tiles);
    HeadResult res;
    res.out = tiles.output;
    res.epilogueApplied = true;
    if (in.wantState)
      res.state = tiles.finalState;
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionChunkwiseToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ChunkwiseLowering>(patterns.getContext(), options);
}
