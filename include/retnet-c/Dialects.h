/*===- retnet-c/Dialects.h - C API of the retention compiler ------*- C -*-===*\
|*                                                                            *|
|* Registers the retention dialect, passes and pipelines on MLIR C API       *|
|* objects, in the style of upstream MLIR's mlir-c/Dialect/*.h.               *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef RETNET_C_DIALECTS_H
#define RETNET_C_DIALECTS_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__retention__(): the retention dialect's handle.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Retention, retention);

/// Inserts the retention dialect and the dialects its lowerings produce
/// (func, arith, linalg, math, scf, tensor, vector) into `registry`.
MLIR_CAPI_EXPORTED void retnetRegisterAllDialects(MlirDialectRegistry registry);

/// Registers every retention-* and convert-retention-* pass (for
/// mlirParsePassPipeline).
MLIR_CAPI_EXPORTED void retnetRegisterAllPasses(void);

/// Registers retnet-cpu-pipeline.
MLIR_CAPI_EXPORTED void retnetRegisterAllPipelines(void);

/// Sets the schedule of every retention op in `op` that has none, with the
/// cost model (target "cpu", "cpu:<cores>", "cuda", ...). Returns false (and
/// leaves `op` untouched) for an unknown target.
MLIR_CAPI_EXPORTED bool retnetSelectSchedules(MlirOperation op,
                                              MlirStringRef target);

#ifdef __cplusplus
}
#endif

#endif // RETNET_C_DIALECTS_H
