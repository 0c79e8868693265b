//===- Passes.h - retention transformation passes ---------------*- C++ -*-===//

#ifndef RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H
#define RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"

namespace mlir {
class ModuleOp;
class RewritePatternSet;
namespace retention {

#define GEN_PASS_DECL
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"

/// The patterns of retention-raise, for use in other pipelines.
void populateRetentionRaisePatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"

} // namespace retention
} // namespace mlir

#endif // RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H
