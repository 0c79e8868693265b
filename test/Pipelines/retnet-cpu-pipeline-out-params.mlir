// RUN: retnet-opt %s -retnet-cpu-pipeline=lower-to-llvm=0 | FileCheck %s
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0 openmp=0' | FileCheck %s --check-prefixes=CHECK,SEQ
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0 openmp=1' | FileCheck %s --check-prefixes=CHECK,OMP
// RUN: retnet-opt %s -retnet-cpu-pipeline=lower-to-llvm=0 | FileCheck %s --check-prefix=BUFFERS

// With lower-to-llvm=0 the pipeline stops after bufferization and loops:
// results have become caller-allocated out-params (memref arguments after
// the inputs), the function returns nothing, and it keeps its C-interface
// attribute for a later LLVM lowering.
// BUFFERS-NOT: tensor<
// BUFFERS-NOT: tensor.
// BUFFERS-NOT: linalg.
// BUFFERS-NOT: memref.copy
// BUFFERS-NOT: retention.
// BUFFERS-NOT: llvm.func

// CHECK-LABEL: func.func @ret
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: memref<2x4x?x16xf32>, %[[K:[a-z0-9_]+]]: memref<2x4x?x16xf32>, %[[V:[a-z0-9_]+]]: memref<2x4x?x32xf32>, %[[LD:[a-z0-9_]+]]: memref<4xf32>, %[[S0:[a-z0-9_]+]]: memref<2x4x16x32xf32>,
// CHECK-SAME:     %[[OUT:[a-z0-9_]+]]: memref<2x4x?x32xf32>, %[[STATE:[a-z0-9_]+]]: memref<2x4x16x32xf32>)
// CHECK-NOT:     ->
// CHECK-SAME:    attributes {llvm.emit_c_interface} {
// The (batch, head) loop: OpenMP worksharing by default, plain loops
// without OpenMP.
// OMP:           omp.parallel {
// OMP:             omp.wsloop {
// OMP:               omp.loop_nest (%{{.*}}, %{{.*}}) : index = (%{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}) step (%{{.*}}, %{{.*}}) collapse(2) {
// SEQ-NOT:       omp.
// SEQ:           scf.for %[[B:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// SEQ-NEXT:        scf.for %[[H:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// The results end up in the out-params; inputs are only read.
// CHECK-NOT:     memref.store %{{.*}}, %[[Q]]
// CHECK-NOT:     memref.store %{{.*}}, %[[V]]
// CHECK-NOT:     memref.store %{{.*}}, %[[S0]]
// CHECK-DAG:     memref.store %{{.*}}, %[[OUT]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<2x4x?x32xf32>
// CHECK-DAG:     memref.store %{{.*}}, %[[STATE]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<2x4x16x32xf32>
// CHECK:         return{{$}}
func.func @ret(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x?x16xf32>,
               %v: tensor<2x4x?x32xf32>, %ld: tensor<4xf32>,
               %s0: tensor<2x4x16x32xf32>)
    -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {scale = 0.25 : f32}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x32xf32>,
         tensor<4xf32>, tensor<2x4x16x32xf32>)
      -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
  return %o, %s : tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>
}
