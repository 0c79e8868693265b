// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retnet-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// The verifier only asks the state's B to be compatible with q's, so a final
// state may have a static B where q's is dynamic. The lowering builds the
// final state's shared_out with the result type's B (and q's B for the
// loop), so the scf.forall results, and what the op is replaced with, have
// the op's result types exactly. (A dynamic H, Dk or Dv in a state is
// rejected by the verifier: test/Dialect/Retention/IR/invalid-dynamic-heads-v.mlir.)

// CHECK-LABEL: func.func @state_batch_static_q_batch_dynamic
// CHECK-SAME:      %[[Q:[a-z0-9]+]]: tensor<?x2x4x8xf32>
// CHECK:         %[[B:.*]] = tensor.dim %[[Q]], %{{.*}} : tensor<?x2x4x8xf32>
// CHECK:         %[[OUT:.*]] = tensor.empty(%[[B]]) : tensor<?x2x4x8xf32>
// CHECK:         %[[STATE:.*]] = tensor.empty() : tensor<5x2x8x8xf32>
// CHECK:         %[[R:.*]]:2 = scf.forall (%{{.*}}, %{{.*}}) in (%[[B]], 2) shared_outs(%[[O:.*]] = %[[OUT]], %[[S:.*]] = %[[STATE]]) -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>) {
// CHECK:           scf.forall.in_parallel {
// CHECK:             tensor.parallel_insert_slice %{{.*}} into %[[O]]{{.*}} : tensor<4x8xf32> into tensor<?x2x4x8xf32>
// CHECK:             tensor.parallel_insert_slice %{{.*}} into %[[S]]{{.*}} : tensor<8x8xf32> into tensor<5x2x8x8xf32>
// CHECK:         return %[[R]]#0, %[[R]]#1 : tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>
// LLVM-LABEL:  llvm.func @state_batch_static_q_batch_dynamic
func.func @state_batch_static_q_batch_dynamic(%q: tensor<?x2x4x8xf32>, %ld: tensor<2xf32>,
                                              %s0: tensor<5x2x8x8xf32>)
    -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      {schedule = #retention.schedule<recurrent>}
      : (tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>,
         tensor<2xf32>, tensor<5x2x8x8xf32>)
      -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>)
  return %o, %s : tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>
}

// -----

// The same without an initial state, on the parallel schedule.
// CHECK-LABEL: func.func @final_state_only_parallel
// CHECK:         %[[STATE:.*]] = tensor.empty() : tensor<5x2x8x8xf32>
// CHECK:         %[[R:.*]]:2 = scf.forall {{.*}} shared_outs(%{{.*}} = %{{.*}}, %{{.*}} = %[[STATE]]) -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>) {
// CHECK:         return %[[R]]#0, %[[R]]#1 : tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>
// LLVM-LABEL:  llvm.func @final_state_only_parallel
func.func @final_state_only_parallel(%q: tensor<?x2x4x8xf32>, %ld: tensor<2xf32>)
    -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>}
      : (tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>, tensor<?x2x4x8xf32>,
         tensor<2xf32>) -> (tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>)
  return %o, %s : tensor<?x2x4x8xf32>, tensor<5x2x8x8xf32>
}

// -----

// ...and on the chunkwise schedule, with f16 inputs and an f32 state and a
// dynamic T too.
// CHECK-LABEL: func.func @state_batch_static_chunkwise_f16
// CHECK:         %[[STATE:.*]] = tensor.empty() : tensor<3x2x16x8xf32>
// CHECK:         %[[R:.*]]:2 = scf.forall {{.*}} shared_outs(%{{.*}} = %{{.*}}, %{{.*}} = %[[STATE]]) -> (tensor<?x2x?x8xf16>, tensor<3x2x16x8xf32>) {
// CHECK:         return %[[R]]#0, %[[R]]#1 : tensor<?x2x?x8xf16>, tensor<3x2x16x8xf32>
// LLVM-LABEL:  llvm.func @state_batch_static_chunkwise_f16
func.func @state_batch_static_chunkwise_f16(%q: tensor<?x2x?x16xf16>, %v: tensor<?x2x?x8xf16>,
                                            %ld: tensor<2xf32>, %s0: tensor<3x2x16x8xf32>)
    -> (tensor<?x2x?x8xf16>, tensor<3x2x16x8xf32>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0)
      {schedule = #retention.schedule<chunkwise, chunk_size = 4>}
      : (tensor<?x2x?x16xf16>, tensor<?x2x?x16xf16>, tensor<?x2x?x8xf16>,
         tensor<2xf32>, tensor<3x2x16x8xf32>)
      -> (tensor<?x2x?x8xf16>, tensor<3x2x16x8xf32>)
  return %o, %s : tensor<?x2x?x8xf16>, tensor<3x2x16x8xf32>
}
