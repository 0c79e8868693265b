//===- Pipelines.cpp - retnet pass pipelines ------------------------------===//

#include "retnet/Pipelines/Pipelines.h"
#include "retnet/Target/TargetInfo.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {
/// Tensors to buffers, shared by both targets: C entry points with read-only
/// inputs, results as caller-allocated out-params (a caller owns every
/// buffer it sees), fixed-size tile buffers allocated once per (batch, head)
/// rather than per chunk or tile, deallocation, copies and linalg as loops.
/// With shape checks, every public function then starts with the comparison
/// of its operands' extents (recorded on tensors by
/// retention-insert-shape-checks) and returns early on a mismatch.
std::string bufferize(bool shapeChecks, bool forwardResults) {
  return std::string("retention-export-c-interface,eliminate-empty-tensors,"
                     "one-shot-bufferize{bufferize-function-boundaries=1 "
                     "function-boundary-type-conversion=identity-layout-map},"
                     "drop-equivalent-buffer-results,"
                     "buffer-results-to-out-params{modify-public-functions=1 "
                     "hoist-static-allocs=1},canonicalize,") +
         (forwardResults ? "retention-forward-result-copies," : "") +
         std::string(
             "func.func(buffer-loop-hoisting),"
             "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
             "retention-expand-copies,convert-linalg-to-loops") +
         (shapeChecks ? ",retention-emit-shape-checks" : "");
}

/// Host code (scf, vector, memref, math, arith, func) to the LLVM dialect;
/// `afterCF` runs once control flow is lowered (the GPU modules' own
/// lowering), `beforeFunc` before the function conversion (OpenMP or GPU
/// host ops).
std::string hostToLLVM(llvm::StringRef afterCF, llvm::StringRef beforeFunc) {
  return ("lower-affine,convert-scf-to-cf," + afterCF +
          "expand-strided-metadata,lower-affine,"
          "convert-vector-to-llvm{vector-transpose-lowering=shuffle16x16},"
          "finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
          "convert-arith-to-llvm,convert-index-to-llvm,convert-cf-to-llvm," +
          beforeFunc +
          "convert-func-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts")
      .str();
}
} // namespace

std::string retnet::getCPUPipelineString(const CPUPipelineOptions &options) {
  std::string s;
  llvm::raw_string_ostream os(s);
  // The register tiles fit the code's CPU: its vector width and registers.
  TargetInfo target = TargetInfo::cpu();
  if (options.vectorBits > 0)
    target = target.withVectorBits(static_cast<int>(options.vectorBits));
  int64_t tileRows = options.registerTile ? target.registerTileRows() : 0;
  int64_t tileLanes = options.registerTile ? target.registerTileLanes() : 0;
  // Decide, then lower: the cost model writes schedules, the conversion reads
  // them and produces linalg-on-tensors loop nests.
  os << "retention-select-schedule{schedule=" << options.schedule
     << " chunk-size=" << options.chunkSize
     << " target=cpu},"
     // What the ops require of the operands' extents, while the ops are
     // still there to say it (emitted after bufferization).
     << (options.shapeChecks ? "retention-insert-shape-checks," : "")
     // One function per distinct op: a graph's identical layers share one
     // lowered kernel.
     << "retention-outline-ops,"
     // ...and their layer-level linalg ops share loop nests too.
     << "retention-outline-linalg,"
     // With threads, large layer-level ops are split into forall tiles too.
     << (options.openmp ? "retention-parallelize-linalg," : "")
     // Projections (y = x W^T) register-tiled like the retention products.
     << (options.registerTile
             ? "convert-layer-contractions-to-cpu{register-tile-rows=" +
                   std::to_string(tileRows) +
                   " register-tile-lanes=" + std::to_string(tileLanes) + "},"
             : "")
     << "convert-retention-to-cpu{register-tile-rows=" << tileRows
     << " register-tile-lanes=" << tileLanes
     << "},"
     // GELU's erf and SiLU's exp as polynomials the loops can vectorize.
     << "canonicalize,cse,retention-approximate-math,"
     << bufferize(options.shapeChecks, /*forwardResults=*/true) << ","
     << "convert-vector-to-scf{full-unroll=1},"
     // The (batch, head) and layer-level foralls become OpenMP parallel
     // regions that split their tiles themselves (small decode steps
     // excepted; nested foralls via the upstream conversion), or plain
     // loop nests.
     << "retention-serialize-foralls,"
     << (options.openmp ? "retention-forall-to-openmp,scf-forall-to-parallel,"
                          "convert-scf-to-openmp,"
                        : "scf-forall-to-for,")
     << "canonicalize,cse";
  if (options.lowerToLLVM)
    os << "," << hostToLLVM("", "convert-openmp-to-llvm,") << ",canonicalize";
  return s;
}

std::string retnet::getCUDAPipelineString(const CUDAPipelineOptions &options) {
  std::string s;
  llvm::raw_string_ostream os(s);
  // Retention ops become calls to host functions on memrefs first, so
  // bufferization and buffer deallocation (which do not understand GPU host
  // ops) see plain calls; the bodies, with their kernels, come after.
  os << "retention-select-schedule{schedule=" << options.schedule
     << " chunk-size=" << options.chunkSize << " target=cuda:" << options.chip
     << "}," << (options.shapeChecks ? "retention-insert-shape-checks," : "")
     << "retention-outline-gpu-calls,canonicalize,cse,"
     << bufferize(options.shapeChecks, /*forwardResults=*/false) << ","
     << "scf-forall-to-for,"
     << "convert-retention-to-gpu{block-size=" << options.blockSize
     << " device-buffers="
     << (options.deviceBuffers ? 1 : 0)
     // The emulator runs lanes one by one: mma.sync becomes per-lane
     // arithmetic from the same fragment loaders.
     << " tensor-cores=" << (options.emulate ? "emulate" : "on") << "},";
  if (options.emulate) {
    // The same kernels run sequentially on the CPU (tests without a GPU).
    os << "retention-test-emulate-gpu,canonicalize,cse,"
       << "retention-expand-copies,convert-linalg-to-loops";
    if (options.lowerToLLVM)
      os << "," << hostToLLVM("", "") << ",canonicalize";
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
     << hostToLLVM("gpu.module(convert-gpu-to-nvvm,canonicalize,cse,"
                   "reconcile-unrealized-casts),",
                   "gpu-to-llvm,")
     << ",gpu-module-to-binary{format=" << options.format
     << " toolkit=" << options.toolkit << "},canonicalize";
  return s;
}

LogicalResult retnet::buildCUDAPipeline(OpPassManager &pm,
                                        const CUDAPipelineOptions &options) {
  return parsePassPipeline(getCUDAPipelineString(options), pm, llvm::errs());
}

LogicalResult retnet::buildCPUPipeline(OpPassManager &pm,
                                       const CPUPipelineOptions &options) {
  int64_t bits = options.vectorBits;
  if (bits != 0 && bits != 128 && bits != 256 && bits != 512) {
    llvm::errs() << "retnet-cpu-pipeline: vector-bits must be 0 (the host's), "
                    "128, 256 or 512, got "
                 << bits << "\n";
    return failure();
  }
  return parsePassPipeline(getCPUPipelineString(options), pm, llvm::errs());
}

void retnet::registerPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "retnet-cpu-pipeline",
      "Compile retention ops for the CPU: select schedules, lower each to "
      "fused loop nests, bufferize and convert to the LLVM dialect",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        if (failed(buildCPUPipeline(pm, options)))
          llvm::report_fatal_error("retnet-cpu-pipeline: bad pipeline",
                                   /*gen_crash_diag=*/false);
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
