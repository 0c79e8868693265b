// RUN: retnet-opt %s -split-input-file | FileCheck %s
// RUN: retnet-opt %s -split-input-file -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// The generic form parses into the custom one: operands in the order q, k,
// v, log_decay[, initial_state][, offset], their grouping given by
// operandSegmentSizes; the attributes are properties.

// CHECK-LABEL: func.func @generic_minimal
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg0, %arg2 : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>) -> tensor<1x2x4x8xf32>
// GENERIC-LABEL: sym_name = "generic_minimal"
// GENERIC:       %{{.*}} = "retention.retention"(%arg0, %arg1, %arg0, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, scale = 1.000000e+00 : f32}> : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>) -> tensor<1x2x4x8xf32>
func.func @generic_minimal(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4x8xf32> {
  %o = "retention.retention"(%q, %k, %q, %ld)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>}>
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>)
      -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// A fifth operand is the initial state; a second result the final state.
// CHECK-LABEL: func.func @generic_states
// CHECK:         %{{.*}}, %{{.*}} = retention.retention %arg0, %arg0, %arg0, %arg1 init(%arg2) {decay_normalization_unused, scale = 5.000000e-01 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 2>} :
// GENERIC-LABEL: sym_name = "generic_states"
// GENERIC:       %{{.*}}:2 = "retention.retention"(%arg0, %arg0, %arg0, %arg1, %arg2) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>, scale = 5.000000e-01 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 2>}> {decay_normalization_unused} :
func.func @generic_states(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x8x8xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %o:2 = "retention.retention"(%q, %q, %q, %ld, %s0)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>, scale = 0.5 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 2>}>
      {decay_normalization_unused}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>,
         tensor<1x2x8x8xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o#0, %o#1 : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// Properties may also be given in the attribute dictionary.
// CHECK-LABEL: func.func @generic_attr_dict
// CHECK:         retention.retention {{.*}} {decay_normalization, group_norm_eps = 1.000000e-03 : f32, schedule = #retention.schedule<parallel>} :
// GENERIC-LABEL: sym_name = "generic_attr_dict"
// GENERIC:       "retention.retention"{{.*}} <{decay_normalization, group_norm_eps = 1.000000e-03 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, scale = 1.000000e+00 : f32, schedule = #retention.schedule<parallel>}>
func.func @generic_attr_dict(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) -> tensor<1x2x4x8xf32> {
  %o = "retention.retention"(%q, %q, %q, %ld)
      {decay_normalization, group_norm_eps = 1.0e-3 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0>, schedule = #retention.schedule<parallel>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>)
      -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// The offset is the sixth operand group (an i64).
// CHECK-LABEL: func.func @generic_offset
// CHECK:         retention.retention %arg0, %arg0, %arg0, %arg1 init(%arg2) offset(%arg3) {decay_normalization} :
// GENERIC-LABEL: sym_name = "generic_offset"
// GENERIC:       "retention.retention"(%arg0, %arg0, %arg0, %arg1, %arg2, %arg3) <{decay_normalization, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>, scale = 1.000000e+00 : f32}>
func.func @generic_offset(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x8x8xf32>, %p: i64)
    -> tensor<1x2x4x8xf32> {
  %o = "retention.retention"(%q, %q, %q, %ld, %s0, %p)
      <{decay_normalization, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}>
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>,
         tensor<1x2x8x8xf32>, i64) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}
