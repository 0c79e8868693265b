// RUN: retnet-opt %s -split-input-file -cse | FileCheck %s
// RUN: retnet-opt %s -split-input-file -canonicalize | FileCheck %s --check-prefix=DCE

// retention.retention is Pure: identical ops are merged by CSE, ops that
// differ in any attribute or operand are not, and unused ones are erased.

// CHECK-LABEL: func.func @identical_ops_merged
// CHECK:         %[[O:.*]] = retention.retention
// CHECK-NOT:     retention.retention
// CHECK:         return %[[O]], %[[O]]
func.func @identical_ops_merged(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) {
  %a = retention.retention %q, %q, %q, %ld {scale = 0.5 : f32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %b = retention.retention %q, %q, %q, %ld {scale = 0.5 : f32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %a, %b : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @different_attributes_kept
// CHECK:         retention.retention {{.*}} {scale = 5.000000e-01 : f32}
// CHECK:         retention.retention {{.*}} {scale = 2.500000e-01 : f32}
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} {decay_normalization}
func.func @different_attributes_kept(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
        tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) {
  %a = retention.retention %q, %q, %q, %ld {scale = 0.5 : f32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %b = retention.retention %q, %q, %q, %ld {scale = 0.25 : f32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %c = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %d = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %e = retention.retention %q, %q, %q, %ld {decay_normalization}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %a, %b, %c, %d, %e : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
                              tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @different_operands_kept
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<1x2x4x8xf32>, %[[K:[a-z0-9_]+]]: tensor<1x2x4x8xf32>,
// CHECK:         retention.retention %[[Q]], %[[Q]], %[[Q]]
// CHECK:         retention.retention %[[Q]], %[[K]], %[[Q]]
func.func @different_operands_kept(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>) {
  %a = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  %b = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %a, %b : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>
}

// -----

// An op whose results are all unused is dead.
// DCE-LABEL: func.func @dead
// DCE-NOT:     retention.retention
// DCE:         return %arg0
func.func @dead(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x8x8xf32>)
    -> tensor<1x2x4x8xf32> {
  %a, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %q : tensor<1x2x4x8xf32>
}
