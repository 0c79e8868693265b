//===- ExpandCopies.cpp - retention-expand-copies -------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONEXPANDCOPIES
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct ExpandCopiesPass
    : retention::impl::RetentionExpandCopiesBase<ExpandCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation()->walk([&](memref::CopyOp op) { copies.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp op : copies) {
      rewriter.setInsertionPoint(op);
      linalg::CopyOp::create(rewriter, op.getLoc(), op.getSource(),
                             op.getTarget());
      rewriter.eraseOp(op);
    }
  }
};
} // namespace
