//===- retnet-opt.cpp - the retnet optimizer driver -----------------------===//
//
// mlir-opt with the retention dialect, passes and pipelines added: every
// upstream dialect and pass is available as well.
//
//===----------------------------------------------------------------------===//

#include "retnet/InitAll.h"

#include "TestPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::registerAllGPUToLLVMIRTranslations(registry);
  retnet::registerAllDialects(registry);

  mlir::registerAllPasses();
  retnet::registerAllPasses();
  // The test-only passes (test/lib), and the emulator behind
  // retnet-cuda-pipeline{emulate=1}.
  retnet::test::registerTestPasses();
  retnet::registerAllPipelines(retnet::test::addGPUEmulator);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "retnet-opt: MLIR optimizer driver with retention\n",
      registry));
}
