//===- Compiler.cpp - C API of the compile back end -----------------------===//

#include "retnet-c/Compiler.h"

#include "retnet/Compiler/Backend.h"
#include "retnet/Pipelines/Pipelines.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;

MlirLogicalResult retnetCompileToSharedLibrary(MlirModule cModule,
                                               MlirStringRef cOutput,
                                               MlirStringRef cRuntime) {
  ModuleOp module = unwrap(cModule);
  MLIRContext *ctx = module.getContext();
  std::string output = unwrap(cOutput).str();
  Location loc = module.getLoc();
  auto fail = [&](const llvm::Twine &message) {
    emitError(loc) << message;
    return wrap(failure());
  };
  // What the pipeline (the bufferization and lowering interfaces of the
  // upstream dialects) and the translation to LLVM IR need of the context,
  // as retnet-compile registers them.
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  ctx->appendDialectRegistry(registry);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  retnet::CPUPipelineOptions options;
  options.vectorBits = retnet::backend::vectorBits("host");
  PassManager pm(ctx);
  if (failed(retnet::buildCPUPipeline(pm, options)) || failed(pm.run(module)))
    return wrap(failure()); // the passes reported why

  std::string error;
  std::unique_ptr<llvm::TargetMachine> tm =
      retnet::backend::createTargetMachine("host", 3, error);
  if (!tm)
    return fail("no target machine for the host: " + error);
  llvm::LLVMContext llvmContext;
  auto llvmModule =
      retnet::backend::translateToLLVMIR(module, llvmContext, *tm);
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  if (llvm::Error e = retnet::backend::optimize(**llvmModule, *tm, 3))
    return fail(llvm::toString(std::move(e)));

  llvm::SmallString<128> object;
  int fd;
  if (auto ec = llvm::sys::fs::createTemporaryFile("retnet", "o", fd, object))
    return fail("cannot create a temporary file: " + ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    if (llvm::Error e = retnet::backend::emitObject(**llvmModule, *tm, os)) {
      llvm::sys::fs::remove(object);
      return fail(llvm::toString(std::move(e)));
    }
  }
  retnet::backend::LinkOptions link;
  link.searchDir = RETNET_LLVM_TOOLS_DIR;
  link.runtimeLibrary = unwrap(cRuntime).str();
  link.openmpLibDir = std::string(RETNET_LLVM_TOOLS_DIR) + "/../lib";
  llvm::Error linked = retnet::backend::linkSharedLibrary(object, output, link);
  llvm::sys::fs::remove(object);
  if (linked)
    return fail(llvm::toString(std::move(linked)));
  return wrap(success());
}
