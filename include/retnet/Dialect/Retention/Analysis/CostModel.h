//===- CostModel.h - choose a schedule for a retention op -------*- C++ -*-===//
//
// A pure function from shapes and target facts to a schedule decision and
// the lowering configuration that goes with it (every code generation choice
// the lowerings make). It never touches IR, so it is unit-tested directly;
// retention-select-schedule only translates its answer into the op's
// #retention.schedule and #retention.lowering_config, and the lowerings read
// those alone. The FLOP terms of the estimates come from the same config.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_DIALECT_RETENTION_ANALYSIS_COSTMODEL_H
#define RETNET_DIALECT_RETENTION_ANALYSIS_COSTMODEL_H

#include "retnet/Target/TargetInfo.h"

#include <algorithm>
#include <cstdint>
#include <optional>
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

/// The code generation rules of the lowerings on a kind of target: choices,
/// not facts about the target, from which a LoweringConfig is derived.
struct CodegenPolicy {
  /// Chunk size used when T is not known at compile time.
  int64_t defaultChunkSize = 64;
  /// Largest chunk the cost model picks: on the GPU the largest whose C x C
  /// f32 score tile stays in static shared memory (bigger chunks go through
  /// global memory).
  int64_t maxChunkSize = 256;
  /// Query rows x key columns of one score tile of the parallel schedule.
  int64_t parallelTileRows = 64, parallelTileCols = 64;
  /// Chunks (and parallel tiles) from this many rows on skip the register
  /// tiles above the diagonal: their intra-chunk products cost about half.
  /// 0: never (the GPU kernels compute tiles whole).
  int64_t causalSkipFrom = 64;
  /// Static decode steps (T = 1) with fewer state elements than this
  /// (B * H * Dk * Dv) run their (batch, head) loop on one thread: waking a
  /// second one costs about as much as a decode step of 8 heads of 64 x 64
  /// (measured: 1.7 us serial against 2.8-3.7 us with OpenMP). 0: never.
  int64_t minThreadedDecodeElements = int64_t(1) << 17;

  /// The CPU's rules or the CUDA lowering's.
  static CodegenPolicy forTarget(const TargetInfo &target);
};

/// The register tile of the CPU contractions for a target: rows of
/// accumulators x f32 lanes (two vectors per row), as many rows as the
/// registers hold next to the row of B and the broadcast: 8 x 32 with
/// AVX-512 (32 registers), 6 x 16 with AVX2 (16).
struct RegisterTile {
  int64_t rows = 0, lanes = 0;
};
RegisterTile registerTileFor(const TargetInfo &target);

/// Every code generation choice of one retention op beyond its schedule
/// and chunk: what #retention.lowering_config carries.
struct LoweringConfig {
  /// Query rows x key columns of one parallel-schedule tile.
  int64_t tileRows = 64, tileCols = 64;
  /// Register tile of the CPU contractions; 0 x 0: plain loop nests.
  int64_t registerTileRows = 8, registerTileLanes = 32;
  /// Chunks / tiles with a static extent below this compute the causal
  /// products whole (0: always whole).
  int64_t causalSkipFrom = 64;
  /// The (batch, head) loop runs on one thread (a small decode step).
  bool serial = false;
  /// 16-bit chunkwise products on tensor cores (mma.sync m16n8k16).
  bool tensorCores = false;

  /// Whether causal products over `rows` rows (nullopt: a dynamic count)
  /// skip the register tiles above the diagonal.
  bool skipsCausal(std::optional<int64_t> rows) const {
    return causalSkipFrom > 0 && (!rows || *rows >= causalSkipFrom);
  }
  /// The extent of the parallel schedule's diagonal tiles.
  int64_t parallelDiagonalEdge() const { return std::min(tileRows, tileCols); }

  bool operator==(const LoweringConfig &o) const {
    return tileRows == o.tileRows && tileCols == o.tileCols &&
           registerTileRows == o.registerTileRows &&
           registerTileLanes == o.registerTileLanes &&
           causalSkipFrom == o.causalSkipFrom && serial == o.serial &&
           tensorCores == o.tensorCores;
  }
};

/// The lowering configuration of `shape` under `schedule` (and `chunkSize`
/// for chunkwise) on `target`; `registerTile` false asks for plain loop
/// nests.
LoweringConfig selectLoweringConfig(const RetentionShape &shape,
                                    Schedule schedule, int64_t chunkSize,
                                    const TargetInfo &target,
                                    bool registerTile = true);

struct ScheduleDecision {
  Schedule schedule = Schedule::Chunkwise;
  int64_t chunkSize = 0; ///< Only for Schedule::Chunkwise.
  /// Estimated run time of each form in nanoseconds (0 when not estimated).
  double parallelNs = 0, chunkwiseNs = 0, recurrentNs = 0;
  /// One line saying why.
  std::string reason;
};

/// Estimated time in ns of running `shape` with `schedule` (and `chunkSize`
/// for chunkwise) on `target`, lowered with `config`. Requires a static
/// seqLen.
double estimateTimeNs(const RetentionShape &shape, Schedule schedule,
                      int64_t chunkSize, const LoweringConfig &config,
                      const TargetInfo &target);
/// The same with the config selectLoweringConfig gives.
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
