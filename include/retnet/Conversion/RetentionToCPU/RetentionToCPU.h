//===- RetentionToCPU.h - retention to loops over linalg on tensors -*- C++
//-*-===//

#ifndef RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H
#define RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H

#include "mlir/Pass/Pass.h"
#include "retnet/Target/TargetInfo.h"

namespace mlir {
class RewritePatternSet;

#define GEN_PASS_DECL_CONVERTRETENTIONTOCPU
#define GEN_PASS_DECL_CONVERTLAYERCONTRACTIONSTOCPU
#include "retnet/Conversion/Passes.h.inc"

namespace retention {
/// What the CPU lowering takes from its pass: the register tile of ops that
/// carry no lowering_config (every other choice, and the register tile of ops
/// with a config, comes from the op's #retention.lowering_config).
struct RetentionToCPUOptions {
  /// Register tile of the contractions (rows x f32 lanes); 0 = plain loops.
  int64_t registerTileRows = 8;
  int64_t registerTileLanes = 32;
};

/// Patterns lowering scheduled retention ops: one per schedule. Each produces
/// an scf.forall over (batch, head) whose body is the schedule's loop nest of
/// linalg ops on f32 tensor tiles.
void populateRetentionParallelToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options = {});
void populateRetentionChunkwiseToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options = {});
void populateRetentionRecurrentToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options = {});
/// All three.
void populateRetentionToCPUPatterns(RewritePatternSet &patterns,
                                    const RetentionToCPUOptions &options = {});
} // namespace retention
} // namespace mlir

#endif // RETNET_CONVERSION_RETENTIONTOCPU_RETENTIONTOCPU_H
