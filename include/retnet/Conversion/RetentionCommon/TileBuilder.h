//===- TileBuilder.h - shared tile and decay helpers ------------*- C++ -*-===//
//
// Builders for the pieces every retention schedule is made of, on f32 tensors:
// slices, contractions, decay factors computed from log-decay inside a tile
// (never a T x T mask in memory), row scalings and the output epilogue. The
// parallel, chunkwise and recurrent lowerings (and the GPU ones) call these,
// so the decay math lives in one place.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_CONVERSION_RETENTIONCOMMON_TILEBUILDER_H
#define RETNET_CONVERSION_RETENTIONCOMMON_TILEBUILDER_H

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"

#include <functional>

namespace mlir::retention {

/// acc + x * y with reassociation and contraction allowed (arith fastmath
/// reassoc, contract), so LLVM can vectorize reductions and form FMAs.
Value buildFmaLike(OpBuilder &b, Location loc, Value x, Value y, Value acc);

/// acc[...] += x[...] * y[...] as a linalg.generic over `maps` (x, y, acc)
/// and `iterators`, its body a buildFmaLike.
Value buildFmaGeneric(ImplicitLocOpBuilder &b, Value x, Value y, Value acc,
                      ArrayRef<AffineMap> maps,
                      ArrayRef<utils::IteratorType> iterators);

/// Computes gamma^delta = exp(delta * logDecay) in f32 for an index-typed
/// `delta >= 0`. delta == 0 gives exactly 1 (also for logDecay = -inf).
Value buildDecayPow(ImplicitLocOpBuilder &b, Value logDecay, Value delta);

/// Computes sum_{i < count} gamma^i = (1 - gamma^count) / (1 - gamma) (count
/// when gamma == 1) in f64 for an index-typed `count >= 0`: torchscale's
/// recurrent `scale` after `count` tokens (0 for count = 0).
Value buildDecaySum(ImplicitLocOpBuilder &b, Value logDecay, Value count);

/// Computes 1 / sqrt(sum_{m <= n} gamma^(n - m)) for index-typed `n`: the
/// decay-normalization factor of row n, evaluated in f64 for accuracy and
/// returned as f32.
Value buildDecayNormFactor(ImplicitLocOpBuilder &b, Value logDecay, Value n);

/// sqrt(sum_{i < offset} gamma^i) as f32: turns torchscale's normalized
/// state after `offset` tokens back into the plain decayed sum the
/// schedules carry (0 at offset 0: no tokens, no state).
Value buildStateDenormFactor(ImplicitLocOpBuilder &b, Value logDecay,
                             Value offset);

/// The epilogue factor of output row `absRow` (index, absolute position):
/// scale, times the decay normalization 1 / sqrt(sum_{i <= absRow} gamma^i)
/// when `logDecay` is given (null: no normalization). One definition for
/// the CPU and GPU lowerings.
Value buildRowFactor(ImplicitLocOpBuilder &b, float scale, Value logDecay,
                     Value absRow);

/// The factor that normalizes a final state: the decay normalization of the
/// last row, at absolute position offset + T - 1, and 1 when offset + T = 0
/// (no row at all: the state is the zero or initial one as it is). One
/// definition for the CPU and GPU lowerings.
Value buildFinalStateFactor(ImplicitLocOpBuilder &b, Value logDecay,
                            Value offset, Value seqLen);

/// The per-token factors of torchscale's normalized recurrence at absolute
/// position n: S_n = decay * S_{n-1} + (kScale * k_n)^T v_n with decay =
/// gamma * sqrt(sum_{i<n} gamma^i / sum_{i<=n} gamma^i) and kScale =
/// 1 / sqrt(sum_{i<=n} gamma^i). Returns {decay, kScale} as f32.
std::pair<Value, Value> buildNormalizedStepFactors(ImplicitLocOpBuilder &b,
                                                   Value logDecay, Value n);

/// Causal structure a contraction may exploit (register-tiled path only;
/// the plain path computes everything, which is equally correct).
struct ContractCausal {
  enum Kind {
    None,
    /// Only outputs (i, j) with j <= i + offset are needed: register tiles
    /// entirely above that diagonal are skipped and keep acc's values.
    Output,
    /// opA[i, p] is zero for p > i + offset: the reduction of row tile i
    /// stops there.
    Reduction
  } kind = None;
  Value offset; ///< index >= 0; required unless kind == None
};

/// Helpers over rank-2 f32 tensors of possibly dynamic size.
class TileBuilder {
public:
  explicit TileBuilder(ImplicitLocOpBuilder &b) : b(b) {}

  ImplicitLocOpBuilder &builder() { return b; }
  Value f32(double v);
  Value index(int64_t v);
  /// OpFoldResult of dimension `d` of tensor `t`.
  OpFoldResult dim(Value t, int64_t d);
  /// min(a, b) on index values.
  Value minIndex(Value x, Value y);

  /// An uninitialized / zero-filled [rows, cols] tensor of `elt`.
  Value empty(ArrayRef<OpFoldResult> sizes, Type elt);
  Value zeros(ArrayRef<OpFoldResult> sizes);

  /// src[b, h, :, :] of a rank-4 tensor, as a rank-2 tensor.
  Value sliceHead(Value src, Value bIdx, Value hIdx);
  /// Rows [off, off + len) of a rank-2 tensor.
  Value sliceRows(Value src, OpFoldResult off, OpFoldResult len);
  /// Row `row` of a rank-2 tensor as a rank-1 tensor.
  Value row(Value src, Value rowIdx);
  /// Inserts rank-2 `tile` into rank-2 `dst` at row `off`.
  Value insertRows(Value tile, Value dst, OpFoldResult off);

  /// Converts a tensor to f32 (or returns it if it already is).
  Value toF32(Value t);
  /// Converts an f32 tensor to element type `elt` (or returns it).
  Value fromF32(Value t, Type elt);

  /// x^T of a rank-2 tensor: with register tiling on (f32), by 16 x 16
  /// vector.transpose blocks (shuffles, see the CPU pipeline), else a
  /// transposing linalg.generic.
  Value transpose(Value x);
  using Causal = ContractCausal;
  /// The same contraction as `contract`, register-tiled: an MR x NR block of
  /// acc lives in vector registers while the reduction runs, fed by
  /// unit-stride vector reads of B's rows (B transposed up front when given
  /// as [N, K]) and one broadcast A element per accumulator row (read from
  /// A [M, K] directly, or as an MR vector of A^T [K, M]); partial tiles at
  /// the edges use out-of-bounds-masked transfers and clamped A rows.
  Value contractTiled(Value a, Value bm, Value acc, bool transA, bool transB,
                      Causal causal = {});
  /// Register tile of contractTiled (rows x lanes); 0 disables it.
  void setRegisterTile(int64_t rows, int64_t lanes) {
    tileRows = rows;
    tileLanes = lanes;
  }
  int64_t registerTileRows() const { return tileRows; }
  /// A one-row tile (a matrix-vector product) accumulates `split` partial
  /// sums over interleaved k and adds them at the end (when K is static and
  /// a multiple of it): more FMA chains in flight, another summation order.
  void setReductionSplit(int64_t split) { reductionSplit = split; }
  /// contractTiled starts its accumulators at this f32 scalar instead of
  /// reading acc (whose values are then never read, only overwritten: a
  /// destination that a fill of the scalar would have initialised); no
  /// value (the default) reads acc. Only without a causal bound, where
  /// every element of acc is written.
  void setAccumulatorInit(Value scalar) { accumulatorInit = scalar; }
  /// acc[i, j] += sum_p opA[i, p] * opB[p, j] with opA = transA ? A^T : A and
  /// opB = transB ? B^T : B.
  Value contract(Value a, Value bm, Value acc, bool transA, bool transB,
                 Causal causal = {});

  /// Computes the causal decay-masked scores
  ///   P[r, c] = S[r, c] * gamma^(rowOff + r - colOff - c)  if rowOff + r >=
  ///   colOff + c, else 0
  /// in place of S, with the decay computed per element from log-decay.
  /// With `table` (from decayTable) the decays are read from it at index
  /// r - c + shift instead of being computed for this tile.
  Value maskWithDecay(Value s, Value logDecay, Value rowOff, Value colOff,
                      Value table = {}, Value shift = {});
  /// The decays of a rows x cols tile whose entry (r, c) has exponent
  /// base + r - c, one per diagonal: table[t] = gamma^(base + t - (cols -
  /// 1)), 0 where the exponent is negative. For base = 0 and cols = C it
  /// serves any len x len tile with len <= C at shift C - 1.
  Value decayTable(Value logDecay, Value rows, Value cols, Value base);

  /// out[r, :] = x[r, :] * factor(r) (+ addend[r, :] if given); `factor`
  /// receives the row index and returns an f32.
  Value scaleRows(Value x, const std::function<Value(Value)> &factor,
                  Value addend = {});
  /// out = x * s for an f32 scalar s.
  Value scaleAll(Value x, Value s);
  /// out[r, :] = x[r, :] / sqrt(mean(x[r, :]^2) + eps) (RMS norm of rows).
  Value rmsNormRows(Value x, float eps);
  /// acc + (q S) * gamma^(rowOff + r + 1) for row r of q [L, Dk]: the
  /// contribution of a carried state S [Dk, Dv] to rows rowOff + r.
  Value addStateContribution(Value acc, Value q, Value state, Value logDecay,
                             Value rowOff);
  /// gamma^len S + (K * zeta)^T V with zeta[r] = gamma^(len - 1 - r), for
  /// K [len, Dk], V [len, Dv]: the state after len more rows. A null S is
  /// zero.
  Value advanceState(Value state, Value k, Value v, Value logDecay, Value len);
  /// out[i, j] = gamma * s[i, j] + k[i] * v[j] (recurrent state update),
  /// written into s (inPlace) or into a fresh tensor.
  Value decayedOuterUpdate(Value s, Value gamma, Value k, Value v,
                           bool inPlace = true);
  /// out[j] = sum_i q[i] * s[i, j] (one row of the recurrent output).
  Value vecMat(Value q, Value s);
  /// One recurrent step, fused: next = gamma * s + k^T v and out = q next,
  /// in one pass over the state (each row read once, written once, the
  /// output accumulated in vector registers over blocks of up to 128
  /// lanes). k, q [Dk], v [Dv], s [Dk, Dv] with static Dk, Dv. `inPlace`
  /// writes next over s (a loop-carried state); otherwise into a fresh
  /// tensor, so a read-only s is read once. The output row is written into
  /// row `row` of `outRows` [*, Dv]. Returns {next, updated outRows}.
  /// With `kScale` (an f32 scalar), k is multiplied by it on the fly.
  std::pair<Value, Value> recurrentStep(Value s, Value gamma, Value k, Value v,
                                        Value q, bool inPlace, Value outRows,
                                        Value row, Value kScale = {});

private:
  ImplicitLocOpBuilder &b;
  int64_t tileRows = 0, tileLanes = 0, reductionSplit = 1;
  Value accumulatorInit;
};

} // namespace mlir::retention

#endif // RETNET_CONVERSION_RETENTIONCOMMON_TILEBUILDER_H
