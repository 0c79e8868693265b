// RUN: retnet-opt %s -retention-outline-ops -split-input-file -verify-diagnostics | FileCheck %s

// Two layers with the same op share one kernel function; a third op with
// another schedule gets its own. The functions come before their first
// caller, take the results' tensors as destinations after the operands,
// and materialize the op's results in them.
// CHECK-LABEL: func.func private @__retention_chunkwise
// CHECK-SAME:    (%[[Q:.*]]: tensor<1x2x64x16xf32>, %[[K:.*]]: tensor<1x2x64x16xf32>, %[[V:.*]]: tensor<1x2x64x32xf32>, %[[LD:.*]]: tensor<2xf32>, %[[D:.*]]: tensor<1x2x64x32xf32>) -> tensor<1x2x64x32xf32>
// CHECK-NEXT:    %[[R:.*]] = retention.retention %[[Q]], %[[K]], %[[V]], %[[LD]] {scale = 2.500000e-01 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 16>}
// CHECK-NEXT:    %[[M:.*]] = bufferization.materialize_in_destination %[[R]] in %[[D]]
// CHECK-NEXT:    return %[[M]]
// CHECK-LABEL: func.func private @__retention_parallel
// CHECK:         retention.retention {{.*}}schedule = #retention.schedule<parallel>
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @layers
// CHECK:         %[[E0:.*]] = tensor.empty() : tensor<1x2x64x32xf32>
// CHECK:         %[[C0:.*]] = call @__retention_chunkwise(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[E0]])
// CHECK:         %[[C1:.*]] = call @__retention_chunkwise(%{{.*}}, %{{.*}}, %[[C0]], %{{.*}}, %{{.*}})
// CHECK:         %[[C2:.*]] = call @__retention_parallel(%{{.*}}, %{{.*}}, %[[C1]], %{{.*}}, %{{.*}})
// CHECK-NOT:     retention.retention
// CHECK:         return %[[C2]]
func.func @layers(%q: tensor<1x2x64x16xf32>, %v: tensor<1x2x64x32xf32>,
                  %ld: tensor<2xf32>) -> tensor<1x2x64x32xf32> {
  %a = retention.retention %q, %q, %v, %ld
      {scale = 0.25 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 16>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x32xf32>,
         tensor<2xf32>) -> tensor<1x2x64x32xf32>
  %b = retention.retention %q, %q, %a, %ld
      {scale = 0.25 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 16>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x32xf32>,
         tensor<2xf32>) -> tensor<1x2x64x32xf32>
  %c = retention.retention %q, %q, %b, %ld
      {scale = 0.25 : f32, schedule = #retention.schedule<parallel>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x32xf32>,
         tensor<2xf32>) -> tensor<1x2x64x32xf32>
  return %c : tensor<1x2x64x32xf32>
}

// -----

// Dynamic batch and T: the destinations are sized from q; the final state
// is a destination too. Ops in two functions with equal attributes and
// types still share one kernel.
// CHECK-LABEL: func.func private @__retention_recurrent
// CHECK-SAME:    -> (tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>)
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<?x2x?x8xf32>
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[B:.*]] = tensor.dim %[[Q]], %[[C0]]
// CHECK-DAG:     %[[T:.*]] = tensor.dim %[[Q]], %[[C2]]
// CHECK:         %[[OUT:.*]] = tensor.empty(%[[B]], %[[T]]) : tensor<?x2x?x8xf32>
// CHECK:         %[[B2:.*]] = tensor.dim %[[Q]], %[[C0]]
// CHECK:         %[[ST:.*]] = tensor.empty(%[[B2]]) : tensor<?x2x8x8xf32>
// CHECK:         call @__retention_recurrent(%[[Q]], %[[Q]], %[[Q]], %{{.*}}, %[[OUT]], %[[ST]])
// CHECK-LABEL: func.func @dynamic_again
// CHECK:         call @__retention_recurrent(
// CHECK-NOT:   func.func private
func.func @dynamic(%q: tensor<?x2x?x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<recurrent>}
      : (tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>,
         tensor<2xf32>) -> (tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>
}
func.func @dynamic_again(%q: tensor<?x2x?x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<recurrent>}
      : (tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>, tensor<?x2x?x8xf32>,
         tensor<2xf32>) -> (tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x?x8xf32>, tensor<?x2x8x8xf32>
}

// -----

func.func @unscheduled(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>) -> tensor<1x1x4x8xf32> {
  // expected-error @+1 {{has no schedule; run retention-select-schedule first}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}
