//===- InitAll.h - register everything retnet provides ----------*- C++ -*-===//
//
// For tools and for other compilers embedding the retention dialect.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_INITALL_H
#define RETNET_INITALL_H

#include "retnet/Pipelines/Pipelines.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace retnet {

/// Registers the retention dialect and the dialects its graphs and lowerings
/// use (func, arith, linalg, math, scf, tensor, vector).
void registerAllDialects(mlir::DialectRegistry &registry);

/// Registers every retention-* and convert-retention-* pass.
void registerAllPasses();

/// Registers retnet-cpu-pipeline and retnet-cuda-pipeline (emulate=1 runs
/// `emulator`, which only test code provides: test/lib).
void registerAllPipelines(GPUEmulator emulator = nullptr);

} // namespace retnet

#endif // RETNET_INITALL_H
