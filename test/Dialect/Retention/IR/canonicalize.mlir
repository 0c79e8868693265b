// RUN: retnet-opt %s -split-input-file -canonicalize | FileCheck %s

// A final state nobody reads is dropped; the attributes are kept.

// CHECK-LABEL: func.func @drop_unused_final_state
// CHECK-SAME:    (%[[Q:.*]]: tensor<1x2x4x8xf32>, %[[LD:.*]]: tensor<2xf32>)
// CHECK:         %[[O:.*]] = retention.retention %[[Q]], %[[Q]], %[[Q]], %[[LD]] {scale = 5.000000e-01 : f32, schedule = #retention.schedule<recurrent>} :
// CHECK-SAME:      (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>) -> tensor<1x2x4x8xf32>
// CHECK-NEXT:    return %[[O]] : tensor<1x2x4x8xf32>
func.func @drop_unused_final_state(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4x8xf32> {
  %o, %s = retention.retention %q, %q, %q, %ld
      {scale = 0.5 : f32, schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o : tensor<1x2x4x8xf32>
}

// -----

// The initial state stays when only the final state goes.

// CHECK-LABEL: func.func @drop_unused_final_state_keep_init
// CHECK-SAME:    %[[S0:[a-z0-9]+]]: tensor<1x2x8x8xf32>
// CHECK:         %[[O:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%[[S0]]) :
// CHECK-SAME:      tensor<1x2x8x8xf32>) -> tensor<1x2x4x8xf32>
// CHECK-NEXT:    return %[[O]]
func.func @drop_unused_final_state_keep_init(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>,
                                             %s0: tensor<1x2x8x8xf32>)
    -> tensor<1x2x4x8xf32> {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>)
      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o : tensor<1x2x4x8xf32>
}

// -----

// A final state that is used is kept.

// CHECK-LABEL: func.func @keep_used_final_state
// CHECK:         %[[O:.*]], %[[S:.*]] = retention.retention
// CHECK-SAME:      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
// CHECK:         return %[[O]], %[[S]]
func.func @keep_used_final_state(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// A zero-splat initial state is the default: the operand goes, the final
// state stays with its type.

// CHECK-LABEL: func.func @drop_zero_init_with_final_state
// CHECK-NOT:     arith.constant
// CHECK:         %[[O:.*]], %[[S:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 16>} :
// CHECK-SAME:      (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
// CHECK-NEXT:    return %[[O]], %[[S]]
func.func @drop_zero_init_with_final_state(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %z = arith.constant dense<0.0> : tensor<1x2x8x8xf32>
  %o, %s = retention.retention %q, %q, %q, %ld init(%z)
      {schedule = #retention.schedule<chunkwise, chunk_size = 16>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>)
      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @drop_zero_init_without_final_state
// CHECK-NOT:     arith.constant
// CHECK-NOT:     init(
// CHECK:         %[[O:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME:      tensor<2xf32>) -> tensor<1x2x4x8xf32>
// CHECK-NEXT:    return %[[O]]
func.func @drop_zero_init_without_final_state(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4x8xf32> {
  %z = arith.constant dense<0.0> : tensor<1x2x8x8xf32>
  %o = retention.retention %q, %q, %q, %ld init(%z)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// Both patterns together: zero init and an unused final state.

// CHECK-LABEL: func.func @drop_zero_init_and_unused_final_state
// CHECK-NOT:     arith.constant
// CHECK:         %[[O:.*]] = retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {scale = 2.500000e-01 : f32} :
// CHECK-SAME:      (tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<2xf32>) -> tensor<?x2x?x8xf32>
// CHECK-NEXT:    return %[[O]]
func.func @drop_zero_init_and_unused_final_state(%q: tensor<?x2x?x8xf32>, %ld: tensor<2xf32>)
    -> tensor<?x2x?x8xf32> {
  %z = arith.constant dense<0.0> : tensor<3x2x8x8xf32>
  %o, %s = retention.retention %q, %q, %q, %ld init(%z) {scale = 0.25 : f32}
      : (tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>,
         tensor<2xf32>, tensor<3x2x8x8xf32>)
      -> (tensor<?x2x?x8xf32>, tensor<3x2x8x8xf32>)
  return %o : tensor<?x2x?x8xf32>
}

// -----

// -0.0 is zero too; an f16 state (the inputs' type) keeps its type.

// CHECK-LABEL: func.func @drop_negative_zero_f16_init
// CHECK-NOT:     arith.constant
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK-SAME:      -> (tensor<1x2x4x8xf16>, tensor<1x2x8x8xf16>)
func.func @drop_negative_zero_f16_init(%q: tensor<1x2x4x8xf16>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf16>, tensor<1x2x8x8xf16>) {
  %z = arith.constant dense<-0.0> : tensor<1x2x8x8xf16>
  %o, %s = retention.retention %q, %q, %q, %ld init(%z)
      : (tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>,
         tensor<2xf32>, tensor<1x2x8x8xf16>)
      -> (tensor<1x2x4x8xf16>, tensor<1x2x8x8xf16>)
  return %o, %s : tensor<1x2x4x8xf16>, tensor<1x2x8x8xf16>
}

// -----

// A non-zero constant initial state is kept.

// CHECK-LABEL: func.func @keep_nonzero_splat_init
// CHECK:         %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<1x2x8x8xf32>
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%[[C]])
func.func @keep_nonzero_splat_init(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %c = arith.constant dense<1.0> : tensor<1x2x8x8xf32>
  %o, %s = retention.retention %q, %q, %q, %ld init(%c)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>)
      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// A constant that is not a splat is kept, even if mostly zero.

// CHECK-LABEL: func.func @keep_nonsplat_init
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%[[C]])
func.func @keep_nonsplat_init(%q: tensor<1x1x4x2xf32>, %ld: tensor<1xf32>)
    -> tensor<1x1x4x2xf32> {
  %c = arith.constant dense<[[[[0.0, 0.0], [0.0, 1.0]]]]> : tensor<1x1x2x2xf32>
  %o = retention.retention %q, %q, %q, %ld init(%c)
      : (tensor<1x1x4x2xf32>, tensor<1x1x4x2xf32>, tensor<1x1x4x2xf32>,
         tensor<1xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x4x2xf32>
  return %o : tensor<1x1x4x2xf32>
}

// -----

// A state that is not a constant is kept.

// CHECK-LABEL: func.func @keep_argument_init
// CHECK-SAME:    %[[S0:[a-z0-9]+]]: tensor<1x2x8x8xf32>
// CHECK:         retention.retention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} init(%[[S0]])
func.func @keep_argument_init(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>,
                              %s0: tensor<1x2x8x8xf32>)
    -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>)
      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return %o, %s : tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>
}

// -----

// The op is Pure: with no use at all it is erased.

// CHECK-LABEL: func.func @dead_op
// CHECK-NOT:     retention.retention
// CHECK:         return
func.func @dead_op(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>)
  return
}
