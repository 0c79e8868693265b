// RUN: retnet-opt %s -split-input-file -retention-outline-gpu-calls -verify-diagnostics | FileCheck %s

// GPU step 1: each scheduled op becomes a call to a private host function on
// memrefs, carrying the op's attributes; inputs through read-only buffers,
// results in fresh buffers (B and T taken from q).
// CHECK-LABEL: func.func @with_state
// CHECK-SAME:    (%[[Q:.*]]: tensor<?x2x?x16xf32>, %[[V:.*]]: tensor<?x2x?x32xf32>, %[[LD:.*]]: tensor<2xf32>, %[[S0:.*]]: tensor<?x2x16x32xf32>)
// CHECK-DAG:     %[[QB:.*]] = bufferization.to_buffer %[[Q]] read_only
// CHECK-DAG:     %[[VB:.*]] = bufferization.to_buffer %[[V]] read_only
// CHECK-DAG:     %[[LDB:.*]] = bufferization.to_buffer %[[LD]] read_only
// CHECK-DAG:     %[[S0B:.*]] = bufferization.to_buffer %[[S0]] read_only
// CHECK-DAG:     %[[B:.*]] = tensor.dim %[[Q]], %c0
// CHECK-DAG:     %[[T:.*]] = tensor.dim %[[Q]], %c2
// CHECK:         %[[OUT:.*]] = memref.alloc(%[[B]], %[[T]]) : memref<?x2x?x32xf32>
// CHECK:         %[[ST:.*]] = memref.alloc(%[[B]]) : memref<?x2x16x32xf32>
// CHECK:         call @[[FN:__retention_gpu]]({{.*}}, %[[VB]], %[[LDB]], %[[S0B]], %[[OUT]], %[[ST]])
// CHECK:         %[[O:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         %[[S:.*]] = bufferization.to_tensor %[[ST]] restrict writable
// CHECK:         return %[[O]], %[[S]]
// CHECK:       func.func private @[[FN]](memref<?x2x?x16xf32>, memref<?x2x?x16xf32>, memref<?x2x?x32xf32>, memref<2xf32>, memref<?x2x16x32xf32>, memref<?x2x?x32xf32>, memref<?x2x16x32xf32>)
// CHECK-SAME:    retention.gpu_inputs = 5
// CHECK-SAME:    retention.gpu_kernel = {group_norm_eps = {{.*}} : f32, scale = 2.500000e-01 : f32, schedule = #retention.schedule<recurrent>}
func.func @with_state(%q: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x32xf32>, %ld: tensor<2xf32>, %s0: tensor<?x2x16x32xf32>) -> (tensor<?x2x?x32xf32>, tensor<?x2x16x32xf32>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0) {scale = 0.25 : f32, group_norm_eps = 1.0e-6 : f32, schedule = #retention.schedule<recurrent>} : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x32xf32>, tensor<2xf32>, tensor<?x2x16x32xf32>) -> (tensor<?x2x?x32xf32>, tensor<?x2x16x32xf32>)
  return %o, %s : tensor<?x2x?x32xf32>, tensor<?x2x16x32xf32>
}

// -----

// Two different ops get two host functions with distinct names; a third op
// equal to the first in types and attributes (another layer) shares the
// first one's function.
// CHECK-LABEL: func.func @two_ops
// CHECK:         call @__retention_gpu(
// CHECK:         call @__retention_gpu_0(
// CHECK:         call @__retention_gpu(
// CHECK-DAG:   func.func private @__retention_gpu(
// CHECK-DAG:   func.func private @__retention_gpu_0(
// CHECK-NOT:   func.func private
func.func @two_ops(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %a = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>} : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  %b = retention.retention %a, %a, %a, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 4>} : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  %c = retention.retention %b, %q, %a, %ld {schedule = #retention.schedule<parallel>} : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %c : tensor<1x2x8x16xf32>
}

// -----

func.func @unscheduled(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  // expected-error @below {{has no schedule; run retention-select-schedule first or pin one with #retention.schedule<...>}}
  %a = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %a : tensor<1x2x8x16xf32>
}

// -----

// The offset (an i64) is passed as it is, after the buffers of the tensor
// operands; the host function counts it among its inputs.
// CHECK-LABEL: func.func @with_offset
// CHECK-SAME:    %[[POS:[a-z0-9_]+]]: i64)
// CHECK:         call @__retention_gpu({{.*}}, %[[POS]], %{{.*}}, %{{.*}}) : ({{.*}}, memref<1x2x16x16xf32>, i64, memref<1x2x8x16xf32>, memref<1x2x16x16xf32>) -> ()
// CHECK:       func.func private @__retention_gpu(memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<2xf32>, memref<1x2x16x16xf32>, i64, memref<1x2x8x16xf32>, memref<1x2x16x16xf32>)
// CHECK-SAME:    retention.gpu_inputs = 6
// CHECK-SAME:    retention.gpu_kernel = {decay_normalization, scale = 1.000000e+00 : f32, schedule = #retention.schedule<recurrent>}
func.func @with_offset(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x16x16xf32>, %pos: i64) -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) offset(%pos) {decay_normalization, schedule = #retention.schedule<recurrent>} : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>, tensor<1x2x16x16xf32>, i64) -> (tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x8x16xf32>, tensor<1x2x16x16xf32>
}
