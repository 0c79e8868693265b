//===- Parallel.cpp - the parallel schedule on the CPU
//----------------------===//

#include "CPULowering.h"

#include "retnet/Conversion/RetentionCommon/Schedules.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

namespace {

/// The parallel phases (schedules::ParallelPhases) on tensor tiles: query
/// tiles in an scf.for carrying the output, key tiles in an inner one
/// carrying the tile's accumulator; the decay of each score tile comes from
/// log-decay in registers.
class ParallelTiles : public schedules::ParallelPhases {
public:
  ParallelTiles(TileBuilder &tb, const HeadInputs &in,
                const retnet::LoweringConfig &config)
      : tb(tb), b(tb.builder()), in(in), config(config) {}

  void
  forEachQueryTile(function_ref<void(const schedules::Rows &)> body) override {
    zero = tb.index(0);
    Value rowsV = tb.index(config.tileRows);
    colsV = tb.index(config.tileCols);
    // The diagonal tiles skip their register tiles above the diagonal.
    skip = config.skipsCausal(config.parallelDiagonalEdge())
               ? TileBuilder::Causal::Output
               : TileBuilder::Causal::None;
    dvAttr = b.getIndexAttr(in.valueDim);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    init = in.plainInit(tb);
    auto rows = buildFor(
        b, zero, in.seqLen, rowsV, ValueRange{out0},
        [&](Value i0, ValueRange args) -> SmallVector<Value> {
          Value li = tb.minIndex(
              rowsV, arith::SubIOp::create(b, in.seqLen, i0).getResult());
          body(schedules::Rows{i0, li});
          return {tb.insertRows(acc, args[0], i0)};
        });
    output = rows.getResult(0);
  }

  void
  forEachKeyTile(const schedules::Rows &query,
                 function_ref<void(const schedules::Rows &)> body) override {
    qi = tb.sliceRows(in.q, query.first, query.count);
    Value acc0 = tb.zeros({query.count, dvAttr});
    Value li = getValueOrCreateConstantIndexOp(b, b.getLoc(), query.count);
    Value jEnd = arith::AddIOp::create(b, query.first, li);
    auto cols =
        buildFor(b, zero, jEnd, colsV, ValueRange{acc0},
                 [&](Value j0, ValueRange args) -> SmallVector<Value> {
                   Value lj = tb.minIndex(
                       colsV, arith::SubIOp::create(b, jEnd, j0).getResult());
                   acc = args[0];
                   body(schedules::Rows{j0, lj});
                   return {acc};
                 });
    acc = cols.getResult(0);
  }

  Value scores(const schedules::Rows &query,
               const schedules::Rows &key) override {
    kj = tb.sliceRows(in.k, key.first, key.count);
    vj = tb.sliceRows(in.v, key.first, key.count);
    // Row i0 + r sees key j0 + c for c <= r + (i0 - j0): the diagonal tile
    // skips its upper register tiles.
    causal = TileBuilder::Causal();
    causal.offset = arith::SubIOp::create(b, query.first, key.first);
    causal.kind = skip;
    Value s = tb.contract(qi, kj, tb.zeros({query.count, key.count}), false,
                          true, causal);
    return tb.maskWithDecay(s, in.logDecay, query.first, key.first);
  }

  void accumulate(const schedules::Rows &, const schedules::Rows &,
                  Value p) override {
    if (skip != TileBuilder::Causal::None)
      causal.kind = TileBuilder::Causal::Reduction;
    acc = tb.contract(p, vj, acc, false, false, causal);
  }

  void finishRows(const schedules::Rows &query) override {
    // (q * gamma^(n + 1)) S0 for absolute row n = i0 + r.
    if (init)
      acc = tb.addStateContribution(acc, qi, init, in.logDecay, query.first);
    if (in.epilogue)
      acc = in.epilogue(acc, query.first);
  }

  void finalState() override {
    // S = gamma^T S0 + sum_m gamma^(T - 1 - m) k_m^T v_m.
    state = tb.advanceState(init, in.k, in.v, in.logDecay, in.seqLen);
  }

  Value output, state;

private:
  TileBuilder &tb;
  ImplicitLocOpBuilder &b;
  const HeadInputs &in;
  const retnet::LoweringConfig &config;
  Value zero, colsV, init;
  OpFoldResult dvAttr;
  TileBuilder::Causal::Kind skip = TileBuilder::Causal::None;
  // The tiles being built.
  Value qi, kj, vj, acc;
  TileBuilder::Causal causal;
};

/// Parallel: for each query tile, visit key tiles up to and including the
/// diagonal.
struct ParallelLowering : RetentionLoweringBase {
  ParallelLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Parallel, options) {}

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &config) const override {
    ParallelTiles tiles(tb, in, config);
    schedules::buildParallel(tiles, in.wantState);
    HeadResult res;
    res.out = tiles.output;
    res.epilogueApplied = true;
    res.state = tiles.state;
    return res;
  }
};

} // namespace

void mlir::retention::populateRetentionParallelToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ParallelLowering>(patterns.getContext(), options);
}
