// RUN: retnet-opt %s -retention-merge-gpu-modules | FileCheck %s

// Three outlined kernels in three modules become one module; a clashing
// kernel name is renamed and its launch retargeted.
// CHECK-LABEL: func.func @host
// CHECK:         gpu.launch_func @a::@k blocks
// CHECK:         gpu.launch_func @a::@k_0 blocks
// CHECK:         gpu.launch_func @a::@other blocks
// CHECK:       gpu.module @a
// CHECK-DAG:     gpu.func @k() kernel
// CHECK-DAG:     gpu.func @k_0() kernel
// CHECK-DAG:     gpu.func @other() kernel
// CHECK-NOT:   gpu.module
module attributes {gpu.container_module} {
  func.func @host() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @a::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @b::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @c::@other blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
  gpu.module @a {
    gpu.func @k() kernel { gpu.return }
  }
  gpu.module @b {
    gpu.func @k() kernel { gpu.return }
  }
  gpu.module @c {
    gpu.func @other() kernel { gpu.return }
  }
}
