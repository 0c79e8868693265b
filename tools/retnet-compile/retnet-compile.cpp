//===- retnet-compile.cpp - compile retention graphs to artifacts ---------===//
//
//   retnet-compile model.mlir -o model.so            shared library (default)
//   retnet-compile model.mlir -o model.o --emit=obj  object file
//   retnet-compile model.mlir --emit=llvm            LLVM IR
//   retnet-compile model.mlir --emit=mlir            MLIR after the pipeline
//   retnet-compile model.mlir -o model.so --target=cuda --gpu-arch=sm_90
//       host code + embedded fatbin + the project's CUDA runtime (dlopens
//       libcuda.so.1: the artifact loads and reports "no CUDA driver" on
//       machines without one)
//   retnet-compile model.mlir --target=cuda --emit=ptx   the kernels' PTX
//
// Every public function gets a C entry point `_mlir_ciface_<name>` taking
// pointers to memref descriptors {allocated, aligned, offset, sizes[],
// strides[]}: first the inputs, then one descriptor per result, which the
// caller allocates and the function fills.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/InitAll.h"
#include "retnet/Limits.h"
#include "retnet/Pipelines/Pipelines.h"
#include "retnet/Target/TargetInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
enum class EmitKind { SharedLib, Object, LLVMIR, MLIR, PTX };

cl::OptionCategory category("retnet-compile options");
cl::opt<std::string> inputFilename(cl::Positional, cl::desc("<input .mlir>"),
                                   cl::init("-"), cl::cat(category));
cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                    cl::value_desc("filename"), cl::init("-"),
                                    cl::cat(category));
cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to produce"), cl::init(EmitKind::SharedLib),
    cl::values(clEnumValN(EmitKind::SharedLib, "so", "a shared library"),
               clEnumValN(EmitKind::Object, "obj", "an object file"),
               clEnumValN(EmitKind::LLVMIR, "llvm", "LLVM IR text"),
               clEnumValN(EmitKind::MLIR, "mlir",
                          "MLIR (LLVM dialect) after the pipeline"),
               clEnumValN(EmitKind::PTX, "ptx",
                          "PTX of the GPU kernels (--target=cuda)")),
    cl::cat(category));
cl::opt<std::string> targetName("target",
                                cl::desc("Code generation target: cpu or "
                                         "cuda"),
                                cl::init("cpu"), cl::cat(category));
cl::opt<std::string> gpuArch("gpu-arch",
                             cl::desc("GPU architecture for --target=cuda "
                                      "(sm_80, sm_90, sm_90a, sm_100)"),
                             cl::init("sm_90"), cl::cat(category));
cl::opt<std::string> gpuIO(
    "gpu-io",
    cl::desc("--target=cuda: 'host' (numpy-style host buffers, copied to and "
             "from the GPU on each call) or 'device' (the caller passes "
             "device pointers; functions of retention ops with static "
             "shapes only)"),
    cl::init("host"), cl::cat(category));
cl::opt<bool> gpuEmulate(
    "gpu-emulate",
    cl::desc("Test only, with --target=cuda: run the GPU kernels "
             "sequentially on the CPU instead of compiling them for a GPU"),
    cl::init(false), cl::cat(category));
cl::opt<std::string>
    cudaToolkit("cuda-toolkit",
                cl::desc("CUDA toolkit for --target=cuda (default: "
                         "$CUDA_HOME, else /usr/local/cuda)"),
                cl::init(""), cl::cat(category));
cl::opt<std::string>
    scheduleOpt("schedule",
                cl::desc("auto, parallel, chunkwise or recurrent for ops "
                         "without a pinned schedule"),
                cl::init("auto"), cl::cat(category));
cl::opt<int64_t> chunkSizeOpt("chunk-size",
                              cl::desc("Chunk size of chunkwise decisions, "
                                       "1 to 4096 (0: the cost model's)"),
                              cl::init(0), cl::cat(category));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level (0-3)"),
                           cl::Prefix, cl::init(3), cl::cat(category));
cl::opt<std::string> cpuName("mcpu",
                             cl::desc("CPU to tune for: host or generic"),
                             cl::init("host"), cl::cat(category));
cl::opt<bool> printSchedules(
    "print-schedules",
    cl::desc("Print the schedule chosen for each retention op to stderr"),
    cl::init(false), cl::cat(category));
cl::opt<bool> openmpOpt(
    "openmp",
    cl::desc("Run independent (batch, head) work on OpenMP threads; the "
             "library then links libomp (OMP_NUM_THREADS sets the count). "
             "CPU target only"),
    cl::init(true), cl::cat(category));
cl::opt<std::string>
    linkerOpt("linker",
              cl::desc("C compiler driver used to link shared libraries"),
              cl::init(""), cl::cat(category));

int fail(const llvm::Twine &msg) {
  llvm::errs() << "retnet-compile: error: " << msg << "\n";
  return 1;
}

std::unique_ptr<llvm::TargetMachine> createHostTargetMachine(std::string &err) {
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return nullptr;
  std::string cpu = "generic", features;
  if (cpuName == "host") {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
    for (auto &f : hostFeatures)
      features += (f.second ? "+" : "-") + f.first().str() + ",";
  } else if (cpuName != "generic") {
    cpu = cpuName;
  }
  llvm::TargetOptions options;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, std::nullopt,
      optLevel >= 2 ? llvm::CodeGenOptLevel::Aggressive
                    : llvm::CodeGenOptLevel::Default));
}

/// A program given by path or by name (searched on PATH).
std::string resolveProgram(const std::string &nameOrPath) {
  if (nameOrPath.find('/') != std::string::npos)
    return nameOrPath;
  auto path = llvm::sys::findProgramByName(nameOrPath);
  return path ? *path : "";
}

std::string findLinker() {
  if (!linkerOpt.empty())
    return resolveProgram(linkerOpt);
  if (const char *env = std::getenv("RETNET_LINKER"))
    return resolveProgram(env);
  for (const char *name : {"clang-22", "clang", "cc", "gcc"}) {
    auto path = llvm::sys::findProgramByName(name, {RETNET_LLVM_TOOLS_DIR});
    if (path)
      return *path;
    path = llvm::sys::findProgramByName(name);
    if (path)
      return *path;
  }
  return "";
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Passes first: --mlir-print-ir-after=<pass> names them.
  registerAllPasses();
  retnet::registerAllPasses();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "retnet-compile: compile retention graphs to artifacts\n");

  bool cuda = targetName == "cuda";
  if (targetName != "cpu" && !cuda)
    return fail("unsupported target '" + targetName +
                "'; this build supports: cpu, cuda");
  if (!cuda && emitKind == EmitKind::PTX)
    return fail("--emit=ptx needs --target=cuda");
  std::string toolkit = cudaToolkit;
  if (cuda) {
    if (!retnet::TargetInfo::lookup("cuda:" + gpuArch))
      return fail("unknown GPU architecture '" + gpuArch +
                  "'; expected sm_<N>[a], e.g. sm_80, sm_90, sm_90a");
    if (toolkit.empty()) {
      const char *home = std::getenv("CUDA_HOME");
      toolkit = home && *home ? home : "/usr/local/cuda";
    }
    if (!gpuEmulate && !llvm::sys::fs::can_execute(toolkit + "/bin/ptxas"))
      return fail("no CUDA toolkit at '" + toolkit +
                  "' (bin/ptxas is missing); install CUDA 12.x/13.x or pass "
                  "--cuda-toolkit=<dir> or set CUDA_HOME");
  }
  if (scheduleOpt != "auto" && scheduleOpt != "parallel" &&
      scheduleOpt != "chunkwise" && scheduleOpt != "recurrent")
    return fail("unknown schedule '" + scheduleOpt +
                "'; expected auto, parallel, chunkwise or recurrent");
  if (chunkSizeOpt < 0)
    return fail("--chunk-size must be positive");
  if (chunkSizeOpt > retnet::kMaxChunkSize)
    return fail("--chunk-size must be at most " +
                llvm::Twine(retnet::kMaxChunkSize) +
                " (a C x C f32 tile of 64 MiB), got " +
                llvm::Twine(static_cast<int64_t>(chunkSizeOpt)));
  if (emitKind == EmitKind::SharedLib && outputFilename == "-")
    return fail("a shared library needs an output file: -o <file>.so");
  if (emitKind == EmitKind::Object && outputFilename == "-")
    return fail("an object file needs an output file: -o <file>.o");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registerAllGPUToLLVMIRTranslations(registry);
  retnet::registerAllDialects(registry);

  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  std::string errorMessage;
  auto file = openInputFile(inputFilename, &errorMessage);
  if (!file)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  if (cuda && gpuIO == "device") {
    // Device pointers must never be touched by host code: only retention
    // ops (whose host functions launch kernels) and static shapes, so no
    // host copy of a result is ever made.
    bool bad = false;
    module->walk([&](func::FuncOp fn) {
      if (fn.isPrivate() || fn.isDeclaration())
        return;
      for (Type t : fn.getFunctionType().getInputs()) {
        auto st = dyn_cast<ShapedType>(t);
        if (st && !st.hasStaticShape()) {
          fn.emitError("--gpu-io=device needs static shapes");
          bad = true;
          break;
        }
      }
      for (Operation &op : fn.getBody().getOps()) {
        if (isa<retention::RetentionOp, func::ReturnOp, arith::ConstantOp>(op))
          continue;
        op.emitError("--gpu-io=device supports functions made of retention "
                     "ops only; this op would run on the host on device "
                     "memory");
        bad = true;
      }
    });
    if (bad)
      return 1;
  }

  retnet::CPUPipelineOptions options;
  options.schedule = scheduleOpt;
  options.chunkSize = chunkSizeOpt;
  options.openmp = openmpOpt;
  retnet::CUDAPipelineOptions cudaOptions;
  cudaOptions.schedule = scheduleOpt;
  cudaOptions.chunkSize = chunkSizeOpt;
  cudaOptions.chip = gpuArch;
  cudaOptions.toolkit = toolkit;
  cudaOptions.format = emitKind == EmitKind::PTX ? "isa" : "fatbin";
  cudaOptions.emulate = gpuEmulate;
  if (gpuIO != "host" && gpuIO != "device")
    return fail("--gpu-io must be 'host' or 'device', got '" + gpuIO + "'");
  cudaOptions.deviceBuffers = gpuIO == "device";
  if (gpuEmulate && (!cuda || emitKind == EmitKind::PTX))
    return fail("--gpu-emulate needs --target=cuda and no --emit=ptx");
  std::string selectTarget = cuda ? "cuda:" + gpuArch : "cpu";

  if (printSchedules) {
    PassManager selectPM(&context);
    std::string select = "retention-select-schedule{schedule=" + scheduleOpt +
                         " chunk-size=" + std::to_string(chunkSizeOpt) +
                         " target=" + selectTarget + "}";
    if (failed(parsePassPipeline(select, selectPM, llvm::errs())) ||
        failed(selectPM.run(*module)))
      return 1;
    module->walk([](retention::RetentionOp op) {
      llvm::errs() << "schedule: " << op.getLoc() << ": "
                   << op.getScheduleAttr() << " T="
                   << (ShapedType::isDynamic(op.getSeqLen())
                           ? std::string("?")
                           : std::to_string(op.getSeqLen()))
                   << " Dk=" << op.getKeyDim() << " Dv=" << op.getValueDim()
                   << "\n";
    });
  }

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return 1;
  if (cuda ? failed(retnet::buildCUDAPipeline(pm, cudaOptions))
           : failed(retnet::buildCPUPipeline(pm, options)))
    return fail("could not build the pipeline");
  if (failed(pm.run(*module)))
    return 1;

  if (emitKind == EmitKind::PTX) {
    auto out = openOutputFile(outputFilename, &errorMessage);
    if (!out)
      return fail(errorMessage);
    module->walk([&](gpu::BinaryOp binary) {
      for (Attribute a : binary.getObjects())
        if (auto object = dyn_cast<gpu::ObjectAttr>(a))
          out->os() << "// gpu.module @" << binary.getSymName() << "\n"
                    << object.getObject().getValue() << "\n";
    });
    out->keep();
    return 0;
  }

  if (emitKind == EmitKind::MLIR) {
    auto out = openOutputFile(outputFilename, &errorMessage);
    if (!out)
      return fail(errorMessage);
    module->print(out->os());
    out->keep();
    return 0;
  }

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, "retnet");
  if (!llvmModule)
    return fail("translation to LLVM IR failed");

  std::unique_ptr<llvm::TargetMachine> tm =
      createHostTargetMachine(errorMessage);
  if (!tm)
    return fail("no target machine for the host: " + errorMessage);
  llvmModule->setDataLayout(tm->createDataLayout());
  llvmModule->setTargetTriple(tm->getTargetTriple());
  auto optimize = makeOptimizingTransformer(optLevel, 0, tm.get());
  if (llvm::Error e = optimize(llvmModule.get()))
    return fail("LLVM optimization failed: " + llvm::toString(std::move(e)));

  if (emitKind == EmitKind::LLVMIR) {
    auto out = openOutputFile(outputFilename, &errorMessage);
    if (!out)
      return fail(errorMessage);
    llvmModule->print(out->os(), nullptr);
    out->keep();
    return 0;
  }

  // Object code: straight to the output, or to a temporary for linking.
  std::string objPath = outputFilename;
  llvm::SmallString<128> tmpObj;
  if (emitKind == EmitKind::SharedLib) {
    int fd;
    if (auto ec = llvm::sys::fs::createTemporaryFile("retnet", "o", fd, tmpObj))
      return fail("cannot create a temporary file: " + ec.message());
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
    objPath = tmpObj.str().str();
  }
  {
    auto out = openOutputFile(objPath, &errorMessage);
    if (!out)
      return fail(errorMessage);
    llvm::legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, out->os(), nullptr,
                                llvm::CodeGenFileType::ObjectFile))
      return fail("the target cannot emit object files");
    codegen.run(*llvmModule);
    out->keep();
  }
  if (emitKind == EmitKind::Object)
    return 0;

  std::string linker = findLinker();
  if (linker.empty()) {
    llvm::sys::fs::remove(objPath);
    return fail("no C compiler driver found to link the shared library "
                "(install clang-22 or gcc, or pass --linker; a --linker or "
                "RETNET_LINKER name must be on PATH)");
  }
  llvm::SmallVector<std::string> argStore = {linker,         "-shared", "-o",
                                             outputFilename, objPath,   "-lm"};
  // The project's runtime, next to this tool's libraries (build/lib or
  // <prefix>/lib): the call status (retnet_last_error) of every artifact,
  // plus for CUDA the mgpu* functions on the driver API via dlopen.
  bool cudaRuntime = cuda && !gpuEmulate;
  std::string exe = llvm::sys::fs::getMainExecutable(argv[0], (void *)&fail);
  llvm::SmallString<256> rt(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(rt, "lib",
                          cudaRuntime ? "libretnet_cuda_runtime.a"
                                      : "libretnet_runtime.a");
  if (!llvm::sys::fs::exists(rt)) {
    llvm::sys::fs::remove(objPath);
    return fail(std::string(cudaRuntime ? "the CUDA runtime library"
                                        : "the runtime library") +
                " is missing: " + rt.str().str());
  }
  argStore.push_back(rt.str().str());
  // Exported even by a module without public functions.
  argStore.push_back("-Wl,-u,retnet_last_error,-u,retnet_clear_error");
  if (cudaRuntime) {
    argStore.push_back("-ldl");
    argStore.push_back("-lpthread");
  } else if (openmpOpt) {
    // libomp of the LLVM this compiler was built with; rpath so the
    // artifact loads without LD_LIBRARY_PATH.
    std::string libDir = std::string(RETNET_LLVM_TOOLS_DIR) + "/../lib";
    argStore.push_back("-L" + libDir);
    argStore.push_back("-Wl,-rpath," + libDir);
    argStore.push_back("-lomp");
  }
  llvm::SmallVector<llvm::StringRef> args(argStore.begin(), argStore.end());
  std::string linkErr;
  int rc =
      llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &linkErr);
  llvm::sys::fs::remove(objPath);
  if (rc != 0)
    return fail(
        "linking failed (" + linker + "): " +
        (linkErr.empty() ? "exit code " + std::to_string(rc) : linkErr));
  return 0;
}
