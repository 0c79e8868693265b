// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s

// group_norm_eps fuses an RMS norm of each output row into the epilogue,
// after the scale and before narrowing: o / sqrt(mean(o^2) + eps), with the
// mean over Dv columns. (Recurrent: after the token loop; chunkwise: per
// chunk, see @group_norm_per_chunk.)

// CHECK-LABEL: func.func @group_norm_f16
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG:     %[[INVDV:.*]] = arith.constant 3.125000e-02 : f32
// CHECK-DAG:     %[[EPS:.*]] = arith.constant 9.99999997E-7 : f32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         scf.forall
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %
// The scale first:
// CHECK:           %[[SCALED:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[LOOP]]#1 : tensor<?x32xf32>)
// CHECK:             arith.mulf %{{.*}}, %[[SCALE]] : f32
// Row sums of squares, a reduction over the columns:
// CHECK:           %[[FILL:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?xf32>)
// CHECK:           %[[SUMSQ:[a-z0-9_]+]] = linalg.generic {{{.*}}iterator_types = ["parallel", "reduction"]} ins(%[[SCALED]] : tensor<?x32xf32>) outs(%[[FILL]] : tensor<?xf32>) {
// CHECK-NEXT:      ^bb0(%[[X:[a-z0-9_]+]]: f32, %[[ACC:[a-z0-9_]+]]: f32):
// CHECK-NEXT:        %[[SQ:[a-z0-9_]+]] = arith.mulf %[[X]], %[[X]] fastmath<reassoc,contract> : f32
// CHECK-NEXT:        %[[ADD:[a-z0-9_]+]] = arith.addf %[[ACC]], %[[SQ]] fastmath<reassoc,contract> : f32
// CHECK-NEXT:        linalg.yield %[[ADD]] : f32
// The normalization:
// CHECK:           %[[NORMED:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[SCALED]], %[[SUMSQ]] : tensor<?x32xf32>, tensor<?xf32>) outs(%{{.*}} : tensor<?x32xf32>) {
// CHECK-NEXT:      ^bb0(%[[XV:[a-z0-9_]+]]: f32, %[[S:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK-NEXT:        %[[MEAN:[a-z0-9_]+]] = arith.mulf %[[S]], %[[INVDV]] : f32
// CHECK-NEXT:        %[[VAR:[a-z0-9_]+]] = arith.addf %[[MEAN]], %[[EPS]] : f32
// CHECK-NEXT:        %[[INV:[a-z0-9_]+]] = math.rsqrt %[[VAR]] : f32
// CHECK-NEXT:        %[[Y:[a-z0-9_]+]] = arith.mulf %[[XV]], %[[INV]] : f32
// CHECK-NEXT:        linalg.yield %[[Y]] : f32
// Then narrowed to f16:
// CHECK:           linalg.generic {{.*}} ins(%[[NORMED]] : tensor<?x32xf32>) outs(%{{.*}} : tensor<?x32xf16>)
// CHECK:             arith.truncf %{{.*}} : f32 to f16
func.func @group_norm_f16(%q: tensor<1x2x8x16xf16>, %v: tensor<1x2x8x32xf16>, %ld: tensor<2xf32>)
    -> tensor<1x2x8x32xf16> {
  %o = retention.retention %q, %q, %v, %ld
      {group_norm_eps = 1.0e-6 : f32, scale = 0.25 : f32,
       schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x32xf16>,
         tensor<2xf32>) -> tensor<1x2x8x32xf16>
  return %o : tensor<1x2x8x32xf16>
}

// -----

// The final state is not normalized.
// CHECK-LABEL: func.func @group_norm_state_untouched
// CHECK:         %[[LOOP:[a-z0-9_]+]]:2 = scf.for %
// CHECK:           math.rsqrt %{{.*}} : f32
// CHECK:         scf.forall.in_parallel {
// CHECK-NEXT:      tensor.parallel_insert_slice
// CHECK-NEXT:      tensor.parallel_insert_slice %[[LOOP]]#0 into
func.func @group_norm_state_untouched(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {group_norm_eps = 1.0e-5 : f32, schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>
}

// -----

// Without group_norm_eps there is no f32 rsqrt.
// CHECK-LABEL: func.func @no_group_norm
// CHECK-NOT:     math.rsqrt
// CHECK:         return
func.func @no_group_norm(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {scale = 0.5 : f32, schedule = #retention.schedule<parallel>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// Chunkwise: the norm of each chunk's rows inside the chunk loop, before
// they are stored.
// CHECK-LABEL: func.func @group_norm_per_chunk
// CHECK:         scf.for
// CHECK:           math.rsqrt %{{.*}} : f32
// CHECK:           tensor.insert_slice
// CHECK:           scf.yield
// CHECK-NEXT:    }
// CHECK-NOT:     math.rsqrt
// CHECK:         scf.forall.in_parallel
func.func @group_norm_per_chunk(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {group_norm_eps = 1.0e-5 : f32,
       schedule = #retention.schedule<chunkwise, chunk_size = 4>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
