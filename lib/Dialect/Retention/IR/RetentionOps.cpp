//===- RetentionOps.cpp - retention operations ----------------------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"

#include "mlir/IR/TypeUtilities.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::retention;

#define GET_OP_CLASSES
#include "retnet/Dialect/Retention/IR/RetentionOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Verifier
//===----------------------------------------------------------------------===//

/// Formats a shape as "[2, 8, ?, 64]".
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

/// Two dims are compatible when equal or when either is dynamic (upstream's
/// verifyCompatibleDims).
static bool compatibleDim(int64_t a, int64_t b) {
  return succeeded(verifyCompatibleDims({a, b}));
}

/// Verifies a state operand or result: shape [B, H, Dk, Dv], element type f32
/// or the inputs' element type.
static LogicalResult verifyStateType(RetentionOp op, StringRef what,
                                     RankedTensorType type,
                                     ArrayRef<int64_t> expected,
                                     Type inputElt) {
  for (int64_t i = 1; i < 4; ++i)
    if (ShapedType::isDynamic(type.getDimSize(i)))
      return op.emitOpError() << what << " must have static H, Dk and Dv, got "
                              << formatShape(type.getShape());
  if (failed(verifyCompatibleShape(type.getShape(), expected)))
    return op.emitOpError()
           << what
           << " must have shape [B, H, Dk, Dv] = " << formatShape(expected)
           << ", got " << formatShape(type.getShape());
  Type elt = type.getElementType();
  if (!elt.isF32() && elt != inputElt)
    return op.emitOpError() << what
                            << " element type must be f32 or the input "
                               "element type "
                            << inputElt << ", got " << elt;
  return success();
}

retnet::RetentionShape RetentionOp::getCostModelShape(ShapedType q,
                                                      ShapedType v,
                                                      bool hasInitialState,
                                                      bool hasFinalState) {
  auto ext = [](int64_t d) {
    return ShapedType::isDynamic(d) ? retnet::kDynamicExtent : d;
  };
  retnet::RetentionShape s;
  s.batch = ext(q.getDimSize(0));
  s.heads = q.getDimSize(1);
  s.seqLen = ext(q.getDimSize(2));
  s.keyDim = q.getDimSize(3);
  s.valueDim = v.getDimSize(3);
  s.hasInitialState = hasInitialState;
  s.hasFinalState = hasFinalState;
  s.elementBits = q.getElementType().getIntOrFloatBitWidth();
  return s;
}

retnet::RetentionShape RetentionOp::getCostModelShape() {
  return getCostModelShape(getQType(), getVType(), hasInitialState(),
                           hasFinalState());
}

retnet::LoweringConfig
RetentionOp::getLoweringConfigOr(const retnet::TargetInfo &fallback) {
  if (LoweringConfigAttr config = getLoweringConfigAttr())
    return config.getConfig();
  ScheduleAttr schedule = getScheduleAttr();
  assert(schedule && "a lowering config needs a schedule");
  return retnet::selectLoweringConfig(getCostModelShape(),
                                      schedule.getCostModelSchedule(),
                                      schedule.getChunkSize(), fallback);
}

LogicalResult RetentionOp::requireSchedule() {
  if (getScheduleAttr())
    return success();
  return emitOpError("has no schedule; run retention-select-schedule first "
                     "or pin one with #retention.schedule<...>");
}

LogicalResult RetentionOp::verify() {
  auto qType = getQType();
  auto kType = cast<RankedTensorType>(getK().getType());
  auto vType = getVType();
  for (auto [name, type, last] :
       {std::make_tuple("q", qType, "Dk"), std::make_tuple("k", kType, "Dk"),
        std::make_tuple("v", vType, "Dv")}) {
    if (type.getRank() != 4)
      return emitOpError() << name << " must have rank 4 ([B, H, T, " << last
                           << "]), got rank " << type.getRank();
  }
  if (failed(verifyCompatibleShape(kType.getShape(), qType.getShape())))
    return emitOpError() << "k must have the same shape as q, got "
                         << formatShape(kType.getShape()) << " and "
                         << formatShape(qType.getShape());
  Type elt = qType.getElementType();
  if (kType.getElementType() != elt || vType.getElementType() != elt)
    return emitOpError() << "q, k and v must have the same element type, got "
                         << elt << ", " << kType.getElementType() << " and "
                         << vType.getElementType();
  ArrayRef<int64_t> qs = qType.getShape(), vs = vType.getShape();
  if (!compatibleDim(vs[0], qs[0]) || !compatibleDim(vs[1], qs[1]) ||
      !compatibleDim(vs[2], qs[2]))
    return emitOpError() << "v must match q in B, H and T, got "
                         << formatShape(vs) << " and " << formatShape(qs);
  if (ShapedType::isDynamic(qs[1]) ||
      ShapedType::isDynamic(kType.getDimSize(1)) ||
      ShapedType::isDynamic(vs[1]))
    return emitOpError() << "the number of heads H must be static";
  if (ShapedType::isDynamic(qs[3]) ||
      ShapedType::isDynamic(kType.getDimSize(3)))
    return emitOpError() << "the key head dimension Dk must be static";
  if (ShapedType::isDynamic(vs[3]))
    return emitOpError() << "the value head dimension Dv must be static";
  for (auto [name, type] :
       {std::make_pair("q", qType), std::make_pair("v", vType)}) {
    if (llvm::is_contained(type.getShape(), 0))
      return emitOpError() << "dimensions must be non-zero, got " << name
                           << " of shape " << formatShape(type.getShape());
  }

  int64_t heads = qs[1], dk = qs[3], dv = vs[3];
  auto ldType = cast<RankedTensorType>(getLogDecay().getType());
  if (ldType.getRank() != 1 || ldType.getDimSize(0) != heads)
    return emitOpError() << "log_decay must have shape [H] = [" << heads
                         << "] (one log-decay per head), got "
                         << formatShape(ldType.getShape());

  float scale = getScale().convertToFloat();
  if (!std::isfinite(scale))
    return emitOpError() << "scale must be finite, got " << scale;

  if (std::optional<APFloat> eps = getGroupNormEps()) {
    float e = eps->convertToFloat();
    if (!std::isfinite(e) || e < 0)
      return emitOpError() << "group_norm_eps must be finite and non-negative, "
                              "got "
                           << e;
  }

  // Expected shapes of the results and states. B and T follow q.
  SmallVector<int64_t> stateShape = {qs[0], heads, dk, dv};
  if (getOffset() && !getDecayNormalization())
    return emitOpError() << "offset requires decay_normalization (it is the "
                            "absolute position the normalization counts from)";
  if (auto init = getInitialState()) {
    if (getDecayNormalization() && !getOffset())
      return emitOpError()
             << "decay_normalization with an initial_state requires an offset "
                "operand: the normalization depends on the absolute position "
                "of the first token";
    if (failed(verifyStateType(*this, "initial_state",
                               cast<RankedTensorType>(init.getType()),
                               stateShape, elt)))
      return failure();
  }

  auto outType = cast<RankedTensorType>(getOut().getType());
  SmallVector<int64_t> outShape = {qs[0], heads, qs[2], dv};
  if (outType.getShape() != ArrayRef<int64_t>(outShape) ||
      outType.getElementType() != elt)
    return emitOpError() << "result 'out' must have shape [B, H, T, Dv] = "
                         << formatShape(outShape) << " and element type " << elt
                         << ", got " << outType;

  if (auto fin = getFinalState()) {
    auto finType = cast<RankedTensorType>(fin.getType());
    if (failed(verifyStateType(*this, "result 'final_state'", finType,
                               stateShape, elt)))
      return failure();
    if (auto init = getInitialState()) {
      if (init.getType() != finType)
        return emitOpError()
               << "result 'final_state' must have the type of initial_state "
               << init.getType() << ", got " << finType;
    }
  }

  // Every pair of static extents must agree. The checks above compare each
  // operand with q, which says nothing about k against v (or a state against
  // k) where q's extent is dynamic. Static against dynamic is checked at run
  // time (retention-insert-shape-checks).
  struct Extent {
    const char *name;
    int64_t size;
  };
  auto agree = [&](StringRef dim, ArrayRef<Extent> extents) -> LogicalResult {
    const Extent *first = nullptr;
    for (const Extent &e : extents) {
      if (ShapedType::isDynamic(e.size))
        continue;
      if (!first)
        first = &e;
      else if (e.size != first->size)
        return emitOpError()
               << first->name << " and " << e.name << " must agree in " << dim
               << ", got " << first->size << " and " << e.size;
    }
    return success();
  };
  auto kShape = kType.getShape();
  SmallVector<Extent> batches = {{"q", qs[0]}, {"k", kShape[0]}, {"v", vs[0]}};
  if (auto init = getInitialState())
    batches.push_back({"initial_state",
                       cast<RankedTensorType>(init.getType()).getDimSize(0)});
  if (auto fin = getFinalState())
    batches.push_back({"result 'final_state'",
                       cast<RankedTensorType>(fin.getType()).getDimSize(0)});
  if (failed(agree("B", batches)) ||
      failed(agree("T", {{"q", qs[2]}, {"k", kShape[2]}, {"v", vs[2]}})))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Canonicalization
//===----------------------------------------------------------------------===//

namespace {
/// Rebuilds `op` with the given initial state and whether it returns the final
/// state, keeping the offset and every attribute.
RetentionOp rebuild(PatternRewriter &rewriter, RetentionOp op, Value initial,
                    bool withFinalState) {
  Type finalType = withFinalState ? op.getFinalState().getType() : Type();
  return RetentionOp::create(rewriter, op.getLoc(), op.getOut().getType(),
                             finalType, op.getQ(), op.getK(), op.getV(),
                             op.getLogDecay(), initial, op.getOffset(),
                             op.getScaleAttr(), op.getDecayNormalizationAttr(),
                             op.getGroupNormEpsAttr(), op.getScheduleAttr(),
                             op.getLoweringConfigAttr());
}

/// A final state nobody reads need not be computed.
struct DropUnusedFinalState : OpRewritePattern<RetentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RetentionOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getFinalState() || !op.getFinalState().use_empty())
      return failure();
    RetentionOp newOp = rebuild(rewriter, op, op.getInitialState(), false);
    rewriter.replaceAllUsesWith(op.getOut(), newOp.getOut());
    rewriter.eraseOp(op);
    return success();
  }
};

/// An all-zero initial state is the default: drop the operand.
struct DropZeroInitialState : OpRewritePattern<RetentionOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(RetentionOp op,
                                PatternRewriter &rewriter) const override {
    Value init = op.getInitialState();
    if (!init)
      return failure();
    DenseElementsAttr attr;
    if (!matchPattern(init, m_Constant(&attr)) || !attr.isSplat())
      return failure();
    auto value = attr.getSplatValue<APFloat>();
    if (!value.isZero())
      return failure();
    // The final state keeps its type: rebuild without the operand.
    RetentionOp newOp = rebuild(rewriter, op, Value(), op.hasFinalState());
    rewriter.replaceOp(op, newOp.getResults());
    return success();
  }
};
} // namespace

void RetentionOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<DropUnusedFinalState, DropZeroInitialState>(context);
}
