//===- ApproximateMath.cpp - retention-approximate-math -------------------===//
//
// The layer-level transcendental functions (GELU's erf, SiLU's exp, tanh) as
// upstream's f32 polynomial approximations instead of scalar libm calls, so
// that the loops around them vectorize.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONAPPROXIMATEMATH
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct RetentionApproximateMathPass
    : retention::impl::RetentionApproximateMathBase<
          RetentionApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
      return name == math::ErfOp::getOperationName() ||
             name == math::ExpOp::getOperationName() ||
             name == math::TanhOp::getOperationName();
    });
    FrozenRewritePatternSet frozen(std::move(patterns));
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      // The retention kernels keep libm's exp: their decay factors are
      // part of the op's numbers, checked against float64 references.
      if (fn.isExternal() || retention::isRetentionKernel(fn.getSymName()))
        continue;
      if (failed(applyPatternsGreedily(fn, frozen)))
        return signalPassFailure();
    }
  }
};
} // namespace
