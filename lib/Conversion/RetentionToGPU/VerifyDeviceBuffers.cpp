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

#include "llvm/ADT/DenseSet.h"

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
    auto fail = [&](Operation *op, const Twine &message) {
      op->emitError("device buffers (--gpu-io=device) ") << message;
      bad = true;
    };
    getOperation().walk([&](func::FuncOp fn) {
      if (fn.isPrivate() || fn.isDeclaration())
        return;
      for (Type t : fn.getFunctionType().getInputs()) {
        auto st = dyn_cast<ShapedType>(t);
        if (st && !st.hasStaticShape()) {
          fail(fn, "need static shapes");
          break;
        }
      }
      for (Operation &op : fn.getBody().getOps()) {
        if (auto ret = dyn_cast<func::ReturnOp>(op)) {
          // Each result must be a kernel's output, written on the device
          // into the caller's buffer, and each only once.
          llvm::SmallDenseSet<Value> seen;
          for (Value v : ret.getOperands())
            if (isa<ShapedType>(v.getType()) &&
                (!v.getDefiningOp<RetentionOp>() || !seen.insert(v).second))
              fail(ret, "need every result to be a retention op's output, "
                        "returned once (an argument, a constant or a "
                        "repeated value would be copied on the host)");
          continue;
        }
        if (auto c = dyn_cast<arith::ConstantOp>(op)) {
          // Scalars are passed by value; a tensor constant is a host global.
          if (isa<ShapedType>(c.getType()))
            fail(c, "support scalar constants only; a tensor constant is "
                    "host memory the kernels cannot read");
          continue;
        }
        auto retention = dyn_cast<RetentionOp>(op);
        if (!retention) {
          fail(&op, "support functions made of retention ops only; this op "
                    "would run on the host on device memory");
          continue;
        }
        // Tensor operands straight from the caller (device buffers), and
        // every result returned: an intermediate or dropped result would be
        // a host buffer the kernels write.
        for (Value v : retention->getOperands())
          if (isa<ShapedType>(v.getType()) && !isa<BlockArgument>(v))
            fail(retention, "need the retention ops' tensor operands to be "
                            "the function's arguments (an intermediate "
                            "result would live in host memory)");
        for (Value r : retention->getResults())
          if (!llvm::all_of(
                  r.getUsers(),
                  [](Operation *user) { return isa<func::ReturnOp>(user); }) ||
              r.use_empty())
            fail(retention, "need every result of a retention op to be "
                            "returned (another would live in host memory)");
      }
    });
    if (bad)
      signalPassFailure();
  }
};
} // namespace
