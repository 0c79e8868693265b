// RUN: retnet-opt %s -retention-forall-to-openmp -split-input-file | FileCheck %s
// RUN: retnet-opt %s -retention-forall-to-openmp=claim=0 -split-input-file | FileCheck %s --check-prefix=SHARE

// A bufferized 2-D forall: one omp.parallel region, no worksharing loop.
// The threads claim the 3 x %n iterations (linearized, the last dimension
// fastest) from a counter on the caller's stack, reset before the region,
// max(1, total / (4 * threads)) at a time, and run each claim as an
// scf.for.
// CHECK-DAG:   func.func private @omp_get_num_threads() -> i32
// CHECK-LABEL: func.func @tiles(
// CHECK-SAME:    %[[M:[a-z0-9_]+]]: memref<3x?xf32>, %[[N:[a-z0-9_]+]]: index)
// CHECK-NEXT:    %[[CTR:.*]] = memref.alloca() : memref<i64>
// CHECK:         %[[Z:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    memref.store %[[Z]], %[[CTR]][] : memref<i64>
// CHECK-NEXT:    omp.parallel {
// CHECK-NEXT:      %[[NTH32:.*]] = func.call @omp_get_num_threads() : () -> i32
// CHECK-NEXT:      %[[NTH:.*]] = arith.index_cast %[[NTH32]] : i32 to index
// CHECK-NEXT:      %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT:      %[[CLAIMS:.*]] = arith.muli %[[NTH]], %[[C4]] : index
// CHECK-NEXT:      %[[PER:.*]] = arith.divui %[[TOTAL:.*]], %[[CLAIMS]] : index
// CHECK-NEXT:      %[[GRAIN:.*]] = arith.maxui %{{.*}}, %[[PER]] : index
// CHECK-NEXT:      %[[GRAIN64:.*]] = arith.index_cast %[[GRAIN]] : index to i64
// CHECK-NEXT:      scf.while : () -> index {
// CHECK-NEXT:        %[[OLD:.*]] = memref.atomic_rmw addi %[[GRAIN64]], %[[CTR]][] : (i64, memref<i64>) -> i64
// CHECK-NEXT:        %[[FIRST:.*]] = arith.index_cast %[[OLD]] : i64 to index
// CHECK-NEXT:        %[[MORE:.*]] = arith.cmpi ult, %[[FIRST]], %[[TOTAL]] : index
// CHECK-NEXT:        scf.condition(%[[MORE]]) %[[FIRST]] : index
// CHECK-NEXT:      } do {
// CHECK-NEXT:      ^bb0(%[[B:.*]]: index):
// CHECK-NEXT:        %[[E0:.*]] = arith.addi %[[B]], %[[GRAIN]] : index
// CHECK-NEXT:        %[[E:.*]] = arith.minui %[[E0]], %[[TOTAL]] : index
// CHECK-NEXT:        scf.for %[[I:.*]] = %[[B]] to %[[E]] step %{{.*}} {
// CHECK:               %[[J:.*]] = arith.remui %[[I]], %{{.*}} : index
// CHECK:               %[[ROW:.*]] = arith.divui %[[I]], %{{.*}} : index
// CHECK:               memref.store %{{.*}}, %[[M]][%{{.*}}, %{{.*}}] : memref<3x?xf32>
// CHECK:             }
// CHECK-NEXT:        scf.yield
// CHECK-NEXT:      }
// CHECK-NEXT:      omp.terminator
// CHECK-NOT:     omp.wsloop
// CHECK-NOT:     scf.forall
//
// claim=0: each thread takes a balanced, contiguous share and runs it as
// one scf.for.
// SHARE-DAG:   func.func private @omp_get_thread_num() -> i32
// SHARE-DAG:   func.func private @omp_get_num_threads() -> i32
// SHARE-LABEL: func.func @tiles(
// SHARE-SAME:    %[[M:[a-z0-9_]+]]: memref<3x?xf32>, %[[N:[a-z0-9_]+]]: index)
// SHARE-NOT:     memref.alloca
// SHARE:         omp.parallel {
// SHARE-NEXT:      %[[TID32:.*]] = func.call @omp_get_thread_num() : () -> i32
// SHARE-NEXT:      %[[TID:.*]] = arith.index_cast %[[TID32]] : i32 to index
// SHARE-NEXT:      %[[NTH32:.*]] = func.call @omp_get_num_threads() : () -> i32
// SHARE-NEXT:      %[[NTH:.*]] = arith.index_cast %[[NTH32]] : i32 to index
// SHARE-NEXT:      %[[SMALL:.*]] = arith.divui %[[TOTAL:.*]], %[[NTH]] : index
// SHARE-NEXT:      %[[EXTRA:.*]] = arith.remui %[[TOTAL]], %[[NTH]] : index
// SHARE:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// SHARE:             %[[J:.*]] = arith.remui %[[I]], %{{.*}} : index
// SHARE:             %[[ROW:.*]] = arith.divui %[[I]], %{{.*}} : index
// SHARE:             memref.store %{{.*}}, %[[M]][%{{.*}}, %{{.*}}] : memref<3x?xf32>
// SHARE:           }
// SHARE-NEXT:      omp.terminator
// SHARE-NOT:     omp.wsloop
// SHARE-NOT:     scf.forall
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
// SHARE-LABEL: func.func @strided(
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

// The counter is allocated once per function, at its entry, and reset
// before each region (a forall inside a loop claims afresh each time).
// CHECK-LABEL: func.func @in_loop(
// CHECK-NEXT:    %[[CTR:.*]] = memref.alloca() : memref<i64>
// CHECK:         scf.for
// CHECK:           memref.store %{{.*}}, %[[CTR]][] : memref<i64>
// CHECK-NEXT:      omp.parallel {
// CHECK:             memref.atomic_rmw addi %{{.*}}, %[[CTR]][]
func.func @in_loop(%m: memref<16xf32>, %n: index) {
  %one = arith.constant 1.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %k = %c0 to %n step %c1 {
    scf.forall (%i) in (16) {
      memref.store %one, %m[%i] : memref<16xf32>
    }
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
