//===- Backend.h - from the LLVM dialect to a shared library ----*- C++ -*-===//
//
// The compile back end that retnet-compile and the C API share: the target
// CPU checked and resolved, translation to LLVM IR, -O<n> for that CPU, an
// object file, and a shared library linked by the system C driver with the
// project's runtime.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_COMPILER_BACKEND_H
#define RETNET_COMPILER_BACKEND_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class raw_pwrite_stream;
class Module;
class TargetMachine;
} // namespace llvm

namespace retnet::backend {

/// The CPU code is generated for: "host" resolved to the host CPU's name.
std::string resolveCPU(llvm::StringRef cpu);

/// "" when `cpu` can be compiled for: "host", "generic", or an LLVM CPU of
/// the host target that runs its code (a 32-bit x86 CPU for x86-64 would
/// stop LLVM with a fatal error); else a message saying why, with valid
/// names.
std::string checkCPU(llvm::StringRef cpu);

/// A target machine for the host triple and `cpu` (for "host" with the
/// host's features), PIC, at codegen level -O`optLevel`; null and `error`
/// on failure. The native target must be initialized.
std::unique_ptr<llvm::TargetMachine>
createTargetMachine(llvm::StringRef cpu, unsigned optLevel, std::string &error);

/// The f32 vector width of `cpu`: 512 with AVX-512, 256 with AVX2 + FMA,
/// 128 otherwise (and on targets other than x86).
int vectorBits(llvm::StringRef cpu);

/// The LLVM IR of `module` (in the LLVM dialect), with the data layout and
/// triple of `tm`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                  llvm::TargetMachine &tm);

/// Optimizes `module` at -O`optLevel` for `tm`.
llvm::Error optimize(llvm::Module &module, llvm::TargetMachine &tm,
                     unsigned optLevel);

/// Writes the object code of `module` to `os`.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &tm,
                       llvm::raw_pwrite_stream &os);

struct LinkOptions {
  /// The C compiler driver: a path or a name on PATH; "" for RETNET_LINKER,
  /// else the first of clang-22, clang, cc, gcc (in `searchDir` first).
  std::string linker;
  std::string searchDir;
  /// libretnet_runtime.a or libretnet_cuda_runtime.a (must exist).
  std::string runtimeLibrary;
  /// The CUDA runtime needs -ldl -lpthread.
  bool cudaRuntime = false;
  /// Link libomp from this directory, with an rpath to it ("" = no OpenMP).
  std::string openmpLibDir;
};

/// The linker LinkOptions names; "" when there is none.
std::string findLinker(const LinkOptions &options);

/// Links `object` into the shared library `output`: under a fresh name next
/// to it, checked to be a non-empty file (a linker that exits 0 without
/// writing is an error), then renamed, so `output` is never partial.
llvm::Error linkSharedLibrary(llvm::StringRef object, llvm::StringRef output,
                              const LinkOptions &options);

} // namespace retnet::backend

#endif // RETNET_COMPILER_BACKEND_H
