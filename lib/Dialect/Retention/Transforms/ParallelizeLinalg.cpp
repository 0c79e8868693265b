//===- ParallelizeLinalg.cpp - retention-parallelize-linalg ---------------===//
//
// Large layer-level linalg ops (projections, FFN, norms) are tiled along one
// parallel loop into an scf.forall, which the CPU pipeline turns into an
// OpenMP worksharing loop like the retention ops' (batch, head) loops.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

#include <algorithm>
#include <optional>

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONPARALLELIZELINALG
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct RetentionParallelizeLinalgPass
    : retention::impl::RetentionParallelizeLinalgBase<
          RetentionParallelizeLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    if (tiles < 2)
      return;
    SmallVector<linalg::LinalgOp> ops;
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal() || retention::isRetentionKernel(fn.getSymName()))
        continue;
      fn.walk([&](linalg::LinalgOp op) {
        if (!isa<linalg::FillOp>(op) && op.hasPureTensorSemantics() &&
            isa<TilingInterface>(op.getOperation()) &&
            !op->getParentOfType<scf::ForallOp>())
          ops.push_back(op);
      });
    }
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      std::optional<unsigned> dim = splitLoop(op);
      if (!dim)
        continue;
      auto tileable = cast<TilingInterface>(op.getOperation());
      SmallVector<OpFoldResult> numThreads(op.getNumLoops(),
                                           rewriter.getIndexAttr(0));
      // No more tiles than iterations: every tile gets work.
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
      int64_t extent = ranges[*dim];
      unsigned innermost = *dim;
      for (unsigned i = 0; i < ranges.size(); ++i)
        if (kinds[i] == utils::IteratorType::parallel)
          innermost = i;
      // The innermost parallel loop holds the vector lanes (a decode step's
      // per-head or per-panel columns): split the static loops outside it
      // instead where they give at least two tiles, each tile keeping
      // whole rows of lanes.
      int64_t remaining = tiles, spread = 1;
      SmallVector<int64_t> outer(ranges.size(), 0);
      if (*dim == innermost) {
        for (unsigned i = 1; i < innermost && remaining > 1; ++i) {
          if (kinds[i] != utils::IteratorType::parallel ||
              ShapedType::isDynamic(ranges[i]) || ranges[i] < 2)
            continue;
          outer[i] = std::min(ranges[i], remaining);
          spread *= outer[i];
          remaining = llvm::divideCeil(remaining, outer[i]);
        }
      }
      if (spread >= 2) {
        for (unsigned i = 0; i < ranges.size(); ++i)
          if (outer[i])
            numThreads[i] = rewriter.getIndexAttr(outer[i]);
      } else {
        numThreads[*dim] = rewriter.getIndexAttr(
            ShapedType::isDynamic(extent) ? tiles
                                          : std::min<int64_t>(tiles, extent));
      }
      // With a dynamic extent the op is split only when the call's
      // iteration space has at least `min-iterations` points: under an
      // scf.if on that count, the tiled op on one side, the op as it was
      // on the other (a decode step's norms and gates at B = 1 run on the
      // calling thread instead of paying a fork and join each).
      if (llvm::any_of(ranges, ShapedType::isDynamic)) {
        op = guardBySize(rewriter, op);
        tileable = cast<TilingInterface>(op.getOperation());
      }
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp)
          .setNumThreads(numThreads);
      // A linalg.fill of the op's init runs in the same tiles (each thread
      // fills what it computes, and the contraction lowering then starts
      // its accumulators at the fill's value); nothing else is fused.
      scf::SCFTileAndFuseOptions fuseOptions;
      fuseOptions.setTilingOptions(options).setFusionControlFn(
          [](tensor::ExtractSliceOp, OpResult producer, bool isDestination)
              -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            if (isDestination && isa<linalg::FillOp>(producer.getOwner()))
              return scf::SCFTileAndFuseOptions::ControlFnResult{};
            return std::nullopt;
          });
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTileAndFuseResult> tiled =
          scf::tileConsumerAndFuseProducersUsingSCF(rewriter, tileable,
                                                    fuseOptions);
      if (failed(tiled)) {
        // Not an error: the op still runs, on one thread.
        continue;
      }
      for (OpResult result : op->getResults())
        rewriter.replaceAllUsesWith(result, tiled->replacements.lookup(result));
      SmallVector<Operation *> fused(tiled->fusedProducers.begin(),
                                     tiled->fusedProducers.end());
      rewriter.eraseOp(op);
      for (Operation *producer : fused)
        if (producer->use_empty())
          rewriter.eraseOp(producer);
    }
  }

  /// `scf.if (points >= min-iterations) { op } else { op }` in place of
  /// `op` (with the linalg.fill ops that only it uses for its inits, cloned
  /// into both sides); returns the op in the `then` side.
  linalg::LinalgOp guardBySize(IRRewriter &rewriter, linalg::LinalgOp op) {
    Location loc = op.getLoc();
    // The fills only `op` uses (before the extents below add uses).
    SmallVector<linalg::FillOp> fills;
    for (OpOperand &init : op.getDpsInitsMutable())
      if (auto fill = init.get().getDefiningOp<linalg::FillOp>())
        if (fill->hasOneUse() && !llvm::is_contained(fills, fill))
          fills.push_back(fill);
    rewriter.setInsertionPoint(op);
    Value points = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (Range r : op.createLoopRanges(rewriter, loc))
      points = arith::MulIOp::create(
          rewriter, loc, points,
          getValueOrCreateConstantIndexOp(rewriter, loc, r.size));
    Value big = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::uge, points,
        arith::ConstantIndexOp::create(rewriter, loc, minIterations));
    auto guard = scf::IfOp::create(rewriter, loc, op->getResultTypes(), big,
                                   /*withElseRegion=*/true);
    linalg::LinalgOp thenOp;
    for (Block *side : {guard.thenBlock(), guard.elseBlock()}) {
      rewriter.setInsertionPointToStart(side);
      IRMapping map;
      for (linalg::FillOp fill : fills)
        rewriter.clone(*fill, map);
      Operation *copy = rewriter.clone(*op, map);
      scf::YieldOp::create(rewriter, loc, copy->getResults());
      if (!thenOp)
        thenOp = cast<linalg::LinalgOp>(copy);
    }
    rewriter.replaceOp(op, guard.getResults());
    for (linalg::FillOp fill : fills) {
      // The extents computed from the fill's result read its init instead.
      rewriter.replaceAllUsesWith(fill.getResult(0), fill.getOutputs()[0]);
      rewriter.eraseOp(fill);
    }
    return thenOp;
  }

  /// The loop to split, if the op is worth threads: the outermost parallel
  /// loop with at least `tiles` iterations (or a dynamic one), else the
  /// longest parallel loop with at least two.
  std::optional<unsigned> splitLoop(linalg::LinalgOp op) const {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
    bool dynamic = false;
    int64_t points = 1;
    for (int64_t r : ranges) {
      if (ShapedType::isDynamic(r)) {
        dynamic = true;
        continue;
      }
      if (r == 0)
        return std::nullopt;
      points = points > (int64_t(1) << 40) / r ? int64_t(1) << 40 : points * r;
    }
    // A dynamic extent (a prompt's length) is taken to be worth threads
    // unless the static part alone rules it out.
    if (!dynamic && points < minIterations)
      return std::nullopt;
    if (dynamic) {
      // In a model graph's [B, T, ...] and [B, H, T, ...] ops the prompt
      // length T is a dynamic loop inside the (dynamic) batch loop, and the
      // batch is often 1: split T, or a static loop outside it with enough
      // iterations (the weight panels of a packed projection: each thread
      // then streams its own panels, not all of them). A lone outermost
      // dynamic loop (a decode step's batch) is split only when no static
      // loop has enough iterations (a decode step's output columns do).
      for (auto [i, r] : llvm::enumerate(ranges))
        if (i > 0 && kinds[i] == utils::IteratorType::parallel &&
            (ShapedType::isDynamic(r) || r >= tiles))
          return i;
      for (auto [i, r] : llvm::enumerate(ranges))
        if (kinds[i] == utils::IteratorType::parallel &&
            !ShapedType::isDynamic(r) && r >= tiles)
          return i;
    }
    std::optional<unsigned> longest;
    for (auto [i, r] : llvm::enumerate(ranges)) {
      if (kinds[i] != utils::IteratorType::parallel)
        continue;
      if (ShapedType::isDynamic(r) || r >= tiles)
        return i;
      if (r >= 2 && (!longest || r > ranges[*longest]))
        longest = i;
    }
    return longest;
  }
};
} // namespace
