//===- RetentionToGPU.h - retention to GPU kernels -------------*- C++ -*-===//

#ifndef RETNET_CONVERSION_RETENTIONTOGPU_RETENTIONTOGPU_H
#define RETNET_CONVERSION_RETENTIONTOGPU_RETENTIONTOGPU_H

#include "mlir/Pass/Pass.h"
#include "retnet/Target/TargetInfo.h"

namespace mlir {
namespace retention {
/// The convert-retention-to-gpu option tensor-cores.
enum class TensorCores {
  /// mma.sync m16n8k16 for f16/bf16 chunkwise products (sm_80+).
  On,
  /// SIMT f32 only.
  Off,
  /// Each lane computes its accumulator elements itself from the same
  /// fragment loaders: what retention-test-emulate-gpu can run on a CPU.
  Emulate,
};
} // namespace retention
namespace func {
class FuncOp;
} // namespace func

#define GEN_PASS_DECL_CONVERTRETENTIONTOGPU
#define GEN_PASS_DECL_RETENTIONOUTLINEGPUCALLS
#define GEN_PASS_DECL_RETENTIONMERGEGPUMODULES
#define GEN_PASS_DECL_RETENTIONVERIFYDEVICEBUFFERS
#include "retnet/Conversion/Passes.h.inc"

namespace retention {
/// What the GPU lowering takes from its pass; each op's own choices (the
/// parallel tile, tensor cores) come from its #retention.lowering_config.
struct RetentionToGPUOptions {
  /// Threads per block of the chunkwise, parallel and state kernels.
  int64_t blockSize = 256;
  /// Tensor cores for the f16/bf16 chunkwise kernels whose lowering_config
  /// asks for them (Off: never; Emulate: the emulator's form).
  TensorCores tensorCores = TensorCores::On;
  /// Largest chunk whose C x C score tile lives in shared memory; larger
  /// chunks keep it in a global scratch buffer.
  int64_t maxSharedChunk = retnet::CudaKernelShape::maxSharedChunk;
  /// The host function's memrefs are device buffers already: no copies in
  /// or out, the kernels read the arguments and write the results in place.
  bool deviceBuffers = false;
};

/// Fills the body of a host function left by retention-outline-gpu-calls
/// (a declaration carrying `retention.gpu_kernel`, the op's attributes, and
/// taking host memrefs (q, k, v, log_decay[, init], out[, final_state])):
/// copies the operands to device buffers, launches the schedule's kernels
/// (`gpu.launch`, asynchronous on one stream), copies the results into the
/// output memrefs, frees the device buffers and waits. Run
/// gpu-kernel-outlining and the NVVM lowering afterwards.
llvm::LogicalResult
buildHostFunction(func::FuncOp fn, const RetentionToGPUOptions &options = {});
} // namespace retention
} // namespace mlir

#endif // RETNET_CONVERSION_RETENTIONTOGPU_RETENTIONTOGPU_H
