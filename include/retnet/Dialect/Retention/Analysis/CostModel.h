//===- CostModel.h - choose a schedule for a retention op -------*- C++ -*-===//
//
// A pure function from shapes and target facts to a schedule decision. It
// never touches IR, so it is unit-tested directly; the pass
// retention-select-schedule only translates its answer into an attribute.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_DIALECT_RETENTION_ANALYSIS_COSTMODEL_H
#define RETNET_DIALECT_RETENTION_ANALYSIS_COSTMODEL_H

#include "retnet/Target/TargetInfo.h"

#include <cstdint>
#include <string>

namespace retnet {

/// Marks an extent unknown at compile time.
constexpr int64_t kDynamicExtent = -1;

/// The prompt length at which a dynamic T's schedule is estimated.
constexpr int64_t kRepresentativeSeqLen = 2048;

enum class Schedule { Parallel, Chunkwise, Recurrent };

const char *scheduleName(Schedule s);

/// What the cost model sees of one retention op.
struct RetentionShape {
  int64_t batch = 1;     ///< B, or kDynamicExtent.
  int64_t heads = 1;     ///< H.
  int64_t seqLen = 1;    ///< T, or kDynamicExtent.
  int64_t keyDim = 64;   ///< Dk.
  int64_t valueDim = 64; ///< Dv.
  bool hasInitialState = false;
  bool hasFinalState = false;
  /// Bits of q/k/v's element type: 16 for f16/bf16 (tensor-core operands on
  /// a target that has them), 32 for f32.
  int elementBits = 32;
};

struct ScheduleDecision {
  Schedule schedule = Schedule::Chunkwise;
  int64_t chunkSize = 0; ///< Only for Schedule::Chunkwise.
  /// Estimated run time of each form in nanoseconds (0 when not estimated).
  double parallelNs = 0, chunkwiseNs = 0, recurrentNs = 0;
  /// One line saying why.
  std::string reason;
};

/// Estimated time in ns of running `shape` with `schedule` (and `chunkSize`
/// for chunkwise) on `target`. Requires a static seqLen.
double estimateTimeNs(const RetentionShape &shape, Schedule schedule,
                      int64_t chunkSize, const TargetInfo &target);

/// The chunk size with the lowest estimate among powers of two in [16, 256]
/// (never larger than T rounded up to a power of two).
int64_t selectChunkSize(const RetentionShape &shape, const TargetInfo &target);

/// The schedule (and chunk size) for `shape` on `target`.
ScheduleDecision selectSchedule(const RetentionShape &shape,
                                const TargetInfo &target);

} // namespace retnet

#endif // RETNET_DIALECT_RETENTION_ANALYSIS_COSTMODEL_H
