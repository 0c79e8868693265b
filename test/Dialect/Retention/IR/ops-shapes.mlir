// RUN: retnet-opt %s -split-input-file -verify-diagnostics | FileCheck %s

// Which mixes of static and dynamic extents the verifier accepts: q and k
// may differ where one of them is dynamic, v may differ from q in B and T
// the same way, the state's B may be dynamic or static; but the results
// repeat q's B and T exactly.

// CHECK-LABEL: func.func @k_static_where_q_dynamic
// CHECK:         retention.retention
// CHECK-SAME:      (tensor<?x2x?x16xf32>, tensor<3x2x8x16xf32>, tensor<?x2x?x32xf32>, tensor<2xf32>) -> tensor<?x2x?x32xf32>
func.func @k_static_where_q_dynamic(%q: tensor<?x2x?x16xf32>, %k: tensor<3x2x8x16xf32>,
                                    %v: tensor<?x2x?x32xf32>, %ld: tensor<2xf32>)
    -> tensor<?x2x?x32xf32> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<?x2x?x16xf32>, tensor<3x2x8x16xf32>, tensor<?x2x?x32xf32>,
         tensor<2xf32>) -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}

// -----

// The results follow q, not k or v.
// CHECK-LABEL: func.func @v_static_where_q_dynamic
// CHECK:         retention.retention
// CHECK-SAME:      (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<3x2x8x32xf32>, tensor<2xf32>) -> tensor<?x2x?x32xf32>
func.func @v_static_where_q_dynamic(%q: tensor<?x2x?x16xf32>, %v: tensor<3x2x8x32xf32>,
                                    %ld: tensor<2xf32>) -> tensor<?x2x?x32xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<3x2x8x32xf32>,
         tensor<2xf32>) -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}

// -----

// CHECK-LABEL: func.func @q_static_k_dynamic
// CHECK:         retention.retention
// CHECK-SAME:      (tensor<3x2x8x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x32xf32>, tensor<2xf32>, tensor<?x2x16x32xf32>) -> (tensor<3x2x8x32xf32>, tensor<?x2x16x32xf32>)
func.func @q_static_k_dynamic(%q: tensor<3x2x8x16xf32>, %k: tensor<?x2x?x16xf32>,
                              %v: tensor<?x2x?x32xf32>, %ld: tensor<2xf32>,
                              %s0: tensor<?x2x16x32xf32>)
    -> (tensor<3x2x8x32xf32>, tensor<?x2x16x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0)
      : (tensor<3x2x8x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x32xf32>,
         tensor<2xf32>, tensor<?x2x16x32xf32>)
      -> (tensor<3x2x8x32xf32>, tensor<?x2x16x32xf32>)
  return %o, %s : tensor<3x2x8x32xf32>, tensor<?x2x16x32xf32>
}

// -----

// A static state batch with a dynamic q batch.
// CHECK-LABEL: func.func @state_static_batch
// CHECK:         retention.retention
// CHECK-SAME:      -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>)
func.func @state_static_batch(%q: tensor<?x2x4x8xf32>, %ld: tensor<2xf32>,
                              %s0: tensor<5x2x8x8xf32>)
    -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>,
         tensor<2xf32>, tensor<5x2x8x8xf32>)
      -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>)
  return %o, %s : tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>
}

// -----

// Smallest legal op: every extent 1.
// CHECK-LABEL: func.func @all_ones
// CHECK:         retention.retention
// CHECK-SAME:      -> (tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>)
func.func @all_ones(%q: tensor<1x1x1x1xf16>, %ld: tensor<1xf32>)
    -> (tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>,
         tensor<1xf32>) -> (tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>)
  return %o, %s : tensor<1x1x1x1xf16>, tensor<1x1x1x1xf16>
}

// -----

// The result cannot be more static than q, even when k knows the extent.
func.func @out_more_static_than_q(%q: tensor<?x2x?x16xf32>, %k: tensor<3x2x8x16xf32>,
                                  %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'out' must have shape [B, H, T, Dv] = [?, 2, ?, 16] and element type 'f32', got 'tensor<3x2x8x16xf32>'}}
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<?x2x?x16xf32>, tensor<3x2x8x16xf32>, tensor<?x2x?x16xf32>,
         tensor<2xf32>) -> tensor<3x2x8x16xf32>
  return
}

// -----

// A state whose B disagrees with a static q batch.
func.func @state_batch_mismatch(%q: tensor<3x2x4x8xf32>, %ld: tensor<2xf32>,
                                %s0: tensor<4x2x8x8xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have shape [B, H, Dk, Dv] = [3, 2, 8, 8], got [4, 2, 8, 8]}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<3x2x4x8xf32>, tensor<3x2x4x8xf32>, tensor<3x2x4x8xf32>,
         tensor<2xf32>, tensor<4x2x8x8xf32>) -> tensor<3x2x4x8xf32>
  return
}
