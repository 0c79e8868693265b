//===- Raise.cpp - retention-raise ----------------------------------------===//
//
// Recognises retention written out in linalg by a PyTorch importer and
// rewrites it into retention.retention. RaiseMatch.h describes what is
// matched; this file builds the op: q, k and v rearranged into [B, H, T, D]
// from wherever they are computed, the per-head log-decay read off the mask,
// and the op's output rearranged into the layout of the value it replaces.
//
//===----------------------------------------------------------------------===//

#include "RaiseMatch.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONRAISE
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::raise;

namespace {

/// [B, H, T, D] in atoms, and its shape.
struct Target {
  Layout layout;
  SmallVector<int64_t> shape;
};

Target target(const RetentionMatch &m, int time, ArrayRef<int> features) {
  Target t;
  t.layout = {SmallVector<int, 2>(m.batch), SmallVector<int, 2>(m.heads),
              SmallVector<int, 2>{time}, SmallVector<int, 2>(features)};
  for (const auto &dim : t.layout)
    t.shape.push_back(m.atoms.product(dim));
  return t;
}

SmallVector<int64_t> shapeOf(Value v) {
  return SmallVector<int64_t>(cast<RankedTensorType>(v.getType()).getShape());
}

struct RaiseRetention : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;

  LogicalResult matchAndRewrite(linalg::LinalgOp pv,
                                PatternRewriter &rewriter) const override {
    StringRef why;
    FailureOr<RetentionMatch> found = matchRetention(pv, why);
    if (failed(found))
      return rewriter.notifyMatchFailure(pv, why);
    RetentionMatch &m = *found;
    Operation *replaced = m.result.getDefiningOp();
    Location loc = pv.getLoc();
    rewriter.setInsertionPoint(replaced);

    Target tq = target(m, m.queryTime, m.keyFeatures);
    Target tk = target(m, m.keyTime, m.keyFeatures);
    Target tv = target(m, m.keyTime, m.valueFeatures);
    Target to = target(m, m.queryTime, m.valueFeatures);
    Value q =
        relayout(rewriter, loc, m.atoms, m.q, m.qLayout, tq.layout, tq.shape);
    Value k =
        relayout(rewriter, loc, m.atoms, m.k, m.kLayout, tk.layout, tk.shape);
    Value v =
        relayout(rewriter, loc, m.atoms, m.v, m.vLayout, tv.layout, tv.shape);
    auto ldType = RankedTensorType::get(
        {static_cast<int64_t>(m.logDecay.size())}, rewriter.getF32Type());
    Value ld = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(ldType, ArrayRef<float>(m.logDecay)));
    auto outType = RankedTensorType::get(to.shape, rewriter.getF32Type());
    auto op = RetentionOp::create(
        rewriter, loc, outType, /*final_state=*/Type(), q, k, v, ld,
        /*initial_state=*/Value(), /*offset=*/Value(),
        rewriter.getF32FloatAttr(static_cast<float>(m.scale)),
        m.normalized ? rewriter.getUnitAttr() : UnitAttr(),
        /*group_norm_eps=*/FloatAttr(), /*schedule=*/ScheduleAttr(),
        /*lowering_config=*/LoweringConfigAttr());
    Value out = relayout(rewriter, loc, m.atoms, op.getOut(), to.layout,
                         m.resultLayout, shapeOf(m.result));
    rewriter.replaceOp(replaced, out);
    return success();
  }
};

struct RetentionRaisePass
    : retention::impl::RetentionRaiseBase<RetentionRaisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateRetentionRaisePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::retention::populateRetentionRaisePatterns(
    RewritePatternSet &patterns) {
  patterns.add<RaiseRetention>(patterns.getContext());
}
