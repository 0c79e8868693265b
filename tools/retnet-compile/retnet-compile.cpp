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
// caller allocates and the function fills. A shared library comes with its
// ABI manifest, <output>.abi.json (--emit-abi=PATH elsewhere, - for stdout):
// the entry points' signatures, read from the parsed module. Every artifact
// exports retnet_last_error / retnet_clear_error (lib/Runtime/Runtime.c):
// an entry point whose operands' extents disagree computes nothing and says
// why there.
//
// Guards: the output may not be the input; --mcpu must name a CPU LLVM knows
// for the host target; nesting deeper than retnet::kMaxNestingDepth is an
// error at its location (the parser would overflow its stack); the linker
// must produce the library. Long compiles print phase lines to stderr
// (--quiet: none).
//
//===----------------------------------------------------------------------===//

#include "retnet/Compiler/ABI.h"
#include "retnet/Compiler/Backend.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
#include "retnet/InitAll.h"
#include "retnet/Limits.h"
#include "retnet/Pipelines/Pipelines.h"

#include "TestPasses.h"
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

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
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

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

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
cl::opt<retention::ScheduleChoice>
    scheduleOpt("schedule",
                cl::desc("The schedule of ops without a pinned schedule"),
                cl::init(retention::ScheduleChoice::Auto),
                RETNET_SCHEDULE_CHOICE_VALUES, cl::cat(category));
cl::opt<int64_t> chunkSizeOpt("chunk-size",
                              cl::desc("Chunk size of chunkwise decisions, "
                                       "1 to 4096 (0: the cost model's)"),
                              cl::init(0), cl::cat(category));
cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level (0-3)"),
                           cl::Prefix, cl::init(3), cl::cat(category));
cl::opt<std::string>
    cpuName("mcpu",
            cl::desc("CPU to generate code for: host (this machine's, the "
                     "default), generic, or an LLVM CPU name of the host "
                     "target (x86-64-v3, znver4, sapphirerapids, ...)"),
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
cl::opt<std::string> emitAbiOpt(
    "emit-abi",
    cl::desc("Write the ABI manifest (the public functions' signatures, "
             "JSON) to this file, - for stdout (default: <output>.abi.json "
             "next to a shared library, none otherwise)"),
    cl::value_desc("path"), cl::init(""), cl::cat(category));
cl::opt<bool> shapeChecksOpt(
    "shape-checks",
    cl::desc("Check the operands' extents at each entry point (off: for "
             "measuring what the checks cost; retnet_last_error is still "
             "exported)"),
    cl::init(true), cl::Hidden, cl::cat(category));
cl::opt<bool> planBuffersOpt(
    "plan-buffers",
    cl::desc("CPU target: place each function's temporaries in one workspace "
             "the runtime keeps per thread, so a call allocates nothing "
             "(off: a malloc and free per temporary, for comparison)"),
    cl::init(true), cl::Hidden, cl::cat(category));
cl::opt<bool> quietOpt("quiet",
                       cl::desc("Print no progress lines on long compiles"),
                       cl::init(false), cl::cat(category));
cl::opt<unsigned> progressAfterOpt(
    "progress-after",
    cl::desc("Print a phase line once a phase has run this many seconds (0: "
             "every phase at its start)"),
    cl::init(5), cl::Hidden, cl::cat(category));

int fail(const llvm::Twine &msg) {
  llvm::errs() << "retnet-compile: error: " << msg << "\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// Input guards
//===----------------------------------------------------------------------===//

/// True when `a` and `b` name one file (the same path after resolving links,
/// or the same inode: a hard link); false when either does not exist.
bool sameFile(llvm::StringRef a, llvm::StringRef b) {
  if (a == "-" || b == "-")
    return false;
  bool same = false;
  return !llvm::sys::fs::equivalent(a, b, same) && same;
}

/// MLIR's parser recurses once per nesting level of (, [ and { and overflows
/// its stack around 6000 levels. A lexical pre-scan (outside string literals
/// and // comments) finds the first token deeper than kMaxNestingDepth and
/// reports it where it is.
bool checkNesting(llvm::SourceMgr &sourceMgr) {
  const llvm::MemoryBuffer *buf =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef text = buf->getBuffer();
  int64_t depth = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < e && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      continue;
    }
    if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      while (i < e && text[i] != '\n')
        ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      if (++depth > retnet::kMaxNestingDepth) {
        sourceMgr.PrintMessage(
            llvm::SMLoc::getFromPointer(text.data() + i),
            llvm::SourceMgr::DK_Error,
            "nesting deeper than " + llvm::Twine(retnet::kMaxNestingDepth) +
                " levels of (, [ and { (retnet-compile's limit: MLIR's "
                "parser would overflow its stack)");
        return false;
      }
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Progress lines
//===----------------------------------------------------------------------===//

/// Short phase lines on stderr for long compiles: at the start of each phase
/// when the module is large, else once a phase has run --progress-after
/// seconds (a watchdog thread). --quiet: none.
class Progress {
public:
  Progress() {
    if (quietOpt)
      return;
    watchdog = std::thread([this] { watch(); });
  }
  ~Progress() {
    if (!watchdog.joinable())
      return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      done = true;
    }
    wake.notify_all();
    watchdog.join();
  }

  /// Marks the module large (its phases are announced at their start) and
  /// names its size in the lines.
  void setSize(std::string what, bool isLarge) {
    std::lock_guard<std::mutex> lock(mutex);
    size = std::move(what);
    large = isLarge;
  }

  void phase(llvm::StringRef name) {
    if (quietOpt)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    current = name.str();
    started = std::chrono::steady_clock::now();
    announced = false;
    if (large || progressAfterOpt == 0)
      announce();
    wake.notify_all();
  }

  /// No phase running (a diagnostic or the result follows).
  void idle() {
    if (quietOpt)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    current.clear();
  }

private:
  void announce() {
    llvm::errs() << "retnet-compile: " << (size.empty() ? "" : size + ", ")
                 << current << "...\n";
    llvm::errs().flush();
    announced = true;
  }

  void watch() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!done) {
      if (current.empty() || announced) {
        wake.wait(lock);
        continue;
      }
      auto deadline = started + std::chrono::seconds(progressAfterOpt);
      if (wake.wait_until(lock, deadline) == std::cv_status::timeout && !done &&
          !current.empty() && !announced &&
          std::chrono::steady_clock::now() >= deadline)
        announce();
    }
  }

  std::mutex mutex;
  std::condition_variable wake;
  std::thread watchdog;
  std::string current, size;
  std::chrono::steady_clock::time_point started;
  bool announced = false, large = false, done = false;
};

/// Checks the options against each other and the files they name (the
/// target, the CUDA toolkit, chunk sizes, outputs that need a file, never
/// writing over the input); sets the toolkit and the manifest's path.
/// Nonzero: the exit code of an error already reported.
int checkOptions(bool cuda, std::string &toolkit, std::string &abiPath) {
  if (targetName != "cpu" && !cuda)
    return fail("unsupported target '" + targetName +
                "'; this build supports: cpu, cuda");
  if (!cuda && emitKind == EmitKind::PTX)
    return fail("--emit=ptx needs --target=cuda");
  // Options of the other target are refused rather than ignored.
  if (!cuda && (gpuArch.getNumOccurrences() || gpuIO.getNumOccurrences()))
    return fail("--gpu-arch and --gpu-io need --target=cuda");
  if (cuda && openmpOpt.getNumOccurrences())
    return fail("--openmp is for the CPU target (the CUDA target's host code "
                "is sequential)");
  toolkit = cudaToolkit;
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

  // Never overwrite the input (`--emit=mlir -o in.mlir` used to, and
  // returned 0).
  abiPath = emitAbiOpt;
  if (abiPath.empty() && emitKind == EmitKind::SharedLib)
    abiPath = outputFilename + ".abi.json";
  if (sameFile(inputFilename, outputFilename))
    return fail("the output '" + outputFilename + "' is the input file '" +
                inputFilename + "'; refusing to overwrite it");
  if (!abiPath.empty() && sameFile(inputFilename, abiPath))
    return fail("the ABI manifest '" + abiPath + "' is the input file '" +
                inputFilename + "'; refusing to overwrite it");
  if (!abiPath.empty() && abiPath != "-" &&
      (abiPath == outputFilename || sameFile(abiPath, outputFilename)))
    return fail("the ABI manifest and the output are both '" + abiPath + "'");
  if (abiPath == "-" && outputFilename == "-")
    return fail("--emit-abi=- and -o - would both write to stdout");
  return 0;
}

/// LLVM IR, an object file or a shared library from the lowered module
/// (the back end in lib/Compiler), with progress lines. Nonzero: the exit
/// code of an error already reported.
int emitNative(ModuleOp module, bool cuda, Progress &progress,
               const char *argv0) {
  std::string errorMessage;
  std::unique_ptr<llvm::TargetMachine> tm =
      retnet::backend::createTargetMachine(cpuName, optLevel, errorMessage);
  if (!tm)
    return fail("no target machine for the host: " + errorMessage);
  llvm::LLVMContext llvmContext;
  progress.phase("translating to LLVM IR");
  auto llvmModule =
      retnet::backend::translateToLLVMIR(module, llvmContext, *tm);
  progress.idle();
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  progress.phase("optimizing");
  llvm::Error optimized =
      retnet::backend::optimize(**llvmModule, *tm, optLevel);
  progress.idle();
  if (optimized)
    return fail(llvm::toString(std::move(optimized)));

  if (emitKind == EmitKind::LLVMIR) {
    auto out = openOutputFile(outputFilename, &errorMessage);
    if (!out)
      return fail(errorMessage);
    (*llvmModule)->print(out->os(), nullptr);
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
    progress.phase("generating code");
    llvm::Error emitted =
        retnet::backend::emitObject(**llvmModule, *tm, out->os());
    progress.idle();
    if (emitted)
      return fail(llvm::toString(std::move(emitted)));
    out->keep();
  }
  if (emitKind == EmitKind::Object)
    return 0;

  progress.phase("linking");
  // The project's runtime, next to this tool's libraries (build/lib or
  // <prefix>/lib).
  bool cudaRuntime = cuda && !gpuEmulate;
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, (void *)&fail);
  llvm::SmallString<256> rt(
      llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(rt, "lib",
                          cudaRuntime ? "libretnet_cuda_runtime.a"
                                      : "libretnet_runtime.a");
  retnet::backend::LinkOptions link;
  link.linker = linkerOpt;
  link.searchDir = RETNET_LLVM_TOOLS_DIR;
  link.runtimeLibrary = rt.str().str();
  link.cudaRuntime = cudaRuntime;
  if (!cuda && openmpOpt)
    link.openmpLibDir = std::string(RETNET_LLVM_TOOLS_DIR) + "/../lib";
  llvm::Error linked =
      retnet::backend::linkSharedLibrary(objPath, outputFilename, link);
  progress.idle();
  llvm::sys::fs::remove(objPath);
  if (linked)
    return fail(llvm::toString(std::move(linked)));
  return 0;
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
  std::string toolkit, abiPath;
  if (int rc = checkOptions(cuda, toolkit, abiPath))
    return rc;

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  if (std::string err = retnet::backend::checkCPU(cpuName); !err.empty())
    return fail("--mcpu: " + err);

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
  size_t inputBytes = file->getBufferSize();
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  if (!checkNesting(sourceMgr))
    return 1;

  // Long compiles say what they are doing (a 50 MB module of 83k functions
  // ran over a minute in silence).
  Progress progress;
  constexpr size_t kLargeInputBytes = 8 << 20;
  constexpr size_t kLargeFunctionCount = 1000;
  progress.setSize(inputBytes >= (1 << 20)
                       ? std::to_string(inputBytes >> 20) + " MB"
                       : std::to_string((inputBytes + 1023) >> 10) + " KB",
                   inputBytes >= kLargeInputBytes);
  progress.phase("parsing");
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  progress.idle();
  if (!module)
    return 1;
  size_t numFunctions = llvm::range_size(module->getOps<func::FuncOp>());
  progress.setSize(std::to_string(numFunctions) +
                       (numFunctions == 1 ? " function" : " functions"),
                   numFunctions >= kLargeFunctionCount ||
                       inputBytes >= kLargeInputBytes);

  // The entry points as the caller sees them, before any lowering.
  std::vector<retnet::abi::FunctionABI> abi = retnet::abi::collectABI(*module);
  auto writeManifest = [&]() -> int {
    if (abiPath.empty())
      return 0;
    auto out = openOutputFile(abiPath, &errorMessage);
    if (!out)
      return fail(errorMessage);
    retnet::abi::writeABI(out->os(), abi, cuda ? "cuda" : "cpu",
                          retnet::backend::resolveCPU(cpuName));
    out->keep();
    return 0;
  };
  // The manifest last; when it cannot be written the artifact goes too, so
  // a failed compile never leaves an output that looks up to date.
  auto finish = [&]() -> int {
    int rc = writeManifest();
    if (rc && outputFilename != "-")
      llvm::sys::fs::remove(outputFilename);
    return rc;
  };

  retnet::CPUPipelineOptions options;
  options.schedule = scheduleOpt;
  options.chunkSize = chunkSizeOpt;
  options.openmp = openmpOpt;
  options.shapeChecks = shapeChecksOpt;
  options.planBuffers = planBuffersOpt;
  if (!cuda)
    options.vectorBits = retnet::backend::vectorBits(cpuName);
  retnet::CUDAPipelineOptions cudaOptions;
  cudaOptions.schedule = scheduleOpt;
  cudaOptions.chunkSize = chunkSizeOpt;
  cudaOptions.shapeChecks = shapeChecksOpt;
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
    retention::RetentionSelectScheduleOptions select;
    select.schedule = scheduleOpt;
    select.chunkSize = chunkSizeOpt;
    select.target = selectTarget;
    selectPM.addPass(retention::createRetentionSelectSchedule(select));
    if (failed(selectPM.run(*module)))
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
  if (cuda ? failed(retnet::buildCUDAPipeline(
                 pm, cudaOptions,
                 gpuEmulate ? retnet::test::addGPUEmulator : nullptr))
           : failed(retnet::buildCPUPipeline(pm, options)))
    return fail("could not build the pipeline");
  progress.phase("lowering");
  LogicalResult lowered = pm.run(*module);
  progress.idle();
  if (failed(lowered))
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
    return finish();
  }

  if (emitKind == EmitKind::MLIR) {
    auto out = openOutputFile(outputFilename, &errorMessage);
    if (!out)
      return fail(errorMessage);
    module->print(out->os());
    out->keep();
    return finish();
  }

  if (int rc = emitNative(*module, cuda, progress, argv[0]))
    return rc;
  return finish();
}
