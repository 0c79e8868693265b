//===- Pipelines.h - retnet pass pipelines ----------------------*- C++ -*-===//
//
// The registered pipelines. retnet-opt, retnet-compile and the Python package
// all go through these builders, so every entry point compiles the same way.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_PIPELINES_PIPELINES_H
#define RETNET_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace retnet {

struct CPUPipelineOptions
    : public mlir::PassPipelineOptions<CPUPipelineOptions> {
  PassOptions::Option<std::string> schedule{
      *this, "schedule",
      llvm::cl::desc("auto, parallel, chunkwise or recurrent for ops without "
                     "a pinned schedule"),
      llvm::cl::init("auto")};
  PassOptions::Option<int64_t> chunkSize{
      *this, "chunk-size",
      llvm::cl::desc("chunk size of chunkwise decisions (0: cost model)"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> openmp{
      *this, "openmp",
      llvm::cl::desc("run the (batch, head) loop on OpenMP threads "
                     "(OMP_NUM_THREADS controls them at run time)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> registerTile{
      *this, "register-tile",
      llvm::cl::desc("register-tile the contractions (vector dialect); "
                     "off: plain linalg loops"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> lowerToLLVM{
      *this, "lower-to-llvm",
      llvm::cl::desc("go all the way to the LLVM dialect (else stop after "
                     "bufferization and loops)"),
      llvm::cl::init(true)};
};

/// Textual form of the CPU pipeline (no builtin.module anchor).
std::string getCPUPipelineString(const CPUPipelineOptions &options);

/// Appends the CPU pipeline to `pm` (a builtin.module pass manager). The
/// upstream passes it names must be registered (mlir::registerAllPasses).
llvm::LogicalResult buildCPUPipeline(mlir::OpPassManager &pm,
                                     const CPUPipelineOptions &options);

/// Registers retnet-cpu-pipeline.
void registerPipelines();

} // namespace retnet

#endif // RETNET_PIPELINES_PIPELINES_H
