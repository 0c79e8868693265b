//===- MergeGPUModules.cpp - retention-merge-gpu-modules ------------------===//

#include "GPULowering.h"

namespace mlir {
#define GEN_PASS_DEF_RETENTIONMERGEGPUMODULES
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {
struct RetentionMergeGPUModulesPass
    : impl::RetentionMergeGPUModulesBase<RetentionMergeGPUModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> gpuModules(
        module.getBody()->getOps<gpu::GPUModuleOp>());
    if (gpuModules.size() < 2)
      return;
    gpu::GPUModuleOp target = gpuModules.front();
    SymbolTable targetSymbols(target);
    // (old module, old kernel) -> new kernel name in `target`.
    DenseMap<std::pair<StringAttr, StringAttr>, StringAttr> renamed;
    for (gpu::GPUModuleOp from : llvm::drop_begin(gpuModules)) {
      if (from.getTargetsAttr() != target.getTargetsAttr()) {
        from.emitOpError("has other targets than ")
            << target.getName() << "; cannot merge";
        return signalPassFailure();
      }
      for (Operation &op :
           llvm::make_early_inc_range(from.getBody()->without_terminator())) {
        auto sym = dyn_cast<SymbolOpInterface>(op);
        StringAttr oldName = sym ? sym.getNameAttr() : StringAttr();
        op.moveBefore(target.getBody()->getTerminator());
        if (sym) {
          StringAttr newName = targetSymbols.insert(&op);
          renamed[{from.getNameAttr(), oldName}] = newName;
        }
      }
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      auto it =
          renamed.find({launch.getKernelModuleName(), launch.getKernelName()});
      if (it == renamed.end())
        return;
      launch.setKernelAttr(SymbolRefAttr::get(
          target.getNameAttr(), {FlatSymbolRefAttr::get(it->second)}));
    });
    for (gpu::GPUModuleOp from : llvm::drop_begin(gpuModules))
      from.erase();
  }
};
} // namespace
