//===- Pipelines.h - retnet pass pipelines ----------------------*- C++ -*-===//
//
// The registered pipelines. retnet-opt, retnet-compile and the Python package
// all go through these builders, so every entry point compiles the same way.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_PIPELINES_PIPELINES_H
#define RETNET_PIPELINES_PIPELINES_H

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace retnet {

/// The options every retnet pipeline has: the schedule decision's, and the
/// run-time extent checks of the entry points.
template <typename Derived>
struct SchedulePipelineOptions : public mlir::PassPipelineOptions<Derived> {
  mlir::detail::PassOptions::Option<mlir::retention::ScheduleChoice> schedule{
      *this, "schedule",
      llvm::cl::desc("the schedule of ops without a pinned schedule"),
      llvm::cl::init(mlir::retention::ScheduleChoice::Auto),
      RETNET_SCHEDULE_CHOICE_VALUES};
  mlir::detail::PassOptions::Option<int64_t> chunkSize{
      *this, "chunk-size",
      llvm::cl::desc("chunk size of chunkwise decisions, 1 to 4096 (0: "
                     "cost model)"),
      llvm::cl::init(0)};
  mlir::detail::PassOptions::Option<bool> shapeChecks{
      *this, "shape-checks",
      llvm::cl::desc("check the operands' extents at every public "
                     "function's entry (retention-insert-shape-checks, "
                     "retention-emit-shape-checks); the code then calls the "
                     "artifact runtime (libretnet_runtime.a)"),
      llvm::cl::init(true)};
};

struct CPUPipelineOptions : public SchedulePipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<bool> openmp{
      *this, "openmp",
      llvm::cl::desc("run the (batch, head) loop on OpenMP threads "
                     "(OMP_NUM_THREADS controls them at run time)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> registerTile{
      *this, "register-tile",
      llvm::cl::desc("register-tile the contractions (vector dialect); "
                     "off: plain linalg loops"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("go all the way to the LLVM dialect (else stop after "
                     "bufferization and loops)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> planBuffers{
      *this, "plan-buffers",
      llvm::cl::desc("place each function's fixed-size temporaries in one "
                     "workspace the runtime keeps per thread "
                     "(retention-plan-buffers): a call allocates nothing; "
                     "the code then calls the artifact runtime"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("f32 vector width of the code's CPU, which sizes the "
                     "register tiles: 512 (AVX-512), 256 (AVX2), 128; 0: the "
                     "host's (retnet-compile passes --mcpu's)"),
      llvm::cl::init(0)};
};

struct CUDAPipelineOptions
    : public SchedulePipelineOptions<CUDAPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("GPU architecture (sm_80, sm_90, ...)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features (CUDA 13's ptxas needs +ptx80 or newer)"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("embedded GPU binary: fatbin, bin (cubin) or isa (PTX)"),
      llvm::cl::init("fatbin")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit (ptxas, fatbinary, libdevice)"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("threads per block of the chunkwise and parallel "
                     "kernels"),
      llvm::cl::init(256)};
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("go all the way to the LLVM dialect with the GPU binary "
                     "embedded (else stop after the kernels are outlined)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> deviceBuffers{
      *this, "device-buffers",
      llvm::cl::desc("public functions take and return device buffers (no "
                     "host copies); only for functions made of retention ops "
                     "with static shapes"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> emulate{
      *this, "emulate",
      llvm::cl::desc("test only: run the kernels sequentially on the CPU "
                     "(retention-test-emulate-gpu) instead of lowering them "
                     "to NVVM"),
      llvm::cl::init(false)};
};

/// What the CUDA pipeline runs instead of the NVVM lowering with emulate=1:
/// the test-only retention-test-emulate-gpu, which lives in test/lib (not in
/// the product libraries); the tools that offer the emulated path pass
/// retnet::test::addGPUEmulator. Without one, emulate=1 is an error.
using GPUEmulator = void (*)(mlir::OpPassManager &);

/// Append the pipelines' passes to `pm` (a builtin.module pass manager),
/// built from the passes' create functions and typed options.
void addCPUPipeline(mlir::OpPassManager &pm, const CPUPipelineOptions &options);
/// Fails (with a message on stderr) for emulate=1 without an emulator.
llvm::LogicalResult addCUDAPipeline(mlir::OpPassManager &pm,
                                    const CUDAPipelineOptions &options,
                                    GPUEmulator emulator = nullptr);

/// The same after checking the options (a message on stderr and failure
/// for a bad one).
llvm::LogicalResult buildCPUPipeline(mlir::OpPassManager &pm,
                                     const CPUPipelineOptions &options);
llvm::LogicalResult buildCUDAPipeline(mlir::OpPassManager &pm,
                                      const CUDAPipelineOptions &options,
                                      GPUEmulator emulator = nullptr);

/// Registers retnet-cpu-pipeline and retnet-cuda-pipeline (whose emulate=1
/// uses `emulator`).
void registerPipelines(GPUEmulator emulator = nullptr);

} // namespace retnet

#endif // RETNET_PIPELINES_PIPELINES_H
