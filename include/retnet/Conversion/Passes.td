//===- Passes.td - retnet conversion passes ------------------*- tablegen -*-===//

#ifndef RETNET_CONVERSION_PASSES_TD
#define RETNET_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRetentionToCPU : Pass<"convert-retention-to-cpu"> {
  let summary = "Lower scheduled retention ops to loops of linalg on tensors";
  let description = [{
    Rewrites every `retention.retention` op according to its
    `#retention.schedule<...>` attribute into an `scf.forall` over
    (batch, head) whose body computes that schedule on f32 tiles:

    * `parallel`: query tiles x key tiles up to the diagonal (tiles above it
      are never visited); the decay of each tile is computed from log-decay
      inside the masking `linalg.generic`, so no T x T mask exists anywhere;
    * `chunkwise`: an `scf.for` over chunks carrying the Dk x Dv state, the
      last chunk may be partial;
    * `recurrent`: an `scf.for` over tokens carrying the state.

    The contractions (Q K^T, P V, Q R, K^T V) are register-tiled: an
    R x L block of the accumulator is kept in vector registers
    (`vector.fma` on `vector.transfer_read`s of unit-stride rows) while the
    reduction runs; edges use masked transfers. A register tile of [0, 0]
    falls back to plain `linalg.generic` loops.

    Every choice (parallel tile, register tile, causal skipping, serial
    decode) comes from the op's `#retention.lowering_config`, written by
    `retention-select-schedule`. An op without one gets the config the cost
    model derives for its schedule on the default CPU, with the register tile
    `register-tile-rows` x `register-tile-lanes` of this pass.

    Inputs of f16/bf16 are widened to f32 and the results narrowed back.
    Every op must carry a schedule: run `retention-select-schedule` first.
    The result is ordinary tensor IR for one-shot bufferization.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"registerTileRows", "register-tile-rows", "int64_t", /*default=*/"8",
           "rows of the register tile of ops without a lowering_config (0: "
           "plain loops)">,
    Option<"registerTileLanes", "register-tile-lanes", "int64_t",
           /*default=*/"32",
           "f32 lanes of the register tile of ops without a lowering_config "
           "(0: plain loops)">
  ];
}

def ConvertLayerContractionsToCPU : Pass<"convert-layer-contractions-to-cpu"> {
  let summary = "Register-tile a model's projections y = x W^T like the retention contractions";
  let description = [{
    A model graph's projections arrive as `linalg.generic`
    `y[..., t, n] += x[..., t, k] * W^T[k, ..., n]` (W^T, in-features major:
    the layout the Python model passes its weights in) or
    `y[..., t, n] += x[..., t, k] * W[..., n, k]` (PyTorch's Linear layout,
    W as [out, in]), which the loop lowering would turn into one dot product
    per output element. This pass rewrites each such op (f32; loops
    (outer..., t, n, k) with k the only reduction; x and W indexed by any
    ordered subset of the outer loops) into the register-tiled contraction
    of the retention lowering (`TileBuilder::contractTiled`): an
    `register-tile-rows` x `register-tile-lanes` block of y in vector
    registers, fed by unit-stride rows of W^T and broadcast elements of x,
    once per point of the outer loops. Fewer static rows than
    `register-tile-rows` (a decode step's matrix-vector product) take a
    tile of as many rows and wider lanes (1 x 4 lanes for one row), so W^T
    is streamed once with independent accumulators.

    W in torch's layout is transposed by 16 x 16 vector blocks first; when
    the op is a tile of an `scf.forall` (`retention-parallelize-linalg`)
    and W is a whole tensor from outside the loop, the transpose is hoisted
    before the loop and shared by all tiles. With fewer than `min-rows`
    static rows such an op is left as dot products: a transpose would
    double its memory traffic. Functions of retention kernels
    (`__retention_*`) are left alone.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"registerTileRows", "register-tile-rows", "int64_t", /*default=*/"8",
           "rows of the register tile (0: leave the ops alone)">,
    Option<"registerTileLanes", "register-tile-lanes", "int64_t",
           /*default=*/"32",
           "f32 lanes of the register tile (0: leave the ops alone)">,
    Option<"minRows", "min-rows", "int64_t", /*default=*/"8",
           "fewest static rows t worth transposing a W given as [N, K]">
  ];
}

def RetentionOutlineGPUCalls : Pass<"retention-outline-gpu-calls", "::mlir::ModuleOp"> {
  let summary = "Replace scheduled retention ops by calls to host functions on memrefs (GPU step 1)";
  let description = [{
    First half of the GPU lowering. Each `retention.retention` op becomes a
    call to a new private function declaration `@__retention_gpu*` taking
    host memrefs `(q, k, v, log_decay[, init], out[, final_state])` and
    carrying the op's attributes as `retention.gpu_kernel`: the operands
    through `bufferization.to_buffer read_only`, the results in fresh
    `memref.alloc` buffers wrapped by `bufferization.to_tensor restrict
    writable`. Bufferization and buffer deallocation then see a plain call
    (their passes do not understand GPU host operations such as `gpu.wait`),
    and `convert-retention-to-gpu` fills in the body afterwards.
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ConvertRetentionToGPU : Pass<"convert-retention-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Build the GPU host code and kernels of outlined retention calls (GPU step 2)";
  let description = [{
    Fills each `@__retention_gpu*` declaration left by
    `retention-outline-gpu-calls` with host code that copies the operands to
    device buffers (`gpu.alloc`, `gpu.memcpy`), launches the schedule's
    kernels as `gpu.launch` regions, copies the results into the output
    memrefs and frees the device buffers, all asynchronous on one stream and
    waited for at the end. Each kernel computes in f32 (f16/bf16 widened on
    load, narrowed on store):

    * `recurrent`: a block per (batch, head), a thread per state column; the
      state column goes through memory once per token;
    * `chunkwise`: a block per (batch, head), chunks in sequence: the
      C x C decayed score tile in shared memory (global scratch when
      C > 64), the chunk's rows, then the state update, with barriers
      between the phases. With f16/bf16 inputs (and C, Dk multiples of 16,
      Dv of 8) the three products run on tensor cores: each warp computes
      16 x 8 tiles with `nvvm.mma.sync` m16n8k16 (f32 accumulators), tiles
      above the diagonal skipped;
    * `parallel`: blocks over (batch * head, 16-row query tiles), 64-wide key
      tiles up to the diagonal only (masked tiles are skipped); a separate
      kernel computes a requested final state.

    Scale, decay normalization and the fused group norm (its own row kernel)
    match the CPU lowering. No T x T buffer is ever allocated. Run
    `gpu-kernel-outlining` and the NVVM lowering afterwards
    (`retnet-cuda-pipeline` does).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "threads per block of the chunkwise, parallel and state kernels">,
    Option<"deviceBuffers", "device-buffers", "bool", /*default=*/"false",
           "the host functions' memrefs are device buffers: no copies, the "
           "kernels use the arguments in place">,
    Option<"tensorCores", "tensor-cores", "::mlir::retention::TensorCores",
           /*default=*/"::mlir::retention::TensorCores::On",
           "f16/bf16 chunkwise products on tensor cores",
           [{::llvm::cl::values(
             clEnumValN(::mlir::retention::TensorCores::On, "on",
                        "nvvm.mma.sync m16n8k16 (sm_80+)"),
             clEnumValN(::mlir::retention::TensorCores::Off, "off",
                        "SIMT f32 only"),
             clEnumValN(::mlir::retention::TensorCores::Emulate, "emulate",
                        "per-lane arithmetic from the same fragment loaders, "
                        "for retention-test-emulate-gpu"))}]>
  ];
}

def RetentionMergeGPUModules : Pass<"retention-merge-gpu-modules", "::mlir::ModuleOp"> {
  let summary = "Merge the gpu.modules made by gpu-kernel-outlining into one";
  let description = [{
    gpu-kernel-outlining puts every kernel in its own `gpu.module`; each
    becomes its own GPU binary, loaded by its own global constructor. This
    pass moves all kernels into the first `gpu.module` (renaming on clashes)
    and retargets the `gpu.launch_func` ops, so an artifact carries one
    binary (one PTX or cubin with every kernel) and loads it once.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def RetentionVerifyDeviceBuffers
    : Pass<"retention-verify-device-buffers", "::mlir::ModuleOp"> {
  let summary = "Check that public functions can take device buffers";
  let description = [{
    With device buffers (`retnet-cuda-pipeline{device-buffers=1}`,
    `retnet-compile --target=cuda --gpu-io=device`) the public functions
    take and return device pointers, which host code must never touch. This
    pass, first in that pipeline, reports at each offending op: a public
    function may hold only retention ops (whose host functions launch
    kernels on the buffers), constants and its return, and only static
    shapes (a dynamic extent would be read on the host from a device
    descriptor).
  }];
}

#endif // RETNET_CONVERSION_PASSES_TD
