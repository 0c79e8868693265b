//===- ForwardResultCopies.cpp - retention-forward-result-copies ----------===//
//
// A public function's result computed into a fresh buffer and then copied
// into its out-param (what buffer-results-to-out-params leaves for a
// dynamically shaped result) is computed into the out-param instead.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONFORWARDRESULTCOPIES
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
/// The allocation `v` is (through at most one collapse_shape), if any.
static std::pair<memref::AllocOp, memref::CollapseShapeOp> rootOf(Value v) {
  auto collapse = v.getDefiningOp<memref::CollapseShapeOp>();
  if (collapse)
    v = collapse.getSrc();
  return {v.getDefiningOp<memref::AllocOp>(), collapse};
}

/// Every use of `v`, and of the views taken of it, is before `copy` in its
/// block (or nested in an op that is), and none returns it.
static bool usedOnlyBefore(Value v, memref::CopyOp copy,
                           memref::CollapseShapeOp view) {
  for (Operation *user : v.getUsers()) {
    if (user == copy || user == view)
      continue;
    Operation *inBlock = copy->getBlock()->findAncestorOpInBlock(*user);
    if (!inBlock || !inBlock->isBeforeInBlock(copy) ||
        isa<func::ReturnOp>(user))
      return false;
    if (isa<ViewLikeOpInterface>(user))
      for (Value r : user->getResults())
        if (!usedOnlyBefore(r, copy, view))
          return false;
  }
  return true;
}

struct RetentionForwardResultCopiesPass
    : retention::impl::RetentionForwardResultCopiesBase<
          RetentionForwardResultCopiesPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isExternal() || fn.isPrivate())
        continue;
      Block &entry = fn.getBody().front();
      SmallVector<memref::CopyOp> copies;
      fn.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
      for (memref::CopyOp copy : copies)
        forward(rewriter, entry, copy);
    }
  }

  /// copy(alloc or collapse_shape(alloc), out-param) -> the alloc's users
  /// write the out-param (expanded back when the result was collapsed).
  void forward(IRRewriter &rewriter, Block &entry, memref::CopyOp copy) {
    auto out = dyn_cast<BlockArgument>(copy.getTarget());
    if (!out || out.getOwner() != &entry || copy->getBlock() != &entry)
      return;
    // The out-param is only written by this copy (its extents may be read).
    for (Operation *user : out.getUsers())
      if (user != copy && !isa<memref::DimOp>(user))
        return;
    auto [alloc, view] = rootOf(copy.getSource());
    if (!alloc || alloc->getBlock() != &entry || (view && !view->hasOneUse()))
      return;
    auto outType = cast<MemRefType>(out.getType());
    if (!outType.getLayout().isIdentity() ||
        !alloc.getType().getLayout().isIdentity() ||
        outType.getMemorySpace() != alloc.getType().getMemorySpace() ||
        !usedOnlyBefore(alloc.getResult(), copy, view))
      return;
    rewriter.setInsertionPoint(alloc);
    Value replacement = out;
    if (view) {
      if (view.getType() != outType)
        return;
      // The alloc's shape, from its own size operands.
      SmallVector<OpFoldResult> shape =
          memref::getMixedSizes(rewriter, alloc.getLoc(), alloc.getResult());
      replacement = memref::ExpandShapeOp::create(
          rewriter, alloc.getLoc(), alloc.getType(), out,
          view.getReassociationIndices(), shape);
    } else if (alloc.getType() != outType) {
      return;
    }
    rewriter.eraseOp(copy);
    if (view)
      rewriter.eraseOp(view);
    rewriter.replaceOp(alloc, replacement);
  }
};
} // namespace
