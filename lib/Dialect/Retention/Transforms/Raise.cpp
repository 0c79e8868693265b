//===- Raise.cpp - retention-raise ----------------------------------------===//
//
// Recognises retention written out in linalg by a PyTorch importer and
// rewrites it into retention.retention. See the pass description in
// Passes.td for the exact pattern.
//
//===----------------------------------------------------------------------===//

#include "ConstantEvaluator.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONRAISE
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;
using namespace mlir::retention;

namespace {

/// `v` is collapse_shape(x) folding dims [0, 1] of a rank-4 tensor: return x.
Value uncollapseBatchHeads(Value v) {
  auto c = v.getDefiningOp<tensor::CollapseShapeOp>();
  if (!c || c.getSrcType().getRank() != 4)
    return {};
  SmallVector<ReassociationIndices> re = c.getReassociationIndices();
  if (re.size() != 3 || re[0] != ReassociationIndices{0, 1} ||
      re[1] != ReassociationIndices{2} || re[2] != ReassociationIndices{3})
    return {};
  return c.getSrc();
}

/// A batch_matmul with default maps accumulating into a zero fill.
bool isPlainBatchMatmul(linalg::BatchMatmulOp op) {
  if (op.hasUserDefinedMaps() || op.getNumDpsInits() != 1)
    return false;
  auto fill = op.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!fill)
    return false;
  return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
}

/// Values of an f32 mask, row-major: a constant, or computed from constants
/// in the graph (torchscale's RetNetRelPos builds it in forward from arange
/// and the decay buffer).
std::optional<SmallVector<float>> maskValues(Value v) {
  if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
    return std::nullopt;
  std::optional<EvaluatedTensor> t = evaluateConstantTensor(v);
  if (!t)
    return std::nullopt;
  return SmallVector<float>(t->data.begin(), t->data.end());
}

struct MaskInfo {
  SmallVector<float> logDecay; // per head (size 1 when shared)
  bool normalized = false;
};

bool near(double a, double b, double scale) {
  return std::fabs(a - b) <= 1e-4 * std::max(scale, 1e-30);
}

/// Checks `d` ([heads, T, T], row-major) is a causal decay mask.
std::optional<MaskInfo> analyzeMask(ArrayRef<float> d, int64_t heads,
                                    int64_t t) {
  if (t < 2)
    return std::nullopt;
  MaskInfo info;
  std::optional<bool> normalized;
  for (int64_t h = 0; h < heads; ++h) {
    const float *m = d.data() + h * t * t;
    double r1 = m[1 * t + 1];
    if (!(r1 > 0) || !(m[0] > 0))
      return std::nullopt;
    double gamma = m[1 * t + 0] / r1;
    if (!(gamma > 0) || gamma > 1.0 + 1e-6)
      return std::nullopt;
    double sum = 0;
    for (int64_t n = 0; n < t; ++n) {
      sum = sum * gamma + 1.0; // sum_{j <= n} gamma^j
      double rn = m[n * t + n];
      if (!(rn > 0))
        return std::nullopt;
      bool plainRow = near(rn, 1.0, 1.0);
      bool normRow = near(rn, 1.0 / std::sqrt(sum), rn);
      if (!plainRow && !normRow)
        return std::nullopt;
      bool rowNorm = !plainRow; // rows where both hold say nothing
      if (!plainRow || !normRow) {
        if (normalized && *normalized != rowNorm)
          return std::nullopt;
        normalized = rowNorm;
      }
      double pow = 1.0;
      for (int64_t k = n; k >= 0; --k, pow *= gamma)
        if (!near(m[n * t + k], rn * pow, rn))
          return std::nullopt;
      for (int64_t k = n + 1; k < t; ++k)
        if (m[n * t + k] != 0.0f)
          return std::nullopt;
    }
    info.logDecay.push_back(static_cast<float>(std::log(gamma)));
  }
  info.normalized = normalized.value_or(false);
  return info;
}

struct RaiseRetention : OpRewritePattern<linalg::BatchMatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::BatchMatmulOp pv,
                                PatternRewriter &rewriter) const override {
    if (!isPlainBatchMatmul(pv) || pv->getNumResults() != 1)
      return rewriter.notifyMatchFailure(pv, "not a plain batch_matmul");
    Value v4 = uncollapseBatchHeads(pv.getDpsInputs()[1]);
    Value p4 = uncollapseBatchHeads(pv.getDpsInputs()[0]);
    if (!v4 || !p4)
      return rewriter.notifyMatchFailure(pv, "operands not [B*H, ...]");
    auto masked = p4.getDefiningOp<linalg::GenericOp>();
    if (!masked || !masked->hasOneUse() || masked.getNumDpsInputs() != 2 ||
        masked.getNumDpsInits() != 1 || masked.getNumReductionLoops() != 0)
      return rewriter.notifyMatchFailure(pv, "scores not an elementwise op");
    // Body: yield mulf(in0, in1).
    Block &body = masked.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    auto mul = yield.getValues()[0].getDefiningOp<arith::MulFOp>();
    if (!mul || &body.front() != mul.getOperation() ||
        !((mul.getLhs() == body.getArgument(0) &&
           mul.getRhs() == body.getArgument(1)) ||
          (mul.getLhs() == body.getArgument(1) &&
           mul.getRhs() == body.getArgument(0))))
      return rewriter.notifyMatchFailure(pv, "scores not scaled by a mask");
    SmallVector<AffineMap> maps = masked.getIndexingMapsArray();
    int scoreIdx = -1;
    for (int i = 0; i < 2; ++i)
      if (maps[i].isIdentity() && maps[i].getNumDims() == 4 &&
          masked.getDpsInputs()[i].getDefiningOp<tensor::ExpandShapeOp>())
        scoreIdx = i;
    if (scoreIdx < 0 || !maps[2].isIdentity())
      return rewriter.notifyMatchFailure(pv, "no [B, H, T, T] score operand");
    Value maskVal = masked.getDpsInputs()[1 - scoreIdx];
    AffineMap maskMap = maps[1 - scoreIdx];
    auto scoresExp =
        masked.getDpsInputs()[scoreIdx].getDefiningOp<tensor::ExpandShapeOp>();
    if (!scoresExp->hasOneUse())
      return rewriter.notifyMatchFailure(pv, "scores used elsewhere");
    auto qk = scoresExp.getSrc().getDefiningOp<linalg::BatchMatmulOp>();
    SmallVector<ReassociationIndices> re = scoresExp.getReassociationIndices();
    if (!qk || !qk->hasOneUse() || !isPlainBatchMatmul(qk) || re.size() != 3 ||
        re[0] != ReassociationIndices{0, 1})
      return rewriter.notifyMatchFailure(pv, "no q k^T batch_matmul");
    Value q4 = uncollapseBatchHeads(qk.getDpsInputs()[0]);
    Value kt4 = uncollapseBatchHeads(qk.getDpsInputs()[1]);
    if (!q4 || !kt4)
      return rewriter.notifyMatchFailure(pv, "q or k^T not [B*H, ...]");
    auto transpose = kt4.getDefiningOp<linalg::TransposeOp>();
    if (!transpose ||
        transpose.getPermutation() != ArrayRef<int64_t>{0, 1, 3, 2})
      return rewriter.notifyMatchFailure(pv,
                                         "k not transposed in its last dims");
    Value k4 = transpose.getInput();

    auto qType = cast<RankedTensorType>(q4.getType());
    auto vType = cast<RankedTensorType>(v4.getType());
    if (!qType.hasStaticShape() || !vType.hasStaticShape() ||
        qType != k4.getType() ||
        qType.getElementType() != vType.getElementType())
      return rewriter.notifyMatchFailure(pv, "needs static, matching q/k/v");
    int64_t heads = qType.getDimSize(1), t = qType.getDimSize(2);

    // The mask: [H, T, T] (d1, d2, d3), [T, T] (d2, d3) or [1|B, H, T, T].
    auto maskType = cast<RankedTensorType>(maskVal.getType());
    MLIRContext *ctx = getContext();
    auto dimE = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    int64_t maskHeads;
    if (maskMap == AffineMap::get(4, 0, {dimE(1), dimE(2), dimE(3)}, ctx))
      maskHeads = heads;
    else if (maskMap == AffineMap::get(4, 0, {dimE(2), dimE(3)}, ctx))
      maskHeads = 1;
    else if (maskMap.isIdentity() && maskType.getDimSize(0) == 1)
      maskHeads = heads;
    else
      return rewriter.notifyMatchFailure(pv, "mask not broadcast over batch");
    std::optional<SmallVector<float>> values = maskValues(maskVal);
    if (!values || static_cast<int64_t>(values->size()) != maskHeads * t * t)
      return rewriter.notifyMatchFailure(
          pv, "mask not an f32 tensor computed from constants");
    std::optional<MaskInfo> info = analyzeMask(*values, maskHeads, t);
    if (!info)
      return rewriter.notifyMatchFailure(pv, "not a causal decay mask");

    Location loc = pv.getLoc();
    SmallVector<float> ld(heads, info->logDecay[0]);
    if (maskHeads == heads)
      ld.assign(info->logDecay.begin(), info->logDecay.end());
    auto ldType = RankedTensorType::get({heads}, rewriter.getF32Type());
    Value ldConst = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(ldType, ArrayRef<float>(ld)));
    auto outType = RankedTensorType::get(
        {qType.getDimSize(0), heads, t, vType.getDimSize(3)},
        qType.getElementType());
    auto ret = RetentionOp::create(
        rewriter, loc, outType, /*final_state=*/Type(), q4, k4, v4, ldConst,
        /*initial_state=*/Value(), /*offset=*/Value(),
        rewriter.getF32FloatAttr(1.0f),
        info->normalized ? rewriter.getUnitAttr() : UnitAttr(),
        /*group_norm_eps=*/FloatAttr(), /*schedule=*/ScheduleAttr());
    Value collapsed = tensor::CollapseShapeOp::create(
        rewriter, loc, pv.getResult(0).getType(), ret.getOut(),
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}});
    rewriter.replaceOp(pv, collapsed);
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
