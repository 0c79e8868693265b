//===- Pipelines.cpp - retnet pass pipelines ------------------------------===//

#include "retnet/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

std::string retnet::getCPUPipelineString(const CPUPipelineOptions &options) {
  std::string s;
  llvm::raw_string_ostream os(s);
  // Decide, then lower: the cost model writes schedules, the conversion reads
  // them and produces linalg-on-tensors loop nests.
  os << "retention-select-schedule{schedule=" << options.schedule
     << " chunk-size=" << options.chunkSize << " target=cpu},"
     << "convert-retention-to-cpu{register-tile-rows="
     << (options.registerTile ? 8 : 0)
     << " register-tile-lanes=" << (options.registerTile ? 32 : 0) << "},"
     << "canonicalize,cse,"
     << "retention-export-c-interface,"
     // Tensors to buffers; results become caller-allocated out-params so a
     // caller owns every buffer it sees.
     << "eliminate-empty-tensors,"
     << "one-shot-bufferize{bufferize-function-boundaries=1 "
        "function-boundary-type-conversion=identity-layout-map},"
     << "buffer-results-to-out-params{modify-public-functions=1 "
        "hoist-static-allocs=1},canonicalize,"
     // Tile buffers of a fixed size are allocated once per (batch, head),
     // not once per chunk or tile.
     << "func.func(buffer-loop-hoisting),"
     << "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
     << "retention-expand-copies,convert-linalg-to-loops,"
     << "convert-vector-to-scf{full-unroll=1},";
  // The (batch, head) forall becomes an OpenMP worksharing loop, or a plain
  // loop nest.
  os << "retention-serialize-foralls,";
  if (options.openmp)
    os << "scf-forall-to-parallel,convert-scf-to-openmp,";
  else
    os << "scf-forall-to-for,";
  os << "canonicalize,cse";
  if (options.lowerToLLVM)
    os << ",lower-affine,convert-scf-to-cf,expand-strided-metadata,"
       << "lower-affine,convert-vector-to-llvm,finalize-memref-to-llvm,convert-"
          "math-to-llvm,convert-math-to-libm,"
       << "convert-arith-to-llvm,convert-index-to-llvm,convert-cf-to-llvm,"
       << "convert-openmp-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,"
       << "reconcile-unrealized-casts,canonicalize";
  return s;
}

namespace {
/// Host code (scf, memref, math, arith, func) to the LLVM dialect.
constexpr const char *kHostToLLVM =
    "lower-affine,convert-scf-to-cf,expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
    "convert-arith-to-llvm,convert-index-to-llvm,convert-cf-to-llvm,"
    "convert-func-to-llvm,convert-ub-to-llvm";
} // namespace

std::string retnet::getCUDAPipelineString(const CUDAPipelineOptions &options) {
  std::string s;
  llvm::raw_string_ostream os(s);
  // Retention ops become calls to host functions on memrefs first, so
  // bufferization and buffer deallocation (which do not understand GPU host
  // ops) see plain calls; the bodies, with their kernels, come after.
  os << "retention-select-schedule{schedule=" << options.schedule
     << " chunk-size=" << options.chunkSize << " target=cuda:" << options.chip
     << "},"
     << "retention-outline-gpu-calls,canonicalize,cse,"
     << "retention-export-c-interface,eliminate-empty-tensors,"
     << "one-shot-bufferize{bufferize-function-boundaries=1 "
        "function-boundary-type-conversion=identity-layout-map},"
     << "buffer-results-to-out-params{modify-public-functions=1 "
        "hoist-static-allocs=1},canonicalize,"
     << "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
     << "retention-expand-copies,convert-linalg-to-loops,scf-forall-to-for,"
     << "convert-retention-to-gpu{block-size=" << options.blockSize
     << " device-buffers=" << (options.deviceBuffers ? 1 : 0) << "},";
  if (options.emulate) {
    // The same kernels run sequentially on the CPU (tests without a GPU).
    os << "retention-test-emulate-gpu,canonicalize,cse,"
       << "retention-expand-copies,convert-linalg-to-loops";
    if (options.lowerToLLVM)
      os << "," << kHostToLLVM << ",reconcile-unrealized-casts,canonicalize";
    return s;
  }
  os << "gpu-kernel-outlining,retention-merge-gpu-modules,canonicalize,cse";
  if (!options.lowerToLLVM)
    return s;
  // The NVVM recipe of upstream's gpu-lower-to-nvvm-pipeline, with a chip
  // and PTX version CUDA 13's ptxas accepts, and the toolkit named so that
  // libdevice (__nv_expf, ...) is linked.
  os << ",nvvm-attach-target{O=3 chip=" << options.chip
     << " features=" << options.features << "},"
     << "lower-affine,convert-scf-to-cf,"
     << "gpu.module(convert-gpu-to-nvvm,canonicalize,cse,"
        "reconcile-unrealized-casts),"
     << "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
     << "convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
     << "convert-index-to-llvm,convert-cf-to-llvm,gpu-to-llvm,"
     << "convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts,"
     << "gpu-module-to-binary{format=" << options.format
     << " toolkit=" << options.toolkit << "},canonicalize";
  return s;
}

LogicalResult retnet::buildCUDAPipeline(OpPassManager &pm,
                                        const CUDAPipelineOptions &options) {
  return parsePassPipeline(getCUDAPipelineString(options), pm, llvm::errs());
}

LogicalResult retnet::buildCPUPipeline(OpPassManager &pm,
                                       const CPUPipelineOptions &options) {
  return parsePassPipeline(getCPUPipelineString(options), pm, llvm::errs());
}

void retnet::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "retnet-cpu-pipeline",
      "Compile retention ops for the CPU: select schedules, lower each to "
      "fused loop nests, bufferize and convert to the LLVM dialect",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        if (failed(buildCPUPipeline(pm, options)))
          llvm::report_fatal_error("retnet-cpu-pipeline: bad pipeline");
      });
  PassPipelineRegistration<CUDAPipelineOptions>(
      "retnet-cuda-pipeline",
      "Compile retention ops for NVIDIA GPUs: select schedules for the GPU, "
      "outline host calls, bufferize, build the kernels, lower them to NVVM "
      "and embed the GPU binary; host code calls the mgpu* runtime",
      [](OpPassManager &pm, const CUDAPipelineOptions &options) {
        if (failed(buildCUDAPipeline(pm, options)))
          llvm::report_fatal_error("retnet-cuda-pipeline: bad pipeline");
      });
}
