// A downstream opt tool: upstream MLIR plus the retention dialect and passes,
// registered through retnet/InitAll.h from the installed package.
#include "retnet/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  retnet::registerAllDialects(registry);
  mlir::registerAllPasses();
  retnet::registerAllPasses();
  retnet::registerAllPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "downstream-opt\n", registry));
}
