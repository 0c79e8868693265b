//===- Pipelines.cpp - retnet pass pipelines ------------------------------===//
//
// Both pipelines are built from the passes' create functions and typed
// option structs (a misspelt pass or option fails to compile), not from
// pipeline strings parsed at run time.
//
//===----------------------------------------------------------------------===//

#include "retnet/Pipelines/Pipelines.h"
#include "retnet/Conversion/Passes.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
#include "retnet/Target/TargetInfo.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {
using namespace mlir::retention;

/// Tensors to buffers, shared by both targets: C entry points with read-only
/// inputs, results as caller-allocated out-params (a caller owns every
/// buffer it sees), fixed-size tile buffers allocated once per (batch, head)
/// rather than per chunk or tile, deallocation, the static buffer plan of
/// the functions' temporaries (CPU), copies and linalg as loops.
/// With shape checks, every public function then starts with the comparison
/// of its operands' extents (recorded on tensors by
/// retention-insert-shape-checks) and returns early on a mismatch.
void bufferize(OpPassManager &pm, bool shapeChecks, bool forwardResults,
               bool planBuffers) {
  pm.addPass(createRetentionExportCInterface());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions oneShot;
  oneShot.bufferizeFunctionBoundaries = true;
  oneShot.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(oneShot));
  // A result yielded by both sides of an scf.if (a layer op split into
  // threads only above a size, retention-parallelize-linalg) is the
  // argument itself once folded, which drop-equivalent-buffer-results
  // needs to see.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(bufferization::createDropEquivalentBufferResultsPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  if (forwardResults)
    pm.addPass(createRetentionForwardResultCopies());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  if (planBuffers)
    pm.addPass(createRetentionPlanBuffers());
  pm.addPass(createRetentionExpandCopies());
  pm.addPass(createConvertLinalgToLoopsPass());
  if (shapeChecks)
    pm.addPass(createRetentionEmitShapeChecks());
}

/// Host code (scf, vector, memref, math, arith, func) to the LLVM dialect;
/// `afterCF` runs once control flow is lowered (the GPU modules' own
/// lowering), `beforeFunc` before the function conversion (OpenMP or GPU
/// host ops).
void hostToLLVM(OpPassManager &pm,
                llvm::function_ref<void(OpPassManager &)> afterCF,
                llvm::function_ref<void(OpPassManager &)> beforeFunc) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  afterCF(pm);
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  ConvertVectorToLLVMPassOptions vectorOptions;
  vectorOptions.vectorTransposeLowering =
      vector::VectorTransposeLowering::Shuffle16x16;
  pm.addPass(createConvertVectorToLLVMPass(vectorOptions));
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  beforeFunc(pm);
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void nothing(OpPassManager &) {}

void addCleanup(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

RetentionSelectScheduleOptions
selectOptions(ScheduleChoice schedule, int64_t chunkSize, std::string target,
              int64_t vectorBits = 0, bool registerTile = true) {
  RetentionSelectScheduleOptions select;
  select.schedule = schedule;
  select.chunkSize = chunkSize;
  select.target = std::move(target);
  select.vectorBits = vectorBits;
  select.registerTile = registerTile;
  return select;
}
} // namespace

void retnet::addCPUPipeline(OpPassManager &pm,
                            const CPUPipelineOptions &options) {
  // The register tiles fit the code's CPU: its vector width and registers.
  TargetInfo target = TargetInfo::cpu();
  if (options.vectorBits > 0)
    target = target.withVectorBits(static_cast<int>(options.vectorBits));
  RegisterTile tile =
      options.registerTile ? registerTileFor(target) : RegisterTile{};
  // Decide, then lower: the cost model writes each op's schedule and
  // lowering config, the conversion reads them and produces
  // linalg-on-tensors loop nests.
  pm.addPass(createRetentionSelectSchedule(
      selectOptions(options.schedule, options.chunkSize, "cpu",
                    options.vectorBits, options.registerTile)));
  // What the ops require of the operands' extents, while the ops are still
  // there to say it (emitted after bufferization).
  if (options.shapeChecks)
    pm.addPass(createRetentionInsertShapeChecks());
  // One function per distinct op: a graph's identical layers share one
  // lowered kernel...
  pm.addPass(createRetentionOutlineOps());
  // ...and their layer-level linalg ops share loop nests too.
  pm.addPass(createRetentionOutlineLinalg());
  // With threads, large layer-level ops are split into forall tiles too.
  if (options.openmp)
    pm.addPass(createRetentionParallelizeLinalg());
  // Projections (y = x W^T) register-tiled like the retention products.
  if (options.registerTile) {
    ConvertLayerContractionsToCPUOptions contractions;
    contractions.registerTileRows = tile.rows;
    contractions.registerTileLanes = tile.lanes;
    pm.addPass(createConvertLayerContractionsToCPU(contractions));
  }
  pm.addPass(createConvertRetentionToCPU());
  addCleanup(pm);
  // GELU's erf and SiLU's exp as polynomials the loops can vectorize.
  pm.addPass(createRetentionApproximateMath());
  bufferize(pm, options.shapeChecks, /*forwardResults=*/true,
            options.planBuffers);
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  // The (batch, head) and layer-level foralls become OpenMP parallel
  // regions that split their tiles themselves (small decode steps
  // excepted; nested foralls via the upstream conversion), or plain loop
  // nests.
  pm.addPass(createRetentionSerializeForalls());
  if (options.openmp) {
    pm.addPass(createRetentionForallToOpenMP());
    pm.addPass(createForallToParallelLoopPass());
    pm.addPass(createConvertSCFToOpenMPPass());
  } else {
    pm.addPass(createForallToForLoopPass());
  }
  addCleanup(pm);
  if (options.lowerToLLVM) {
    hostToLLVM(pm, nothing, [](OpPassManager &pm) {
      pm.addPass(createConvertOpenMPToLLVMPass());
    });
    pm.addPass(createCanonicalizerPass());
  }
}

LogicalResult retnet::addCUDAPipeline(OpPassManager &pm,
                                      const CUDAPipelineOptions &options,
                                      GPUEmulator emulator) {
  // gpu-module-to-binary reports a bad format but lets the pass succeed.
  llvm::StringRef format = options.format;
  if (!llvm::is_contained({"fatbin", "fatbinary", "bin", "binary", "isa",
                           "assembly", "offloading", "llvm"},
                          format)) {
    llvm::errs() << "retnet-cuda-pipeline: format must be fatbin, bin, isa "
                    "(or fatbinary, binary, assembly, offloading, llvm), got '"
                 << format << "'\n";
    return failure();
  }
  if (options.emulate && !emulator) {
    llvm::errs() << "retnet-cuda-pipeline: emulate=1 needs the test-only GPU "
                    "emulator (retnet-opt and retnet-compile --gpu-emulate "
                    "have it)\n";
    return failure();
  }
  // Public functions on device buffers may only launch kernels.
  if (options.deviceBuffers)
    pm.addPass(createRetentionVerifyDeviceBuffers());
  // Retention ops become calls to host functions on memrefs first, so
  // bufferization and buffer deallocation (which do not understand GPU host
  // ops) see plain calls; the bodies, with their kernels, come after.
  pm.addPass(createRetentionSelectSchedule(selectOptions(
      options.schedule, options.chunkSize, "cuda:" + options.chip)));
  if (options.shapeChecks)
    pm.addPass(createRetentionInsertShapeChecks());
  pm.addPass(createRetentionOutlineGPUCalls());
  addCleanup(pm);
  bufferize(pm, options.shapeChecks, /*forwardResults=*/false,
            /*planBuffers=*/false);
  pm.addPass(createForallToForLoopPass());
  ConvertRetentionToGPUOptions gpu;
  gpu.blockSize = options.blockSize;
  gpu.deviceBuffers = options.deviceBuffers;
  // The emulator runs lanes one by one: mma.sync becomes per-lane
  // arithmetic from the same fragment loaders.
  gpu.tensorCores = options.emulate ? TensorCores::Emulate : TensorCores::On;
  pm.addPass(createConvertRetentionToGPU(gpu));
  if (options.emulate) {
    // The same kernels run sequentially on the CPU (tests without a GPU).
    emulator(pm);
    addCleanup(pm);
    pm.addPass(createRetentionExpandCopies());
    pm.addPass(createConvertLinalgToLoopsPass());
    if (options.lowerToLLVM) {
      hostToLLVM(pm, nothing, nothing);
      pm.addPass(createCanonicalizerPass());
    }
    return success();
  }
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createRetentionMergeGPUModules());
  addCleanup(pm);
  if (!options.lowerToLLVM)
    return success();
  // The NVVM recipe of upstream's gpu-lower-to-nvvm-pipeline, with a chip
  // and PTX version CUDA 13's ptxas accepts, and the toolkit named so that
  // libdevice (__nv_expf, ...) is linked.
  GpuNVVMAttachTargetOptions nvvm;
  nvvm.optLevel = 3;
  nvvm.chip = options.chip;
  nvvm.features = options.features;
  pm.addPass(createGpuNVVMAttachTarget(nvvm));
  hostToLLVM(
      pm,
      [](OpPassManager &pm) {
        OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
        kernels.addPass(createConvertGpuOpsToNVVMOps());
        kernels.addPass(createCanonicalizerPass());
        kernels.addPass(createCSEPass());
        kernels.addPass(createReconcileUnrealizedCastsPass());
      },
      [](OpPassManager &pm) { pm.addPass(createGpuToLLVMConversionPass()); });
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = options.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createCanonicalizerPass());
  return success();
}

LogicalResult retnet::buildCUDAPipeline(OpPassManager &pm,
                                        const CUDAPipelineOptions &options,
                                        GPUEmulator emulator) {
  return addCUDAPipeline(pm, options, emulator);
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
  addCPUPipeline(pm, options);
  return success();
}

namespace {
/// Registers a pipeline whose builder can refuse its options: a bad value
/// (vector-bits=300, emulate=1 without an emulator) is an error from the
/// pass pipeline parser, not the fatal error of PassPipelineRegistration's
/// void builders.
template <typename Options>
void registerCheckedPipeline(
    StringRef arg, StringRef description,
    std::function<LogicalResult(OpPassManager &, const Options &)> build) {
  std::string name = arg.str();
  registerPassPipeline(
      arg, description,
      [build, name](OpPassManager &pm, StringRef optionsStr,
                    function_ref<LogicalResult(const Twine &)> errorHandler) {
        Options options;
        if (failed(options.parseFromString(optionsStr)))
          return failure();
        if (failed(build(pm, options)))
          return errorHandler(name + ": the options above are invalid");
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> optHandler) {
        optHandler(Options());
      });
}
} // namespace

void retnet::registerPipelines(GPUEmulator emulator) {
  registerCheckedPipeline<CPUPipelineOptions>(
      "retnet-cpu-pipeline",
      "Compile retention ops for the CPU: select schedules, lower each to "
      "fused loop nests, bufferize and convert to the LLVM dialect",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        return buildCPUPipeline(pm, options);
      });
  registerCheckedPipeline<CUDAPipelineOptions>(
      "retnet-cuda-pipeline",
      "Compile retention ops for NVIDIA GPUs: select schedules for the GPU, "
      "outline host calls, bufferize, build the kernels, lower them to NVVM "
      "and embed the GPU binary; host code calls the mgpu* runtime",
      [emulator](OpPassManager &pm, const CUDAPipelineOptions &options) {
        return buildCUDAPipeline(pm, options, emulator);
      });
}
