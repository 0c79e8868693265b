//===- ExportCInterface.cpp - retention-export-c-interface ----------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"

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
      if (func.isPublic() && !func.isExternal())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(&getContext()));
    }
  }
};
} // namespace
