// RUN: retnet-opt %s -retention-forall-to-openmp -split-input-file | FileCheck %s

// A bufferized 2-D forall: one omp.parallel region; each thread takes a
// balanced, contiguous share of the 3 x %n iterations (linearized, the last
// dimension fastest) and runs it as one scf.for. No worksharing loop.
// CHECK-DAG:   func.func private @omp_get_thread_num() -> i32
// CHECK-DAG:   func.func private @omp_get_num_threads() -> i32
// CHECK-LABEL: func.func @tiles(
// CHECK-SAME:    %[[M:[a-z0-9_]+]]: memref<3x?xf32>, %[[N:[a-z0-9_]+]]: index)
// CHECK:         omp.parallel {
// CHECK-NEXT:      %[[TID32:.*]] = func.call @omp_get_thread_num() : () -> i32
// CHECK-NEXT:      %[[TID:.*]] = arith.index_cast %[[TID32]] : i32 to index
// CHECK-NEXT:      %[[NTH32:.*]] = func.call @omp_get_num_threads() : () -> i32
// CHECK-NEXT:      %[[NTH:.*]] = arith.index_cast %[[NTH32]] : i32 to index
// CHECK-NEXT:      %[[SMALL:.*]] = arith.divui %[[TOTAL:.*]], %[[NTH]] : index
// CHECK-NEXT:      %[[EXTRA:.*]] = arith.remui %[[TOTAL]], %[[NTH]] : index
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:             %[[J:.*]] = arith.remui %[[I]], %{{.*}} : index
// CHECK:             %[[ROW:.*]] = arith.divui %[[I]], %{{.*}} : index
// CHECK:             memref.store %{{.*}}, %[[M]][%{{.*}}, %{{.*}}] : memref<3x?xf32>
// CHECK:           }
// CHECK-NEXT:      omp.terminator
// CHECK-NOT:     omp.wsloop
// CHECK-NOT:     scf.forall
func.func @tiles(%m: memref<3x?xf32>, %n: index) {
  %one = arith.constant 1.0 : f32
  scf.forall (%i, %j) in (3, %n) {
    memref.store %one, %m[%i, %j] : memref<3x?xf32>
  }
  return
}

// -----

// Bounds and steps: the induction variables are lb + index * step.
// CHECK-LABEL: func.func @strided(
// CHECK:         omp.parallel {
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:             %[[SCALED:.*]] = arith.muli %[[I]], %c4{{(_[0-9]+)?}} : index
// CHECK:             %[[IV:.*]] = arith.addi %c2{{(_[0-9]+)?}}, %[[SCALED]] : index
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[IV]]]
func.func @strided(%m: memref<16xf32>) {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) = (2) to (16) step (4) {
    memref.store %one, %m[%i] : memref<16xf32>
  }
  return
}

// -----

// Left to the upstream conversion: a forall nested in another (converted
// with its parent's body, still a forall), one that allocates on the stack,
// and one with shared outputs (not bufferized).
// CHECK-LABEL: func.func @left(
// CHECK:         omp.parallel {
// CHECK:           scf.forall (%{{.*}}) in (2)
// CHECK:         scf.forall (%{{.*}}) in (4)
// CHECK:           memref.alloca
// CHECK:         scf.forall (%{{.*}}) in (4) shared_outs
func.func @left(%m: memref<4x2xf32>, %t: tensor<4xf32>) -> tensor<4xf32> {
  %one = arith.constant 1.0 : f32
  scf.forall (%i) in (4) {
    scf.forall (%j) in (2) {
      memref.store %one, %m[%i, %j] : memref<4x2xf32>
    }
  }
  scf.forall (%i) in (4) {
    %a = memref.alloca() : memref<2xf32>
    %c0 = arith.constant 0 : index
    memref.store %one, %a[%c0] : memref<2xf32>
  }
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> (tensor<4xf32>) {
    %s = tensor.extract_slice %o[%i] [1] [1] : tensor<4xf32> to tensor<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i] [1] [1] : tensor<1xf32> into tensor<4xf32>
    }
  }
  return %r : tensor<4xf32>
}
