//===- RaiseLayout.cpp - index algebra of retention-raise -----------------===//

#include "RaiseLayout.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::retention::raise;

int Atoms::create(int64_t size) {
  assert(size > 1 && "unit index spaces are not atoms");
  sizes.push_back(size);
  parts.emplace_back();
  return static_cast<int>(sizes.size()) - 1;
}

int64_t Atoms::product(ArrayRef<int> atoms) const {
  int64_t p = 1;
  for (int a : atoms)
    p *= sizes[a];
  return p;
}

SmallVector<int, 2> Atoms::leaves(ArrayRef<int> atoms) const {
  SmallVector<int, 2> out;
  for (int a : atoms) {
    if (parts[a].empty())
      out.push_back(a);
    else
      llvm::append_range(out, leaves(parts[a]));
  }
  return out;
}

Layout Atoms::leaves(const Layout &layout) const {
  Layout out;
  for (const auto &dim : layout)
    out.push_back(leaves(dim));
  return out;
}

FailureOr<Layout> Atoms::group(ArrayRef<int> atoms,
                               ArrayRef<int64_t> groupSizes) {
  SmallVector<int, 2> rest = leaves(atoms);
  size_t pos = 0;
  Layout out;
  for (int64_t size : groupSizes) {
    auto &g = out.emplace_back();
    int64_t need = size;
    while (need > 1) {
      if (pos == rest.size())
        return failure();
      int a = rest[pos];
      int64_t s = sizes[a];
      if (s <= need) {
        if (need % s != 0)
          return failure();
        g.push_back(a);
        need /= s;
        ++pos;
        continue;
      }
      if (s % need != 0)
        return failure();
      // The boundary falls inside `a`: split it (outer part first).
      int outer = create(need);
      int inner = create(s / need);
      parts[a] = {outer, inner};
      g.push_back(outer);
      rest[pos] = inner;
      need = 1;
    }
  }
  if (pos != rest.size())
    return failure();
  return out;
}

Layout
mlir::retention::raise::layoutThroughMap(AffineMap map,
                                         ArrayRef<SmallVector<int, 2>> loops) {
  Layout out;
  for (unsigned j = 0; j < map.getNumResults(); ++j)
    out.push_back(loops[map.getDimPosition(j)]);
  return out;
}

namespace {

/// The indexing maps of a linalg op's result and of operand `operand`, when
/// both are permutations of its loops.
std::optional<std::pair<AffineMap, AffineMap>>
permutationMaps(linalg::LinalgOp op, unsigned operand) {
  if (op.getNumDpsInits() != 1)
    return std::nullopt;
  AffineMap in = op.getMatchingIndexingMap(&op->getOpOperand(operand));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!in.isPermutation() || !out.isPermutation())
    return std::nullopt;
  return std::make_pair(in, out);
}

SmallVector<int64_t> shapeOf(Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  return SmallVector<int64_t>(t.getShape());
}

/// Re-indexes `from` (dims indexed by map `src`) into the dims of map `dst`.
Layout permute(const Layout &from, AffineMap src, AffineMap dst) {
  SmallVector<SmallVector<int, 2>> loops(src.getNumDims());
  for (unsigned j = 0; j < src.getNumResults(); ++j)
    loops[src.getDimPosition(j)] = from[j];
  return layoutThroughMap(dst, loops);
}

} // namespace

/// The layout of a reshape's collapsed side: each group of the expanded
/// side's dims becomes one dim holding their atoms in order.
static Layout mergeGroups(ArrayRef<ReassociationIndices> groups,
                          const Layout &expanded) {
  Layout merged;
  for (const ReassociationIndices &g : groups) {
    auto &dim = merged.emplace_back();
    for (int64_t j : g)
      llvm::append_range(dim, expanded[j]);
  }
  return merged;
}

/// The layout of a reshape's expanded side (of static `shape`): each dim of
/// the collapsed side is split into its group's dims.
static FailureOr<Layout> splitGroups(Atoms &atoms,
                                     ArrayRef<ReassociationIndices> groups,
                                     const Layout &collapsed,
                                     ArrayRef<int64_t> shape) {
  Layout split;
  for (auto [j, g] : llvm::enumerate(groups)) {
    SmallVector<int64_t> sizes;
    for (int64_t d : g)
      sizes.push_back(shape[d]);
    FailureOr<Layout> parts = atoms.group(collapsed[j], sizes);
    if (failed(parts))
      return failure();
    llvm::append_range(split, *parts);
  }
  return split;
}

FailureOr<Layout> mlir::retention::raise::propagateForward(Atoms &atoms,
                                                           Operation *op,
                                                           unsigned operand,
                                                           const Layout &in) {
  if (isa<tensor::CastOp>(op))
    return in;
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return mergeGroups(collapse.getReassociationIndices(), in);
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return splitGroups(atoms, expand.getReassociationIndices(), in,
                       shapeOf(expand.getResult()));
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    auto maps = permutationMaps(linalgOp, operand);
    if (!maps)
      return failure();
    return permute(in, maps->first, maps->second);
  }
  return failure();
}

FailureOr<Layout> mlir::retention::raise::propagateBackward(Atoms &atoms,
                                                            Operation *op,
                                                            unsigned operand,
                                                            const Layout &out) {
  if (isa<tensor::CastOp>(op))
    return out;
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return mergeGroups(expand.getReassociationIndices(), out);
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return splitGroups(atoms, collapse.getReassociationIndices(), out,
                       shapeOf(collapse.getSrc()));
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
    auto maps = permutationMaps(linalgOp, operand);
    if (!maps)
      return failure();
    return permute(out, maps->second, maps->first);
  }
  return failure();
}

namespace {

/// `v` reshaped to `shape` (same number of elements): one collapse or
/// expand where the shapes allow it, else through one dimension.
Value reshape(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> shape) {
  auto srcType = cast<RankedTensorType>(v.getType());
  if (srcType.getShape() == shape)
    return v;
  auto dstType = srcType.clone(shape);
  auto expand = [&](Value x, RankedTensorType type,
                    ArrayRef<ReassociationIndices> re) -> Value {
    return tensor::ExpandShapeOp::create(
        b, loc, type, x, re,
        getAsIndexOpFoldResult(b.getContext(), type.getShape()));
  };
  if (srcType.getRank() != dstType.getRank()) {
    if (auto re = getReassociationIndicesForReshape(srcType, dstType)) {
      if (srcType.getRank() > dstType.getRank())
        return tensor::CollapseShapeOp::create(b, loc, dstType, v, *re);
      return expand(v, dstType, *re);
    }
  }
  auto all = [](int64_t rank) {
    ReassociationIndices g;
    for (int64_t i = 0; i < rank; ++i)
      g.push_back(i);
    return SmallVector<ReassociationIndices>{g};
  };
  Value flat = v;
  auto flatType = srcType.clone({srcType.getNumElements()});
  if (srcType.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, v,
                                           all(srcType.getRank()));
  if (dstType.getRank() == 1)
    return flat;
  return expand(flat, dstType, all(dstType.getRank()));
}

} // namespace

Value mlir::retention::raise::relayout(OpBuilder &b, Location loc,
                                       const Atoms &atoms, Value src,
                                       const Layout &from, const Layout &to,
                                       ArrayRef<int64_t> shape) {
  Layout fromLeaves = atoms.leaves(from), toLeaves = atoms.leaves(to);
  auto atMostOne = [](const Layout &l) {
    return llvm::all_of(l, [](const auto &dim) { return dim.size() <= 1; });
  };
  if (from.size() == to.size() && atMostOne(fromLeaves) &&
      atMostOne(toLeaves)) {
    // One transpose: each dim is one atom or a unit dim (matched in order).
    SmallVector<int64_t> permutation;
    SmallVector<bool> used(from.size(), false);
    for (const auto &dim : toLeaves) {
      size_t j = 0;
      while (j < from.size() && (used[j] || fromLeaves[j] != dim))
        ++j;
      assert(j < from.size() && "layouts of different atoms");
      used[j] = true;
      permutation.push_back(static_cast<int64_t>(j));
    }
    if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())))
      return src;
    auto type = cast<RankedTensorType>(src.getType());
    Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
    return linalg::TransposeOp::create(b, loc, src, init, permutation)
        ->getResult(0);
  }
  SmallVector<int> flatFrom, flatTo;
  for (const auto &dim : fromLeaves)
    llvm::append_range(flatFrom, dim);
  for (const auto &dim : toLeaves)
    llvm::append_range(flatTo, dim);
  assert(flatFrom.size() == flatTo.size() && "layouts of different atoms");
  SmallVector<int64_t> atomShape, permutation, permutedShape;
  for (int a : flatFrom)
    atomShape.push_back(atoms.size(a));
  for (int a : flatTo) {
    auto it = llvm::find(flatFrom, a);
    assert(it != flatFrom.end() && "layouts of different atoms");
    permutation.push_back(it - flatFrom.begin());
    permutedShape.push_back(atoms.size(a));
  }
  Value v = reshape(b, loc, src, atomShape);
  if (!llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size()))) {
    auto type = cast<RankedTensorType>(v.getType());
    Value init =
        tensor::EmptyOp::create(b, loc, permutedShape, type.getElementType());
    v = linalg::TransposeOp::create(b, loc, v, init, permutation)->getResult(0);
  }
  return reshape(b, loc, v, shape);
}
