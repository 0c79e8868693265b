// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefixes=CHECK,PLAIN
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=4 register-tile-lanes=16' | FileCheck %s --check-prefix=RT4X16
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=GONE
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefix=GONE
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu -canonicalize -cse | FileCheck %s --check-prefix=CANON
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=8 register-tile-lanes=0' 2>&1 | FileCheck %s --check-prefix=BADTILE
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=32' 2>&1 | FileCheck %s --check-prefix=BADTILE
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=-1 register-tile-lanes=32' 2>&1 | FileCheck %s --check-prefix=BADTILE
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=63 register-tile-lanes=1023' 2>&1 | FileCheck %s --check-prefix=BADTILE
// RUN: not retnet-opt %s -split-input-file -convert-layer-contractions-to-cpu='register-tile-rows=63 register-tile-lanes=1023' 2>&1 | FileCheck %s --check-prefix=BADLAYER

// One op per schedule: the same outer structure (scf.forall over (B, H),
// per-head slices, parallel_insert_slice of the result), and the loop nest
// that tells the schedules apart. No retention op survives, and the result
// stays valid through canonicalization.
//
// The contractions of the parallel and chunkwise forms are register-tiled by
// default (prefix TILED): scf.for over 8-row then 32-lane blocks of the
// accumulator, an 8 x 32 vector.transfer_read, a reduction loop carrying the
// 8 rows as vector<32xf32> with vector.fma, and a vector.transfer_write.
// register-tile-rows / register-tile-lanes set the block (RT4X16), and both
// at 0 give the plain linalg.generic contractions (prefix PLAIN). Setting
// only one of them to 0, or a negative one, is an error (BADTILE).
// GONE-NOT: retention.retention
// GONE-NOT: #retention.schedule
// PLAIN-NOT: vector.
// BADTILE: error: convert-retention-to-cpu: register-tile-rows and register-tile-lanes must both be positive, or both 0, and at most 16 x 128 with 1024 accumulators
// BADLAYER: error: convert-layer-contractions-to-cpu: the register tile is at most 16 x 128 with 1024 accumulators, got 63 x 1023
// BADTILE-NOT: scf.forall

// CHECK-LABEL: func.func @parallel
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (2, 4) shared_outs
// Query tiles, then key tiles up to i0 + len.
// CHECK:           scf.for %[[I0:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %[[TILE:[a-z0-9_]+]] iter_args(%{{.*}}) -> (tensor<?x32xf32>)
// CHECK:             %[[LEN:[a-z0-9_]+]] = arith.minsi %[[TILE]], %{{.*}} : index
// CHECK:             %[[END:[a-z0-9_]+]] = arith.addi %[[I0]], %[[LEN]] : index
// CHECK:             scf.for %[[J0:[a-z0-9_]+]] = %{{.*}} to %[[END]] step %[[TILE]] iter_args(%{{.*}}) -> (tensor<?x32xf32>)
// q k^T of the tile pair:
// PLAIN:               linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// TILED:               scf.for %{{.*}} step %[[C8:[a-z0-9_]+]] iter_args(%{{.*}}) -> (tensor<?x?xf32>)
// TILED:                 scf.for %{{.*}} step %[[C32:[a-z0-9_]+]] iter_args(%{{.*}}) -> (tensor<?x?xf32>)
// TILED:                   vector.transfer_read {{.*}} : tensor<?x?xf32>, vector<8x32xf32>
// TILED-COUNT-8:           vector.fma {{.*}} : vector<32xf32>
// TILED:                   vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<?x?xf32>
// The decay per diagonal of the tile (one exp each), then the causal mask
// from indices reading it:
// CHECK:               linalg.generic
// CHECK:                 linalg.index 0
// CHECK:                 math.exp
// CHECK:               linalg.generic
// CHECK:                 linalg.index 0
// CHECK:                 linalg.index 1
// CHECK:                 tensor.extract
// P V:
// PLAIN:               linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// TILED:               scf.for %{{.*}} step %[[C8]] iter_args(%{{.*}}) -> (tensor<?x32xf32>)
// TILED:                 vector.fma
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice {{.*}} : tensor<64x32xf32> into tensor<2x4x64x32xf32>
// RT4X16-LABEL: func.func @parallel
// RT4X16:         vector.transfer_read {{.*}} : tensor<?x?xf32>, vector<4x16xf32>
// RT4X16:         scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// RT4X16-COUNT-4:   vector.fma {{.*}} : vector<16xf32>
// RT4X16-NOT:     vector<8x32xf32>
// T = 64 is a single tile: canonicalization folds both one-trip tile loops
// away (static 64 x 64 scores); the register-tile loops stay, the column
// loop of Q K^T bounded by the diagonal (causal: min(64, i0 + 8)).
// CANON-LABEL: func.func @parallel
// CANON:         scf.forall
// CANON-NOT:       step %c64
// CANON:           linalg.fill {{.*}} -> tensor<64x64xf32>
// CANON:           scf.for %[[RT:[a-z0-9_]+]] = %c0 to %c64 step %c8
// CANON:             %[[DIAG:[a-z0-9_]+]] = arith.addi %[[RT]], %c8
// CANON:             %[[CEND:[a-z0-9_]+]] = arith.minui %[[DIAG]], %c64
// CANON:             scf.for %{{.*}} = %c0 to %[[CEND]] step %c32
// CANON:           math.exp
// CANON:           vector.fma
// CANON-NOT:       step %c64
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
// One loop over the full chunks stepping by 16 and carrying the 16 x 32 f32
// state; T = 64 is 4 full chunks, so nothing is peeled.
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C16]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// CHECK-NOT:         arith.minsi
// Inside a chunk only the contractions' register-tile loops, no sequential
// loop of the schedule:
// PLAIN-NOT:         scf.for
// TILED:             vector.fma
// CHECK:             math.exp
// TILED:             vector.fma
// CHECK:             scf.yield %{{.*}}, %{{.*}} : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      tensor.cast %[[LOOP]]#1 : tensor<?x32xf32> to tensor<64x32xf32>
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
// One loop over tokens, step 1, carrying the state; rows of 1 x 32. With
// register tiles each token is one fused pass over the state rows
// (vector<32xf32>) writing its output row in place; plain: the rank-1 update
// and the vector-matrix product as linalg, no vector op.
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C1]] iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// TILED:             scf.for %{{.*}} iter_args({{.*}}) -> (tensor<16x32xf32>, vector<32xf32>)
// PLAIN-NOT:         scf.for
// CHECK-NOT:         arith.minsi
// PLAIN-NOT:         vector.
// TILED:             vector.transfer_write %{{.*}} : vector<32xf32>, tensor<?x32xf32>
// PLAIN:             tensor.insert_slice %{{.*}} into %{{.*}}[%{{.*}}, 0] [1, 32] [1, 1] : tensor<32xf32> into tensor<?x32xf32>
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

// -----

// The final state's B may be dynamic while q's is static (the verifier only
// asks for compatible shapes): the forall computes the static 3 x 2 x 16 x 16
// state and a tensor.cast gives the op's result type.
// CHECK-LABEL: func.func @state_dynamic_batch
// CHECK:         %[[FORALL:[a-z0-9_]+]]:2 = scf.forall (%{{.*}}, %{{.*}}) in (3, 2) shared_outs({{.*}}) -> (tensor<3x2x8x16xf32>, tensor<3x2x16x16xf32>)
// CHECK:         %[[CAST:[a-z0-9_]+]] = tensor.cast %[[FORALL]]#1 : tensor<3x2x16x16xf32> to tensor<?x2x16x16xf32>
// CHECK:         return %[[FORALL]]#0, %[[CAST]] : tensor<3x2x8x16xf32>, tensor<?x2x16x16xf32>
func.func @state_dynamic_batch(%q: tensor<3x2x8x16xf32>, %ld: tensor<2xf32>)
    -> (tensor<3x2x8x16xf32>, tensor<?x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 4>}
      : (tensor<3x2x8x16xf32>, tensor<3x2x8x16xf32>, tensor<3x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<3x2x8x16xf32>, tensor<?x2x16x16xf32>)
  return %o, %s : tensor<3x2x8x16xf32>, tensor<?x2x16x16xf32>
}
