//===- Backend.cpp - from the LLVM dialect to a shared library ------------===//

#include "retnet/Compiler/Backend.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdlib>

using namespace retnet;
using llvm::StringRef;

static llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string backend::resolveCPU(StringRef cpu) {
  if (cpu == "host")
    return llvm::sys::getHostCPUName().str();
  return cpu.str();
}

std::string backend::checkCPU(StringRef cpuName) {
  if (cpuName == "host" || cpuName == "generic")
    return "";
  std::string err;
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return "no target for the host (" + triple.str() + "): " + err;
  // The CPU table of the target (a generic subtarget: creating one for an
  // unknown name would print LLVM's own warning).
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "generic", ""));
  auto examples = [&] {
    std::string list = "host, generic";
    static const char *preferred[] = {
        "x86-64",         "x86-64-v2",      "x86-64-v3",
        "x86-64-v4",      "skylake-avx512", "znver4",
        "sapphirerapids", "neoverse-v2",    "apple-m1"};
    int n = 0;
    for (const char *name : preferred)
      if (sti->isCPUStringValid(name)) {
        list += std::string(", ") + name;
        ++n;
      }
    // Other targets: the first few LLVM knows.
    for (const auto &desc : sti->getAllProcessorDescriptions()) {
      if (n >= 5)
        break;
      StringRef key(desc.Key);
      if (key.empty() || StringRef(list).contains(key))
        continue;
      list += ", " + key.str();
      ++n;
    }
    return list;
  };
  if (!sti)
    return "cannot describe the CPUs of the host target " + triple.str();
  if (!sti->isCPUStringValid(cpuName))
    return "unknown CPU '" + cpuName.str() + "' for the host target " +
           triple.str() + "; valid names include " + examples() +
           " (llc -mcpu=help lists them all)";
  std::unique_ptr<llvm::MCSubtargetInfo> cpu(
      target->createMCSubtargetInfo(triple, cpuName, ""));
  if (triple.isX86() && triple.isArch64Bit() &&
      (!cpu || !cpu->checkFeatures("+64bit")))
    return "CPU '" + cpuName.str() + "' cannot run 64-bit code, which the " +
           "host target " + triple.str() + " needs; valid names include " +
           examples();
  return "";
}

std::unique_ptr<llvm::TargetMachine>
backend::createTargetMachine(StringRef cpuName, unsigned optLevel,
                             std::string &err) {
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return nullptr;
  std::string cpu = resolveCPU(cpuName), features;
  if (cpuName == "host") {
    llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
    for (auto &f : hostFeatures)
      features += (f.second ? "+" : "-") + f.first().str() + ",";
  }
  llvm::TargetOptions options;
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, std::nullopt,
      optLevel >= 2 ? llvm::CodeGenOptLevel::Aggressive
                    : llvm::CodeGenOptLevel::Default));
}

int backend::vectorBits(StringRef cpu) {
  std::string err;
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(cpu, 2, err);
  if (!tm || !tm->getTargetTriple().isX86())
    return 128;
  const llvm::MCSubtargetInfo *sti = tm->getMCSubtargetInfo();
  if (sti->checkFeatures("+avx512f"))
    return 512;
  if (sti->checkFeatures("+avx2,+fma"))
    return 256;
  return 128;
}

llvm::Expected<std::unique_ptr<llvm::Module>>
backend::translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                           llvm::TargetMachine &tm) {
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, "retnet");
  if (!llvmModule)
    return error("translation to LLVM IR failed");
  llvmModule->setDataLayout(tm.createDataLayout());
  llvmModule->setTargetTriple(tm.getTargetTriple());
  return std::move(llvmModule);
}

llvm::Error backend::optimize(llvm::Module &module, llvm::TargetMachine &tm,
                              unsigned optLevel) {
  auto transformer = mlir::makeOptimizingTransformer(optLevel, 0, &tm);
  if (llvm::Error e = transformer(&module))
    return error("LLVM optimization failed: " + llvm::toString(std::move(e)));
  return llvm::Error::success();
}

llvm::Error backend::emitObject(llvm::Module &module, llvm::TargetMachine &tm,
                                llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager codegen;
  if (tm.addPassesToEmitFile(codegen, os, nullptr,
                             llvm::CodeGenFileType::ObjectFile))
    return error("the target cannot emit object files");
  codegen.run(module);
  return llvm::Error::success();
}

/// A program given by path or by name (searched on PATH).
static std::string resolveProgram(const std::string &nameOrPath) {
  if (nameOrPath.find('/') != std::string::npos)
    return nameOrPath;
  auto path = llvm::sys::findProgramByName(nameOrPath);
  return path ? *path : "";
}

std::string backend::findLinker(const LinkOptions &options) {
  if (!options.linker.empty())
    return resolveProgram(options.linker);
  if (const char *env = std::getenv("RETNET_LINKER"))
    return resolveProgram(env);
  for (const char *name : {"clang-22", "clang", "cc", "gcc"}) {
    if (!options.searchDir.empty())
      if (auto path = llvm::sys::findProgramByName(name, {options.searchDir}))
        return *path;
    if (auto path = llvm::sys::findProgramByName(name))
      return *path;
  }
  return "";
}

llvm::Error backend::linkSharedLibrary(StringRef object, StringRef output,
                                       const LinkOptions &options) {
  std::string linker = findLinker(options);
  if (linker.empty())
    return error("no C compiler driver found to link the shared library "
                 "(install clang-22 or gcc, or pass --linker; a --linker or "
                 "RETNET_LINKER name must be on PATH)");
  if (!llvm::sys::fs::exists(options.runtimeLibrary))
    return error(std::string(options.cudaRuntime ? "the CUDA runtime library"
                                                 : "the runtime library") +
                 " is missing: " + options.runtimeLibrary);
  // Linked under a fresh name next to the output, checked, then renamed:
  // a linker that exits 0 without writing (--linker=/bin/true) is an error,
  // and the output is never a partial library.
  llvm::SmallString<256> linkPath;
  llvm::sys::fs::createUniquePath(output + ".tmp-%%%%%%%%", linkPath,
                                  /*MakeAbsolute=*/false);
  llvm::SmallVector<std::string> argStore = {
      linker, "-shared", "-o", linkPath.str().str(), object.str(), "-lm"};
  // The project's runtime: the call status (retnet_last_error) of every
  // artifact, plus for CUDA the mgpu* functions on the driver API via
  // dlopen. Exported even by a module without public functions.
  argStore.push_back(options.runtimeLibrary);
  argStore.push_back("-Wl,-u,retnet_last_error,-u,retnet_clear_error,-u,"
                     "retnet_release_workspace");
  if (options.cudaRuntime) {
    argStore.push_back("-ldl");
    argStore.push_back("-lpthread");
  } else if (!options.openmpLibDir.empty()) {
    // libomp of the LLVM this compiler was built with; rpath so the
    // artifact loads without LD_LIBRARY_PATH.
    argStore.push_back("-L" + options.openmpLibDir);
    argStore.push_back("-Wl,-rpath," + options.openmpLibDir);
    argStore.push_back("-lomp");
  }
  llvm::SmallVector<StringRef> args(argStore.begin(), argStore.end());
  std::string linkErr;
  int rc =
      llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &linkErr);
  if (rc != 0) {
    llvm::sys::fs::remove(linkPath);
    return error(
        "linking failed (" + linker + "): " +
        (linkErr.empty() ? "exit code " + std::to_string(rc) : linkErr));
  }
  llvm::sys::fs::file_status linked;
  if (llvm::sys::fs::status(linkPath, linked) ||
      !llvm::sys::fs::is_regular_file(linked) || linked.getSize() == 0) {
    llvm::sys::fs::remove(linkPath);
    return error("the linker (" + linker + ") exited 0 but wrote no shared " +
                 "library; is --linker / RETNET_LINKER a C compiler driver?");
  }
  if (auto ec = llvm::sys::fs::rename(linkPath, output)) {
    llvm::sys::fs::remove(linkPath);
    return error("cannot write '" + output + "': " + ec.message());
  }
  return llvm::Error::success();
}
