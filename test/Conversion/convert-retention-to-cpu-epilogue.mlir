// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s

// The epilogue shared by all schedules: out[n, :] *= scale, times
// rsqrt(sum_{m <= n} gamma^(n - m)) with decay_normalization (evaluated in
// f64); the final state is divided by the same factor at n = T - 1. The
// recurrent schedule applies it after its token loop, the chunkwise and
// parallel ones to each finished row tile (see @chunk_tiles below).

// CHECK-LABEL: func.func @decay_normalization
// CHECK-DAG:     %[[ONE64:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[ZERO64:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[T:.*]] = arith.constant 8 : index
// CHECK:         scf.forall
// CHECK:           %[[LOGDECAY:[a-z0-9_]+]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<2xf32>
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %
// CHECK:           }
// Per output row n: scale * rsqrt((1 - gamma^(n+1)) / (1 - gamma)), or
// rsqrt(n + 1) when gamma == 1.
// CHECK:           %[[OUT:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[LOOP]]#1 : tensor<?x16xf32>) {
// CHECK-NEXT:      ^bb0(%[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:        %[[R:[a-z0-9_]+]] = linalg.index 0 : index
// CHECK-NEXT:        %[[LD64:[a-z0-9_]+]] = arith.extf %[[LOGDECAY]] : f32 to f64
// CHECK-NEXT:        %[[RI:[a-z0-9_]+]] = arith.index_cast %[[R]] : index to i64
// CHECK-NEXT:        %[[RF:[a-z0-9_]+]] = arith.sitofp %[[RI]] : i64 to f64
// CHECK-NEXT:        %[[NP1:[a-z0-9_]+]] = arith.addf %[[RF]], %[[ONE64]] : f64
// CHECK-NEXT:        %[[E1:[a-z0-9_]+]] = arith.mulf %[[NP1]], %[[LD64]] : f64
// CHECK-NEXT:        %[[G1:[a-z0-9_]+]] = math.exp %[[E1]] : f64
// CHECK-NEXT:        %[[NUM:[a-z0-9_]+]] = arith.subf %[[ONE64]], %[[G1]] : f64
// CHECK-NEXT:        %[[G:[a-z0-9_]+]] = math.exp %[[LD64]] : f64
// CHECK-NEXT:        %[[DEN:[a-z0-9_]+]] = arith.subf %[[ONE64]], %[[G]] : f64
// CHECK-NEXT:        %[[DZ:[a-z0-9_]+]] = arith.cmpf oeq, %[[DEN]], %[[ZERO64]] : f64
// CHECK-NEXT:        %[[SAFE:[a-z0-9_]+]] = arith.select %[[DZ]], %[[ONE64]], %[[DEN]] : f64
// CHECK-NEXT:        %[[RATIO:[a-z0-9_]+]] = arith.divf %[[NUM]], %[[SAFE]] : f64
// CHECK-NEXT:        %[[SUM:[a-z0-9_]+]] = arith.select %[[DZ]], %[[NP1]], %[[RATIO]] : f64
// CHECK-NEXT:        %[[RS:[a-z0-9_]+]] = math.rsqrt %[[SUM]] : f64
// CHECK-NEXT:        %[[RS32:[a-z0-9_]+]] = arith.truncf %[[RS]] : f64 to f32
// CHECK-NEXT:        %[[F:[a-z0-9_]+]] = arith.mulf %[[SCALE]], %[[RS32]] : f32
// CHECK-NEXT:        %[[Y:[a-z0-9_]+]] = arith.mulf %[[X]], %[[F]] : f32
// CHECK-NEXT:        linalg.yield %[[Y]] : f32
// The final state, at n = T - 1:
// CHECK:           %[[LAST:[a-z0-9_]+]] = arith.subi %[[T]], %[[C1]] : index
// CHECK:           arith.index_cast %[[LAST]] : index to i64
// CHECK:           %[[SRS:[a-z0-9_]+]] = math.rsqrt %{{.*}} : f64
// CHECK:           %[[SF:[a-z0-9_]+]] = arith.truncf %[[SRS]] : f64 to f32
// CHECK:           %[[STATE:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[LOOP]]#0 : tensor<16x16xf32>) {
// CHECK-NEXT:      ^bb0(%[[SX:[a-z0-9_]+]]: f32):
// CHECK-NEXT:        %[[SY:[a-z0-9_]+]] = arith.mulf %[[SX]], %[[SF]] : f32
// CHECK-NEXT:        linalg.yield %[[SY]] : f32
// CHECK:           scf.forall.in_parallel
// CHECK:             tensor.parallel_insert_slice %[[STATE]]
func.func @decay_normalization(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {decay_normalization, scale = 0.5 : f32,
       schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>
}

// -----

// Chunkwise: each chunk's rows are scaled and normalized inside the chunk
// loop, while in cache, at their absolute row c0 + r, before they are
// stored; nothing is left to do after the loop.
// CHECK-LABEL: func.func @chunk_tiles
// CHECK:         %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[C0:[a-z0-9_]+]] =
// CHECK:             %[[N:[a-z0-9_]+]] = arith.addi %[[C0]], %{{[a-z0-9_]+}} : index
// CHECK-NEXT:        arith.extf
// CHECK-NEXT:        arith.index_cast %[[N]] : index to i64
// CHECK:             math.rsqrt %{{.*}} : f64
// CHECK:           tensor.insert_slice
// CHECK:           scf.yield
// CHECK-NEXT:    }
// CHECK-NOT:     math.rsqrt
// CHECK:         tensor.cast %[[LOOP]]#1
func.func @chunk_tiles(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {decay_normalization, scale = 0.5 : f32,
       schedule = #retention.schedule<chunkwise, chunk_size = 4>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// Every schedule gets the normalization, in the same place.
// CHECK-LABEL: func.func @decay_normalization_all_schedules
// CHECK:         scf.forall
// CHECK:           math.rsqrt %{{.*}} : f64
// CHECK:         scf.forall
// CHECK:           math.rsqrt %{{.*}} : f64
// CHECK:         scf.forall
// CHECK:           math.rsqrt %{{.*}} : f64
func.func @decay_normalization_all_schedules(%q: tensor<1x1x8x4xf32>, %ld: tensor<1xf32>)
    -> (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>) {
  %0 = retention.retention %q, %q, %q, %ld
      {decay_normalization, schedule = #retention.schedule<parallel>}
      : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>,
         tensor<1xf32>) -> tensor<1x1x8x4xf32>
  %1 = retention.retention %q, %q, %q, %ld
      {decay_normalization, schedule = #retention.schedule<chunkwise, chunk_size = 2>}
      : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>,
         tensor<1xf32>) -> tensor<1x1x8x4xf32>
  %2 = retention.retention %q, %q, %q, %ld
      {decay_normalization, schedule = #retention.schedule<recurrent>}
      : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>,
         tensor<1xf32>) -> tensor<1x1x8x4xf32>
  return %0, %1, %2 : tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>
}

// -----

// Without decay_normalization there is no rsqrt and no f64 at all; with
// scale = 1 (the default) no epilogue generic either.
// CHECK-LABEL: func.func @no_normalization
// CHECK-NOT:     math.rsqrt
// CHECK-NOT:     f64
// CHECK:         %[[LOOP:[a-z0-9_]+]]:2 = scf.for %
// CHECK:           vector.transfer_write {{.*}} : vector<4xf32>, tensor<?x4xf32>
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[CAST:[a-z0-9_]+]] = tensor.cast %[[LOOP]]#1 : tensor<?x4xf32> to tensor<8x4xf32>
// CHECK-NEXT:    scf.forall.in_parallel
// CHECK:         return
func.func @no_normalization(%q: tensor<1x1x8x4xf32>, %ld: tensor<1xf32>)
    -> (tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>,
         tensor<1xf32>) -> (tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>)
  return %o, %s : tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// A scale alone: one multiply per element, no f64.
// CHECK-LABEL: func.func @scale_only
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 1.250000e-01 : f32
// CHECK-NOT:     f64
// CHECK:         %[[LOOP:[a-z0-9_]+]]:2 = scf.for %
// CHECK:           vector.transfer_write {{.*}} : vector<4xf32>, tensor<?x4xf32>
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    linalg.generic {{.*}} outs(%[[LOOP]]#1 : tensor<?x4xf32>) {
// CHECK-NEXT:    ^bb0(%[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:      %[[Y:[a-z0-9_]+]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[Y]] : f32
// The state is not scaled.
// CHECK:         } -> tensor<?x4xf32>
// CHECK-NEXT:    tensor.cast
// CHECK-NEXT:    scf.forall.in_parallel
// CHECK-NEXT:      tensor.parallel_insert_slice
// CHECK-NEXT:      tensor.parallel_insert_slice %[[LOOP]]#0
func.func @scale_only(%q: tensor<1x1x8x4xf32>, %ld: tensor<1xf32>)
    -> (tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {scale = 0.125 : f32, schedule = #retention.schedule<recurrent>}
      : (tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>, tensor<1x1x8x4xf32>,
         tensor<1xf32>) -> (tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>)
  return %o, %s : tensor<1x1x8x4xf32>, tensor<1x1x4x4xf32>
}
