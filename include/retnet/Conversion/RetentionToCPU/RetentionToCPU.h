//===- RetentionToCPU.h - retention to loops over linalg on tensors -*- C++ -*-===//

#ifndef RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H
#define RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class RewritePatternSet;

#define GEN_PASS_DECL_CONVERTRETENTIONTOCPU
#include "retnet/Conversion/Passes.h.inc"

namespace retention {
/// Patterns lowering scheduled retention ops: one per schedule. Each produces
/// an scf.forall over (batch, head) whose body is the schedule's loop nest of
/// linalg ops on f32 tensor tiles.
void populateRetentionParallelToCPUPatterns(RewritePatternSet &patterns);
void populateRetentionChunkwiseToCPUPatterns(RewritePatternSet &patterns);
void populateRetentionRecurrentToCPUPatterns(RewritePatternSet &patterns);
/// All three.
void populateRetentionToCPUPatterns(RewritePatternSet &patterns);
} // namespace retention
} // namespace mlir

#endif // RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H
