//===- VerifyDeviceBuffers.cpp - retention-verify-device-buffers ----------===//
//
// With device buffers (retnet-cuda-pipeline{device-buffers=1}, retnet-compile
// --gpu-io=device) the public functions take and return device pointers,
// which host code must never touch: only retention ops (whose host functions
// launch kernels on them), constants and the return, and static shapes (a
// dynamic extent would be read from a device descriptor on the host).
//
//===----------------------------------------------------------------------===//

#include "GPULowering.h"

namespace mlir {
#define GEN_PASS_DEF_RETENTIONVERIFYDEVICEBUFFERS
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;

namespace {
struct RetentionVerifyDeviceBuffersPass
    : impl::RetentionVerifyDeviceBuffersBase<RetentionVerifyDeviceBuffersPass> {
  void runOnOperation() override {
    bool bad = false;
    getOperation().walk([&](func::FuncOp fn) {
      if (fn.isPrivate() || fn.isDeclaration())
        return;
      for (Type t : fn.getFunctionType().getInputs()) {
        auto st = dyn_cast<ShapedType>(t);
        if (st && !st.hasStaticShape()) {
          fn.emitError("device buffers (--gpu-io=device) need static shapes");
          bad = true;
          break;
        }
      }
      for (Operation &op : fn.getBody().getOps()) {
        if (isa<RetentionOp, func::ReturnOp, arith::ConstantOp>(op))
          continue;
        op.emitError("device buffers (--gpu-io=device) support functions "
                     "made of retention ops only; this op would run on the "
                     "host on device memory");
        bad = true;
      }
    });
    if (bad)
      signalPassFailure();
  }
};
} // namespace
