//===- ConvertRetentionToGPU.cpp - convert-retention-to-gpu ---------------===//

#include "GPULowering.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTRETENTIONTOGPU
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {
struct ConvertRetentionToGPUPass
    : impl::ConvertRetentionToGPUBase<ConvertRetentionToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize <= 0 || blockSize > 1024 || blockSize % 32 != 0) {
      getOperation()->emitError()
          << "convert-retention-to-gpu: block-size must be a multiple of 32 "
             "in [32, 1024], got "
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    RetentionToGPUOptions options;
    options.blockSize = blockSize;
    options.deviceBuffers = deviceBuffers;
    options.tensorCores = tensorCores;
    SmallVector<func::FuncOp> hosts;
    getOperation().walk([&](func::FuncOp fn) {
      if (fn->hasAttr(kKernelAttr) && fn.isDeclaration())
        hosts.push_back(fn);
    });
    for (func::FuncOp fn : hosts)
      if (failed(buildHostFunction(fn, options)))
        return signalPassFailure();
  }
};
} // namespace
