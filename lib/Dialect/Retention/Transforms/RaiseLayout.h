//===- RaiseLayout.h - index algebra of retention-raise ---------*- C++ -*-===//
//
// retention-raise has to know which dimension of which tensor is which index
// of retention (batch, head, query position, key position, key and value
// features) through the reshapes, transposes and contractions an importer
// writes around the two products. It reasons about *atoms*: index spaces of a
// fixed size greater than 1. A tensor's *layout* lists, per dimension, the
// atoms that dimension enumerates in row-major order (none for a unit
// dimension). A reshape merges or splits atom lists and a transpose permutes
// them; where a reshape boundary falls inside an atom, the atom is split into
// a row-major pair of sub-atoms everywhere at once (`leaves` reads through
// splits), which changes no index relation. Contractions name their loops
// with atoms, so the same atom in two tensors is the same index.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISELAYOUT_H
#define RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISELAYOUT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::retention::raise {

/// Per tensor dimension, the atoms it enumerates (row-major).
using Layout = SmallVector<SmallVector<int, 2>, 4>;

class Atoms {
public:
  /// A new atom of `size` > 1.
  int create(int64_t size);
  int64_t size(int atom) const { return sizes[atom]; }
  int64_t product(ArrayRef<int> atoms) const;
  /// `atoms` with every split atom replaced by its parts, recursively.
  SmallVector<int, 2> leaves(ArrayRef<int> atoms) const;
  Layout leaves(const Layout &layout) const;
  /// Cuts the row-major atom list `atoms` into consecutive groups of the
  /// given sizes (size 1: an empty group), splitting atoms a boundary falls
  /// inside. Fails where sizes do not divide (no row-major regrouping).
  FailureOr<Layout> group(ArrayRef<int> atoms, ArrayRef<int64_t> groupSizes);

private:
  SmallVector<int64_t> sizes;
  SmallVector<SmallVector<int, 2>> parts;
};

/// The layout of a contraction operand or result: its dims are loops
/// (`map` a projected permutation), `loops` the atoms of each loop.
Layout layoutThroughMap(AffineMap map, ArrayRef<SmallVector<int, 2>> loops);

/// The layout of `op`'s result from that of its operand `operand`. `op` is a
/// reshape (expand_shape, collapse_shape, cast) or a linalg op whose result
/// and operand `operand` are indexed by permutations of its loops.
FailureOr<Layout> propagateForward(Atoms &atoms, Operation *op,
                                   unsigned operand, const Layout &in);
/// The layout of `op`'s operand `operand` from that of its result.
FailureOr<Layout> propagateBackward(Atoms &atoms, Operation *op,
                                    unsigned operand, const Layout &result);

/// `src` (layout `from`) rearranged into layout `to` of type `shape`: one
/// reshape to a dimension per atom, a transpose, one reshape to `shape`
/// (each left out when it does nothing).
Value relayout(OpBuilder &b, Location loc, const Atoms &atoms, Value src,
               const Layout &from, const Layout &to, ArrayRef<int64_t> shape);

} // namespace mlir::retention::raise

#endif // RETNET_LIB_DIALECT_RETENTION_TRANSFORMS_RAISELAYOUT_H
