// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s

// The epilogue shared by all schedules: out[n, :] *= scale, times
// rsqrt(sum_{i <= offset + n} gamma^i) with decay_normalization (evaluated in
// f64); the final state is divided by the same factor at n = offset + T - 1.
// The recurrent schedule applies it after its token loop, the chunkwise and
// parallel ones to each finished row tile (see @chunk_tiles and
// @offset_parallel below); a decode step runs torchscale's normalized
// recurrence instead (@normalized_decode_step).

// CHECK-LABEL: func.func @decay_normalization
// CHECK-DAG:     %[[ONE64:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[ZERO64:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
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
// CHECK-NEXT:        %[[R1:[a-z0-9_]+]] = arith.addi %[[R]], %[[C1]] : index
// CHECK-NEXT:        %[[LD64:[a-z0-9_]+]] = arith.extf %[[LOGDECAY]] : f32 to f64
// CHECK-NEXT:        %[[RI:[a-z0-9_]+]] = arith.index_cast %[[R1]] : index to i64
// CHECK-NEXT:        %[[NP1:[a-z0-9_]+]] = arith.sitofp %[[RI]] : i64 to f64
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
// The final state, at n = offset + T - 1 (here offset = 0); a factor of 1
// when offset + T = 0 (no row: a zero state).
// CHECK:           %[[COUNT:[a-z0-9_]+]] = arith.addi %[[C0]], %[[T]] : index
// CHECK-NEXT:      %[[NONE:[a-z0-9_]+]] = arith.cmpi eq, %[[COUNT]], %[[C0]] : index
// CHECK-NEXT:      %[[ATLEAST1:[a-z0-9_]+]] = arith.maxsi %[[COUNT]], %[[C1]] : index
// CHECK-NEXT:      %[[LAST:[a-z0-9_]+]] = arith.subi %[[ATLEAST1]], %[[C1]] : index
// CHECK:           %[[SRS:[a-z0-9_]+]] = math.rsqrt %{{.*}} : f64
// CHECK:           %[[SRS32:[a-z0-9_]+]] = arith.truncf %[[SRS]] : f64 to f32
// CHECK:           %[[SF:[a-z0-9_]+]] = arith.select %[[NONE]], %{{.*}}, %[[SRS32]] : f32
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
// CHECK-NEXT:        %[[N1:[a-z0-9_]+]] = arith.addi %[[N]], %{{[a-z0-9_]+}} : index
// CHECK-NEXT:        arith.extf
// CHECK-NEXT:        arith.index_cast %[[N1]] : index to i64
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
// CHECK:           %[[Y:[a-z0-9_]+]] = arith.mulf %[[X]], %[[SCALE]] : f32
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

// -----

// With an initial state and an offset (parallel): the offset is clamped at 0;
// the initial state (torchscale's normalized state after `offset` tokens) is
// scaled back by sqrt(sum_{i<offset} gamma^i) = sqrt((1 - gamma^offset) /
// (1 - gamma)); each finished row tile is normalized at i0 + r + offset; the
// final state at offset + T - 1 (factor 1 when offset + T = 0).
// CHECK-LABEL: func.func @offset_parallel
// CHECK-SAME:    %[[POS:[a-z0-9_]+]]: i64)
// CHECK-DAG:     %[[ONE64:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[T:.*]] = arith.constant 8 : index
// CHECK:         %[[CLAMP:[a-z0-9_]+]] = arith.maxsi %[[POS]], %{{.*}} : i64
// CHECK:         %[[OFF:[a-z0-9_]+]] = arith.index_cast %[[CLAMP]] : i64 to index
// CHECK:         scf.forall
// CHECK:           %[[S0:[a-z0-9_]+]] = tensor.extract_slice %{{.*}} : tensor<1x2x16x16xf32> to tensor<16x16xf32>
// CHECK:           %[[OFF64:[a-z0-9_]+]] = arith.index_cast %[[OFF]] : index to i64
// CHECK:           %[[OFFF:[a-z0-9_]+]] = arith.sitofp %[[OFF64]] : i64 to f64
// CHECK:           arith.mulf %[[OFFF]], %{{.*}} : f64
// CHECK:           %[[SUM:[a-z0-9_]+]] = arith.select %{{.*}}, %[[OFFF]], %{{.*}} : f64
// CHECK:           %[[DEN:[a-z0-9_]+]] = math.sqrt %[[SUM]] : f64
// CHECK:           %[[DEN32:[a-z0-9_]+]] = arith.truncf %[[DEN]] : f64 to f32
// CHECK:           linalg.generic {{.*}} outs(%[[S0]] : tensor<16x16xf32>) {
// CHECK-NEXT:      ^bb0(%[[SX:[a-z0-9_]+]]: f32):
// CHECK-NEXT:        arith.mulf %[[SX]], %[[DEN32]] : f32
// CHECK:           scf.for
// CHECK:               %[[N:[a-z0-9_]+]] = arith.addi %[[OFF]], %{{[a-z0-9_]+}} : index
// CHECK-NEXT:          arith.addi %[[N]], %{{[a-z0-9_]+}} : index
// CHECK:               math.rsqrt %{{.*}} : f64
// CHECK:           %[[COUNT:[a-z0-9_]+]] = arith.addi %[[OFF]], %[[T]] : index
// CHECK:           %[[NONE:[a-z0-9_]+]] = arith.cmpi eq, %[[COUNT]], %{{.*}} : index
// CHECK:           math.rsqrt %{{.*}} : f64
// CHECK:           arith.select %[[NONE]], %{{.*}}, %{{.*}} : f32
func.func @offset_parallel(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                           %s0: tensor<1x2x16x16xf32>, %pos: i64)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) offset(%pos)
      {decay_normalization, scale = 0.5 : f32,
       schedule = #retention.schedule<parallel>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>, i64)
      -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>
}

// -----

// A decode step (T = 1) at absolute position n = offset: torchscale's
// normalized recurrence in the one fused pass over the state, with the decay
// gamma * sqrt(sum_{i<n} gamma^i / sum_{i<=n} gamma^i) and k scaled by
// rsqrt(sum_{i<=n} gamma^i); the row and the state come out normalized, and
// nothing but the scale is left after the step (no second pass over the
// state).
// CHECK-LABEL: func.func @normalized_decode_step
// CHECK-SAME:    %[[POS:[a-z0-9_]+]]: i64)
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK:         %[[CLAMP:[a-z0-9_]+]] = arith.maxsi %[[POS]], %{{.*}} : i64
// CHECK:         %[[OFF:[a-z0-9_]+]] = arith.index_cast %[[CLAMP]] : i64 to index
// CHECK:         scf.forall
// CHECK:           arith.index_cast %[[OFF]] : index to i64
// CHECK:           %[[OFF1:[a-z0-9_]+]] = arith.addi %[[OFF]], %{{.*}} : index
// CHECK:           arith.index_cast %[[OFF1]] : index to i64
// CHECK:           %[[SQ:[a-z0-9_]+]] = math.sqrt %{{.*}} : f64
// CHECK:           %[[DECAY64:[a-z0-9_]+]] = arith.mulf %{{.*}}, %[[SQ]] : f64
// CHECK:           %[[KS64:[a-z0-9_]+]] = math.rsqrt %{{.*}} : f64
// CHECK:           %[[DECAY:[a-z0-9_]+]] = arith.truncf %[[DECAY64]] : f64 to f32
// CHECK:           %[[KS:[a-z0-9_]+]] = arith.truncf %[[KS64]] : f64 to f32
// CHECK:           vector.broadcast %[[DECAY]] : f32 to vector<16xf32>
// CHECK:           %[[STEP:[a-z0-9_]+]]:2 = scf.for
// CHECK:             arith.mulf %{{.*}}, %[[KS]] : f32
// CHECK:           }
// CHECK-NOT:       math.rsqrt
// CHECK:           linalg.generic
// CHECK-NEXT:      ^bb0(%[[X:[a-z0-9_]+]]: f32):
// CHECK:             %[[Y:[a-z0-9_]+]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK-NEXT:        linalg.yield %[[Y]] : f32
// CHECK-NOT:       math.rsqrt
// CHECK:           scf.forall.in_parallel
// CHECK:             tensor.parallel_insert_slice %[[STEP]]#0
func.func @normalized_decode_step(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>,
                                  %s0: tensor<1x2x16x16xf32>, %pos: i64)
    -> (tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) offset(%pos)
      {decay_normalization, scale = 0.25 : f32,
       schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>, i64)
      -> (tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>
}
