//===- RaiseMatch.h - find retention written out in linalg ------*- C++ -*-===//
//
// The matcher of retention-raise. Starting from a contraction (anything
// linalg's ContractionOpInterface check accepts: batch_matmul, matmul,
// generic einsum contractions, whatever their operand maps), it follows the
// operands through *transparent* ops, the ops that only move elements or
// multiply them by constants:
//
//   - tensor.expand_shape / collapse_shape / cast, linalg.transpose, and any
//     all-parallel linalg op whose output and one non-constant operand are
//     indexed by permutations of its loops, whose other operands are computed
//     from constants only, and whose body is linear in that operand
//     (products, quotients by, negations, selects against zero). Its factor
//     (the op evaluated with that operand set to 1) is a mask factor on the
//     scores, and a scalar scale on q, k, v or the output when uniform.
//
// It requires: out = contract(P, v) over the key positions, P = the scores
// through transparent ops only (each used once), scores = contract(q, k)
// over the features, the same batch indices in both, and the product of the
// scores' mask factors a causal geometric decay mask per head (read by
// value: RaiseMask). Index identities come from the atom algebra
// (RaiseLayout.h), so layouts ([B,H,T,D], [B,T,H,D], B*H collapsed, unit
// dims, einsum transposes) and operand orders do not matter.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISEMATCH_H
#define RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISEMATCH_H

#include "ConstantEvaluator.h"
#include "RaiseLayout.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::retention::raise {

/// What the rewrite needs: q, k, v as found (with their layouts), the value
/// the op replaces, and retention's index roles as atoms.
struct RetentionMatch {
  Atoms atoms;
  Value q, k, v, result;
  Layout qLayout, kLayout, vLayout, resultLayout;
  SmallVector<int, 2> batch, heads; // retention's B and H dims, row-major
  int queryTime = -1, keyTime = -1;
  SmallVector<int, 2> keyFeatures, valueFeatures;
  SmallVector<float> logDecay; // one per head (product of `heads`)
  bool normalized = false;
  double scale = 1.0;
};

/// A mask factor on the scores: an op's factor and the layout of its result.
struct MaskFactor {
  EvaluatedTensor values;
  Layout layout;
};

/// What RaiseMask reads off the scores' mask factors.
struct MaskInfo {
  SmallVector<int, 2> batch, heads;
  SmallVector<float> logDecay;
  bool normalized = false;
  double scale = 1.0;
};

/// Reads the product of `factors` over the index space (batch atoms, query
/// time, key time): it must not depend on the batch atoms other than heads
/// (those it varies along; the last batch atom when it varies along none)
/// and be `scale * r_n * gamma_h^(n - m)` for m <= n, exactly 0 above, with
/// `r_n = 1` or `1 / sqrt(sum_{j <= n} gamma_h^j)` for all heads alike.
FailureOr<MaskInfo> analyzeMaskFactors(const Atoms &atoms, ArrayRef<int> batch,
                                       int queryTime, int keyTime,
                                       ArrayRef<MaskFactor> factors,
                                       StringRef &why);

/// Matches retention whose second product is `pv`; `why` says what failed.
FailureOr<RetentionMatch> matchRetention(linalg::LinalgOp pv, StringRef &why);

} // namespace mlir::retention::raise

#endif // RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISEMATCH_H
