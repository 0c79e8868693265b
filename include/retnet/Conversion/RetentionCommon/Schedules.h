//===- Schedules.h - one description of each retention schedule -*- C++ -*-===//
//
// The retention schedules, target-neutral: for each, the loop over one
// head's steps and the phases of a step, in order, with each phase's math
// stated once (docs/retention-semantics.md gives the forms). A target
// lowering implements the phases on its own storage and calls the schedule
// here:
//
//   CPU (lib/Conversion/RetentionToCPU): tensor tiles through TileBuilder;
//       the state and the output rows are loop-carried values;
//   GPU (lib/Conversion/RetentionToGPU): a block's threads on buffers, a
//       barrier after each phase; the chunkwise phases as SIMT code or on
//       tensor cores (warp MMA tiles).
//
// Notation: one head of T rows, gamma = exp(log_decay), S0 the initial state
// (0 without one), rows n and m absolute unless said otherwise. Every phase
// computes in f32; the epilogue is the output's scale, decay normalization
// (1 / sqrt(sum_{i <= offset + n} gamma^i)) and group norm
// (buildRowFactor, TileBuilder::rmsNormRows, the GPU's group-norm kernel).
//
// The backward of each schedule (training) is one more description here,
// over phases of the same shape (transposed score tiles, the reverse loop
// carrying the state's gradient); per-token decay, grouped heads and packed
// sequences change D and the loop bounds the targets build, not the order
// of the phases.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_CONVERSION_RETENTIONCOMMON_SCHEDULES_H
#define RETNET_CONVERSION_RETENTIONCOMMON_SCHEDULES_H

#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/Value.h"

namespace mlir::retention::schedules {

/// Rows [first, first + count) of a head: a query or key tile, or a chunk.
struct Rows {
  Value first;
  OpFoldResult count;
};

/// Parallel: for each query tile i, the key tiles j up to the diagonal.
///   scores:      S = (Q_i K_j^T) * D,  D[n, m] = gamma^(n - m) for m <= n,
///                0 above the diagonal (never a T x T mask);
///   accumulate:  A_i += S V_j;
///   finishRows:  O_i = A_i + diag(gamma^(n + 1)) Q_i S0, the epilogue;
///   finalState:  S_T = gamma^T S0 + (diag(zeta) K)^T V,
///                zeta[m] = gamma^(T - 1 - m).
class ParallelPhases {
public:
  virtual ~ParallelPhases();
  /// Runs `body` for every query tile (the CPU in a loop, the GPU on blocks).
  virtual void forEachQueryTile(function_ref<void(const Rows &)> body) = 0;
  /// Runs `body` for every key tile that starts at or before the query
  /// tile's last row, A_i starting at 0.
  virtual void forEachKeyTile(const Rows &query,
                              function_ref<void(const Rows &)> body) = 0;
  /// The decayed, causally masked score tile (the target's handle: a tensor,
  /// or the buffer a phase wrote).
  virtual Value scores(const Rows &query, const Rows &key) = 0;
  virtual void accumulate(const Rows &query, const Rows &key, Value scores) = 0;
  virtual void finishRows(const Rows &query) = 0;
  virtual void finalState() = 0;
};

/// Chunkwise: chunks c of C rows (the last may be shorter, L rows), in
/// order, carrying R (starting at S0); rows n, m local to the chunk.
///   scores:        S = (Q_c K_c^T) * D,  D[n, m] = gamma^(n - m), m <= n;
///   rows:          O_c = S V_c + diag(xi) Q_c R,  xi[n] = gamma^(n + 1),
///                  the epilogue;
///   advanceState:  R = gamma^L R + (diag(zeta) K_c)^T V_c,
///                  zeta[m] = gamma^(L - 1 - m).
/// The final state is R after the last chunk.
class ChunkwisePhases {
public:
  virtual ~ChunkwisePhases();
  /// Runs `body` for every chunk, carrying R and the output between them.
  virtual void forEachChunk(function_ref<void(const Rows &)> body) = 0;
  virtual Value scores(const Rows &chunk) = 0;
  virtual void rows(const Rows &chunk, Value scores) = 0;
  virtual void advanceState(const Rows &chunk) = 0;
};

/// Recurrent: token t in order, carrying R (starting at S0).
///   step:  R = gamma R + k_t^T v_t,  o_t = q_t R, the epilogue.
/// The final state is R after the last token (S0 when T = 0).
class RecurrentPhases {
public:
  virtual ~RecurrentPhases();
  /// Runs `body` for every token (a decode step's one token without a
  /// loop), carrying R and the output between them.
  virtual void forEachToken(function_ref<void(Value)> body) = 0;
  virtual void step(Value token) = 0;
};

/// The schedules, built on a target's phases.
void buildParallel(ParallelPhases &phases, bool wantState);
void buildChunkwise(ChunkwisePhases &phases);
void buildRecurrent(RecurrentPhases &phases);

} // namespace mlir::retention::schedules

#endif // RETNET_CONVERSION_RETENTIONCOMMON_SCHEDULES_H
