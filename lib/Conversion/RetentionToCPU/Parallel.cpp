//===- Parallel.cpp - the parallel schedule on the CPU
//----------------------===//

#include "CPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// Parallel: for each query tile, visit key tiles up to and including the
/// diagonal; the decay of each score tile comes from log-decay in registers.
struct ParallelLowering : RetentionLoweringBase {
  ParallelLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Parallel, options) {}

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &config) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0), rowsV = tb.index(config.tileRows),
          colsV = tb.index(config.tileCols);
    // The diagonal tiles skip their register tiles above the diagonal.
    TileBuilder::Causal::Kind skip =
        config.skipsCausal(config.parallelDiagonalEdge())
            ? TileBuilder::Causal::Output
            : TileBuilder::Causal::None;
    OpFoldResult dvAttr = b.getIndexAttr(in.valueDim);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    Value init = in.plainInit(tb);
    auto rows = buildFor(
        b, zero, in.seqLen, rowsV, ValueRange{out0},
        [&](Value i0, ValueRange args) -> SmallVector<Value> {
          Value li = tb.minIndex(
              rowsV, arith::SubIOp::create(b, in.seqLen, i0).getResult());
          Value qi = tb.sliceRows(in.q, i0, li);
          Value acc0 = tb.zeros({li, dvAttr});
          Value jEnd = arith::AddIOp::create(b, i0, li);
          auto cols = buildFor(
              b, zero, jEnd, colsV, ValueRange{acc0},
              [&](Value j0, ValueRange acc) -> SmallVector<Value> {
                Value lj = tb.minIndex(
                    colsV, arith::SubIOp::create(b, jEnd, j0).getResult());
                Value kj = tb.sliceRows(in.k, j0, lj);
                Value vj = tb.sliceRows(in.v, j0, lj);
                // Row i0 + r sees key j0 + c for c <= r + (i0 - j0): the
                // diagonal tile skips its upper register tiles.
                TileBuilder::Causal causal;
                causal.offset = arith::SubIOp::create(b, i0, j0);
                causal.kind = skip;
                Value s = tb.contract(qi, kj, tb.zeros({li, lj}), false, true,
                                      causal);
                Value p = tb.maskWithDecay(s, in.logDecay, i0, j0);
                if (skip != TileBuilder::Causal::None)
                  causal.kind = TileBuilder::Causal::Reduction;
                return {tb.contract(p, vj, acc[0], false, false, causal)};
              });
          Value acc = cols.getResult(0);
          // (q * gamma^(n + 1)) S0 for absolute row n = i0 + r.
          if (init)
            acc = tb.addStateContribution(acc, qi, init, in.logDecay, i0);
          if (in.epilogue)
            acc = in.epilogue(acc, i0);
          return {tb.insertRows(acc, args[0], i0)};
        });
    HeadResult res;
    res.out = rows.getResult(0);
    res.epilogueApplied = true;
    // S = gamma^T S0 + sum_m gamma^(T - 1 - m) k_m^T v_m.
    if (in.wantState)
      res.state = tb.advanceState(init, in.k, in.v, in.logDecay, in.seqLen);
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionParallelToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ParallelLowering>(patterns.getContext(), options);
}
