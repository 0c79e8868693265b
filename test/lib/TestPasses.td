//===- TestPasses.td - test-only passes ------------------------*- tablegen -*-===//
//
// Passes that exist for the tests alone. They are not part of the product
// libraries (lib/, the exported CMake package, the C API): retnet-opt
// registers them, and the tools that run the emulated GPU path link them.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_TEST_LIB_TESTPASSES_TD
#define RETNET_TEST_LIB_TESTPASSES_TD

include "mlir/Pass/PassBase.td"

def RetentionTestEmulateGPU : Pass<"retention-test-emulate-gpu", "::mlir::ModuleOp"> {
  let summary = "Test only: run the GPU host code and kernels sequentially on the CPU";
  let description = [{
    Turns the output of `convert-retention-to-gpu` into CPU code so machines
    without a GPU check the kernels' numbers: `gpu.alloc/memcpy/dealloc`
    become `memref.alloc/copy/dealloc`, `gpu.wait` disappears, and each
    `gpu.launch` becomes loops over its grid whose body is cut at every
    `gpu.barrier` into segments run for all threads of the block in turn
    (workgroup memory becomes host buffers). Barriers may sit under `scf.for`
    / `scf.if` with thread-uniform bounds and conditions; thread-uniform
    pure ops are hoisted out of the thread loops, and a thread-varying value
    live across a barrier is reported as an error. Test only: it lives in `test/lib` and is registered by `retnet-opt`;
    `retnet-cuda-pipeline{emulate=1}` (`retnet-compile --target=cuda
    --gpu-emulate`) gets it through the emulator hook the test library
    provides.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect"
  ];
}

#endif // RETNET_TEST_LIB_TESTPASSES_TD
