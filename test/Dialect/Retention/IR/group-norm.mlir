// RUN: retnet-opt %s -split-input-file | retnet-opt -split-input-file | FileCheck %s
// RUN: retnet-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=CANON

// The optional group_norm_eps attribute (fused per-head RMS norm of each
// output row): round trip, and kept by the canonicalization patterns.

// CHECK-LABEL: func.func @group_norm
// CHECK:         retention.retention {{.*}} {group_norm_eps = 9.99999997E-7 : f32, scale = 1.250000e-01 : f32} :
// CANON-LABEL: func.func @group_norm
// CANON:         retention.retention {{.*}} {group_norm_eps = 9.99999997E-7 : f32, scale = 1.250000e-01 : f32} :
// CANON-SAME:      -> tensor<1x2x8x16xf32>
func.func @group_norm(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o, %s = retention.retention %q, %q, %q, %ld {group_norm_eps = 1.0e-6 : f32, scale = 0.125 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  return %o : tensor<1x2x8x16xf32>
}

// -----

// Zero is allowed, and combines with every other attribute.
// CHECK-LABEL: func.func @group_norm_all_attributes
// CHECK:         retention.retention {{.*}} {decay_normalization, group_norm_eps = 0.000000e+00 : f32, schedule = #retention.schedule<recurrent>} :
// CANON-LABEL: func.func @group_norm_all_attributes
// CANON:         retention.retention {{.*}} {decay_normalization, group_norm_eps = 0.000000e+00 : f32, schedule = #retention.schedule<recurrent>} :
func.func @group_norm_all_attributes(%q: tensor<?x2x?x16xbf16>, %ld: tensor<2xf32>)
    -> (tensor<?x2x?x16xbf16>, tensor<?x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {decay_normalization, group_norm_eps = 0.0 : f32,
       schedule = #retention.schedule<recurrent>}
      : (tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>,
         tensor<2xf32>) -> (tensor<?x2x?x16xbf16>, tensor<?x2x16x16xf32>)
  return %o, %s : tensor<?x2x?x16xbf16>, tensor<?x2x16x16xf32>
}

// -----

// The zero-init pattern keeps it too.
// CANON-LABEL: func.func @group_norm_zero_init
// CANON-NOT:     init(
// CANON:         retention.retention {{.*}} {group_norm_eps = 1.000000e-03 : f32} :
func.func @group_norm_zero_init(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %z = arith.constant dense<0.0> : tensor<1x2x16x16xf32>
  %o = retention.retention %q, %q, %q, %ld init(%z) {group_norm_eps = 1.0e-3 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
