//===- TestPasses.cpp - register the test-only passes ---------------------===//

#include "TestPasses.h"

#include "mlir/Pass/PassManager.h"

namespace mlir {
#define GEN_PASS_REGISTRATION
#include "TestPasses.h.inc"
} // namespace mlir

void retnet::test::registerTestPasses() { mlir::registerRetNetTestPasses(); }

void retnet::test::addGPUEmulator(mlir::OpPassManager &pm) {
  pm.addPass(mlir::createRetentionTestEmulateGPU());
}
