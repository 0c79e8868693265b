// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=GONE
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu -canonicalize -cse | FileCheck %s --check-prefix=CANON

// One op per schedule: the same outer structure (scf.forall over (B, H),
// per-head slices, parallel_insert_slice of the result), and the loop nest
// that tells the schedules apart. No retention op survives, and the result
// stays valid through canonicalization.
// GONE-NOT: retention.retention
// GONE-NOT: #retention.schedule

// CHECK-LABEL: func.func @parallel
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (2, 4) shared_outs
// Query tiles, then key tiles up to i0 + len.
// CHECK:           scf.for %[[I0:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %[[TILE:[a-z0-9_]+]] iter_args(%{{.*}}) -> (tensor<?x32xf32>)
// CHECK:             %[[LEN:[a-z0-9_]+]] = arith.minsi %[[TILE]], %{{.*}} : index
// CHECK:             %[[END:[a-z0-9_]+]] = arith.addi %[[I0]], %[[LEN]] : index
// CHECK:             scf.for %[[J0:[a-z0-9_]+]] = %{{.*}} to %[[END]] step %[[TILE]] iter_args(%{{.*}}) -> (tensor<?x32xf32>)
// CHECK:               linalg.generic
// CHECK:                 linalg.index 0
// CHECK:                 linalg.index 1
// CHECK:                 math.exp
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice {{.*}} : tensor<64x32xf32> into tensor<2x4x64x32xf32>
// T = 64 is a single tile: canonicalization folds both one-trip loops away.
// CANON-LABEL: func.func @parallel
// CANON:         scf.forall
// CANON-NOT:       scf.for
// CANON:           math.exp
// CANON-NOT:       scf.for
// CANON:           scf.forall.in_parallel
func.func @parallel(%q: tensor<2x4x64x16xf32>, %v: tensor<2x4x64x32xf32>, %ld: tensor<4xf32>)
    -> tensor<2x4x64x32xf32> {
  %o = retention.retention %q, %q, %v, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<2x4x64x16xf32>, tensor<2x4x64x16xf32>, tensor<2x4x64x32xf32>,
         tensor<4xf32>) -> tensor<2x4x64x32xf32>
  return %o : tensor<2x4x64x32xf32>
}

// -----

// CHECK-LABEL: func.func @chunkwise
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (2, 4) shared_outs
// One loop over chunks stepping by 16 and carrying the 16 x 32 f32 state;
// no nested loop.
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C16]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// CHECK-NOT:         scf.for
// CHECK:             arith.minsi %[[C16]], %{{.*}} : index
// CHECK-NOT:         scf.for
// CHECK:             scf.yield %{{.*}}, %{{.*}} : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK:           scf.forall.in_parallel
// CANON-LABEL: func.func @chunkwise
// CANON:         scf.for {{.*}} step %c16 {{.*}} -> (tensor<16x32xf32>, tensor<64x32xf32>)
func.func @chunkwise(%q: tensor<2x4x64x16xf32>, %v: tensor<2x4x64x32xf32>, %ld: tensor<4xf32>)
    -> tensor<2x4x64x32xf32> {
  %o = retention.retention %q, %q, %v, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 16>}
      : (tensor<2x4x64x16xf32>, tensor<2x4x64x16xf32>, tensor<2x4x64x32xf32>,
         tensor<4xf32>) -> tensor<2x4x64x32xf32>
  return %o : tensor<2x4x64x32xf32>
}

// -----

// CHECK-LABEL: func.func @recurrent
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (2, 4) shared_outs
// One loop over tokens, step 1, carrying the state; rows of 1 x 32.
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C1]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// CHECK-NOT:         scf.for
// CHECK-NOT:         arith.minsi
// CHECK:             tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [1, 32] [1, 1] : tensor<32xf32> into tensor<?x32xf32>
// CHECK:           scf.forall.in_parallel
// CANON-LABEL: func.func @recurrent
// CANON:         scf.for {{.*}} step %c1 {{.*}} -> (tensor<16x32xf32>, tensor<64x32xf32>)
func.func @recurrent(%q: tensor<2x4x64x16xf32>, %v: tensor<2x4x64x32xf32>, %ld: tensor<4xf32>)
    -> tensor<2x4x64x32xf32> {
  %o = retention.retention %q, %q, %v, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<2x4x64x16xf32>, tensor<2x4x64x16xf32>, tensor<2x4x64x32xf32>,
         tensor<4xf32>) -> tensor<2x4x64x32xf32>
  return %o : tensor<2x4x64x32xf32>
}

// -----

// Each op is lowered on its own, whatever surrounds it; other ops are kept.
// CHECK-LABEL: func.func @mixed
// CHECK:         %[[A:[a-z0-9_]+]] = scf.forall
// CHECK:         %[[B:[a-z0-9_]+]]:2 = scf.forall
// CHECK:         %[[SUM:[a-z0-9_]+]] = arith.addf %[[A]], %[[B]]#0 : tensor<1x2x8x16xf32>
// CHECK:         return %[[SUM]], %[[B]]#1
func.func @mixed(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x16x16xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>) {
  %a = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  %b, %s = retention.retention %a, %a, %q, %ld init(%s0)
      {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  %sum = arith.addf %a, %b : tensor<1x2x8x16xf32>
  return %sum, %s : tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>
}
