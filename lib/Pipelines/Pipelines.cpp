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
     << "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
     << "retention-expand-copies,convert-linalg-to-loops,"
     << "convert-vector-to-scf{full-unroll=1},";
  // The (batch, head) forall becomes an OpenMP worksharing loop, or a plain
  // loop nest.
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
}
