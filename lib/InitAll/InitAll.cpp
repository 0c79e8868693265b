//===- InitAll.cpp - register everything retnet provides ------------------===//

#include "retnet/InitAll.h"

#include "retnet/Conversion/Passes.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
#include "retnet/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/DialectRegistry.h"

void retnet::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::retention::RetentionDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect, mlir::vector::VectorDialect>();
}

void retnet::registerAllPasses() {
  mlir::retention::registerRetentionPasses();
  mlir::registerRetNetConversionPasses();
}

void retnet::registerAllPipelines(GPUEmulator emulator) {
  retnet::registerPipelines(emulator);
}
