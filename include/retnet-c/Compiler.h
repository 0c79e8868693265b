/*===- retnet-c/Compiler.h - compile a module to a shared library -*- C -*-===*\
|*                                                                            *|
|* The compile back end of retnet-compile (pipeline, LLVM IR, -O3 for the    *|
|* host CPU, object, shared library), for compilers that embed retention     *|
|* through the C API.                                                         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef RETNET_C_COMPILER_H
#define RETNET_C_COMPILER_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Compiles `module` (func + tensor ops + retention ops, as retnet-compile
/// takes it) for the host CPU into the shared library `outputPath`: the CPU
/// pipeline (schedules by the cost model, OpenMP threads), LLVM IR at -O3
/// for the host, an object, and a link by the system C driver (clang-22,
/// clang, cc or gcc; RETNET_LINKER overrides) with `runtimeLibrary`
/// (libretnet_runtime.a, next to the tools' build/lib) and libomp. The
/// module is lowered in place. Errors are reported through the context's
/// diagnostic handlers and give failure; `outputPath` is then not written.
MLIR_CAPI_EXPORTED MlirLogicalResult retnetCompileToSharedLibrary(
    MlirModule module, MlirStringRef outputPath, MlirStringRef runtimeLibrary);

#ifdef __cplusplus
}
#endif

#endif // RETNET_C_COMPILER_H
