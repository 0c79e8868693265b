//===- TestPasses.h - test-only passes of retnet ----------------*- C++ -*-===//
//
// Not part of the product libraries: retnet-opt registers these passes, and
// the tools that offer the emulated GPU path (retnet-compile --gpu-emulate,
// the fuzzer) link them and hand the emulator to the CUDA pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_TEST_LIB_TESTPASSES_H
#define RETNET_TEST_LIB_TESTPASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class OpPassManager;

#define GEN_PASS_DECL
#include "TestPasses.h.inc"
} // namespace mlir

namespace retnet::test {
/// Registers the test-only passes (retention-test-emulate-gpu).
void registerTestPasses();
/// What retnet-cuda-pipeline{emulate=1} runs instead of the NVVM lowering:
/// retention-test-emulate-gpu (a retnet::GPUEmulator).
void addGPUEmulator(mlir::OpPassManager &pm);
} // namespace retnet::test

#endif // RETNET_TEST_LIB_TESTPASSES_H
