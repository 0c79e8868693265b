//===- SerializeForalls.cpp - retention-serialize-foralls -----------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONSERIALIZEFORALLS
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct RetentionSerializeForallsPass
    : retention::impl::RetentionSerializeForallsBase<
          RetentionSerializeForallsPass> {
  void runOnOperation() override {
    SmallVector<scf::ForallOp> marked;
    getOperation()->walk([&](scf::ForallOp op) {
      if (op->hasAttr(retention::kSerialAttrName))
        marked.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ForallOp op : marked) {
      rewriter.setInsertionPoint(op);
      if (failed(scf::forallToForLoop(rewriter, op))) {
        op.emitOpError("marked ")
            << retention::kSerialAttrName
            << " could not be turned into loops (bufferize it first)";
        return signalPassFailure();
      }
    }
  }
};
} // namespace
