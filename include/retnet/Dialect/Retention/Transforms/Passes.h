//===- Passes.h - retention transformation passes ---------------*- C++ -*-===//

#ifndef RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H
#define RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Target/TargetInfo.h"

namespace mlir {
class ModuleOp;
class RewritePatternSet;
namespace retention {

/// The schedule option of retention-select-schedule and the pipelines: the
/// cost model's choice (auto) or one schedule for every op without a pinned
/// one.
enum class ScheduleChoice { Auto, Parallel, Chunkwise, Recurrent };

/// The schedule `choice` forces (none for auto).
inline std::optional<ScheduleKind> forcedSchedule(ScheduleChoice choice) {
  switch (choice) {
  case ScheduleChoice::Parallel:
    return ScheduleKind::Parallel;
  case ScheduleChoice::Chunkwise:
    return ScheduleKind::Chunkwise;
  case ScheduleChoice::Recurrent:
    return ScheduleKind::Recurrent;
  case ScheduleChoice::Auto:
    break;
  }
  return std::nullopt;
}

/// The command-line spellings of ScheduleChoice, for llvm::cl options.
#define RETNET_SCHEDULE_CHOICE_VALUES                                          \
  ::llvm::cl::values(clEnumValN(::mlir::retention::ScheduleChoice::Auto,       \
                                "auto", "the cost model's choice"),            \
                     clEnumValN(::mlir::retention::ScheduleChoice::Parallel,   \
                                "parallel", "every op parallel"),              \
                     clEnumValN(::mlir::retention::ScheduleChoice::Chunkwise,  \
                                "chunkwise", "every op chunkwise"),            \
                     clEnumValN(::mlir::retention::ScheduleChoice::Recurrent,  \
                                "recurrent", "every op recurrent"))

#define GEN_PASS_DECL
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"

/// What retention-select-schedule does, callable without a pass manager:
/// writes a schedule on every retention op under `root` that has none,
/// `forced` (if set) or the cost model's for `target`; `chunkSize` > 0 pins
/// the chunk size of chunkwise decisions (at most retnet::kMaxChunkSize).
/// Every op without a lowering_config then gets the one selectLoweringConfig
/// derives for its schedule (plain loop nests without `registerTile`).
void selectSchedules(Operation *root, const retnet::TargetInfo &target,
                     std::optional<ScheduleKind> forced = std::nullopt,
                     int64_t chunkSize = 0, bool emitRemarks = false,
                     bool registerTile = true);

/// The discardable unit attribute that marks an scf.forall to run serially
/// (see retention-serialize-foralls).
inline constexpr llvm::StringLiteral kSerialAttrName = "retention.serial";

/// Marks a function made by an outlining pass (retention-outline-ops,
/// retention-outline-linalg) as internal to the artifact and never inlined:
/// its callers share one compiled copy, and the library exports only the
/// public functions.
void markOutlinedKernel(Operation *func);

/// Name prefix of the kernel functions retention-outline-ops makes
/// (`__retention_<schedule>`). Passes over a graph's layer-level ops skip
/// them: their loops are the retention lowering's own.
inline constexpr llvm::StringLiteral kRetentionKernelPrefix = "__retention_";
inline bool isRetentionKernel(StringRef functionName) {
  return functionName.starts_with(kRetentionKernelPrefix);
}

/// The patterns of retention-raise, for use in other pipelines.
void populateRetentionRaisePatterns(RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"

} // namespace retention
} // namespace mlir

#endif // RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_H
