//===- ConstantEvaluator.h - evaluate constant tensor subgraphs -*- C++ -*-===//
//
// A small interpreter for tensor values that depend on constants only:
// arith.constant (dense, splat, dense_resource), tensor.empty, linalg.fill,
// linalg.generic (elementwise, broadcasting and reducing, with linalg.index),
// linalg.transpose / linalg.broadcast, and the reshapes between them.
//
// retention-raise uses it to read a decay mask that an importer computes in
// the graph (torchscale's RetNetRelPos builds it from arange and the decay
// buffer in forward) exactly as it reads a mask stored as a constant. Values
// are computed in double and rounded to f32 where the IR says f32, so the
// result matches what the compiled graph would compute to f32 rounding.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_CONSTANTEVALUATOR_H
#define RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_CONSTANTEVALUATOR_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::retention {

/// A statically shaped tensor's elements, row-major, as doubles (integers
/// and i1 exactly, f32 rounded to f32).
struct EvaluatedTensor {
  SmallVector<int64_t> shape;
  std::vector<double> data;
};

/// Evaluates `value` when it is a statically shaped tensor computed from
/// constants only by the supported ops, visiting at most `maxWork`
/// iteration points in total; std::nullopt otherwise (a function argument,
/// an unsupported op or element type, or too much work).
std::optional<EvaluatedTensor>
evaluateConstantTensor(Value value, int64_t maxWork = 1 << 24);

/// The same, reading `splat` (a statically shaped tensor, typically computed
/// from function arguments) as a tensor filled with `splatValue`.
/// retention-raise reads the factor an elementwise op applies to its one
/// non-constant operand by evaluating the op with that operand set to 1.
std::optional<EvaluatedTensor> evaluateWithSplat(Value value, Value splat,
                                                 double splatValue,
                                                 int64_t maxWork = 1 << 24);

} // namespace mlir::retention

#endif // RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_CONSTANTEVALUATOR_H
