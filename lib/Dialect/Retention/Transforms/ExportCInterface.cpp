//===- ExportCInterface.cpp - retention-export-c-interface ----------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONEXPORTCINTERFACE
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct ExportCInterfacePass
    : retention::impl::RetentionExportCInterfaceBase<ExportCInterfacePass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(&getContext()));
      // Callers own their input buffers: bufferization must never write
      // into them (it would, by default, reuse an argument's buffer for a
      // value computed from it).
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgumentTypes()[i]))
          func.setArgAttr(i, "bufferization.writable",
                          BoolAttr::get(&getContext(), false));
      // Each result is its own out-param: a tensor returned twice gets a
      // copy for its second slot (buffer-results-to-out-params crashed on
      // one buffer for two results).
      func.walk([&](func::ReturnOp ret) {
        llvm::SmallDenseSet<Value> seen;
        OpBuilder b(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          Value v = operand.get();
          auto type = dyn_cast<RankedTensorType>(v.getType());
          if (!type || seen.insert(v).second)
            continue;
          // The copy's extents are the source's.
          operand.set(bufferization::AllocTensorOp::create(
              b, ret.getLoc(), type, ValueRange{}, /*copy=*/v));
        }
      });
    }
  }
};
} // namespace
