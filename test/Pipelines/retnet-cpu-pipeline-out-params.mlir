// RUN: retnet-opt %s -retnet-cpu-pipeline=lower-to-llvm=0 | FileCheck %s
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0 openmp=0' | FileCheck %s --check-prefixes=CHECK,SEQ
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0 openmp=1' | FileCheck %s --check-prefixes=CHECK,OMP
// RUN: retnet-opt %s -retnet-cpu-pipeline=lower-to-llvm=0 | FileCheck %s --check-prefix=BUFFERS

// With lower-to-llvm=0 the pipeline stops after bufferization and loops:
// results have become caller-allocated out-params (memref arguments after
// the inputs), the function returns nothing, and it keeps its C-interface
// attribute for a later LLVM lowering.
// BUFFERS-NOT: tensor<
// BUFFERS-NOT: tensor.
// BUFFERS-NOT: linalg.
// BUFFERS-NOT: memref.copy
// BUFFERS-NOT: retention.
// BUFFERS-NOT: llvm.func

// The op's kernel is a private function before its caller
// (retention-outline-ops) that takes the result buffers as arguments
// (destination-passing): inputs, then the output and the final state. The
// op's schedule is pinned to chunkwise (C = 64): these checks are about the
// chunkwise kernel's out-params, and the cost model's dynamic-T rule would
// make this small-state op recurrent.
// CHECK-LABEL: func.func private @__retention_chunkwise
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: memref<2x4x?x16xf32>, %[[K:[a-z0-9_]+]]: memref<2x4x?x16xf32>, %[[V:[a-z0-9_]+]]: memref<2x4x?x32xf32>, %[[LD:[a-z0-9_]+]]: memref<4xf32>, %[[S0:[a-z0-9_]+]]: memref<2x4x16x32xf32>,
// CHECK-SAME:     %[[OUT:[a-z0-9_]+]]: memref<2x4x?x32xf32>, %[[STATE:[a-z0-9_]+]]: memref<2x4x16x32xf32>
// CHECK-SAME:    ) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]} {{[{]$}}
// The (batch, head) loop: an OpenMP parallel region by default, in which
// the threads claim the 2 x 4 (batch, head) pairs from a shared counter,
// max(1, 8 / (4 * threads)) at a time, each claim one loop
// (retention-forall-to-openmp: no worksharing-loop calls); plain loops
// without OpenMP.
// OMP:           omp.parallel {
// OMP-NEXT:        func.call @omp_get_num_threads() : () -> i32
// OMP:             arith.divui %c8, %{{.*}} : index
// OMP:             memref.atomic_rmw addi
// OMP:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1 {
// OMP-NOT:       omp.wsloop
// SEQ-NOT:       omp.
// SEQ:           scf.for %[[B:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// SEQ-NEXT:        scf.for %[[H:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// The chunkwise kernel's register-tiled contractions are still vector ops
// here (lower-to-llvm=1 lowers them).
// CHECK-NOT:     memref.store %{{.*}}, %[[Q]]
// CHECK-NOT:     memref.store %{{.*}}, %[[V]]
// CHECK-NOT:     memref.store %{{.*}}, %[[S0]]
// CHECK:         vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<32xf32>
// The results end up in the destination arguments; inputs are only read.
// The final state of a head goes to its slice of the state argument.
// CHECK-NOT:     memref.store %{{.*}}, %[[Q]]
// CHECK-NOT:     memref.store %{{.*}}, %[[V]]
// CHECK-NOT:     memref.store %{{.*}}, %[[S0]]
// CHECK:         %[[SSLICE:[a-z0-9_]+]] = memref.subview %[[STATE]][%{{.*}}, %{{.*}}, 0, 0] [1, 1, 16, 32] [1, 1, 1, 1]
// CHECK:         memref.store %{{.*}}, %[[SSLICE]][%{{.*}}, %{{.*}}] : memref<16x32xf32, strided<[32, 1], offset: ?>>
// CHECK:         return{{$}}
// The public function: results are caller-allocated out-params after the
// inputs, it returns nothing, and keeps its C-interface attribute for a
// later LLVM lowering. The state out-param is passed to the kernel as its
// destination.
// CHECK-LABEL: func.func @ret
// CHECK-SAME:    (%[[RQ:[a-z0-9_]+]]: memref<2x4x?x16xf32>, %{{[a-z0-9_]+}}: memref<2x4x?x16xf32>, %{{[a-z0-9_]+}}: memref<2x4x?x32xf32>, %{{[a-z0-9_]+}}: memref<4xf32>, %{{[a-z0-9_]+}}: memref<2x4x16x32xf32>,
// CHECK-SAME:     %[[ROUT:[a-z0-9_]+]]: memref<2x4x?x32xf32>, %[[RSTATE:[a-z0-9_]+]]: memref<2x4x16x32xf32>)
// CHECK-NOT:     ->
// CHECK-SAME:    attributes {llvm.emit_c_interface} {
// The output has a dynamic T: its buffer is not a static allocation that
// hoist-static-allocs could replace by the out-param, but
// retention-forward-result-copies makes the out-param the kernel's
// destination all the same: no buffer, no copy at the end.
// CHECK-NOT:     memref.alloc
// CHECK:         call @__retention_chunkwise(%[[RQ]], {{.*}}, %[[ROUT]], %[[RSTATE]])
// CHECK-NOT:     memref.store %{{.*}}, %[[ROUT]]
// CHECK:         return{{$}}
func.func @ret(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x?x16xf32>,
               %v: tensor<2x4x?x32xf32>, %ld: tensor<4xf32>,
               %s0: tensor<2x4x16x32xf32>)
    -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0)
      {scale = 0.25 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x32xf32>,
         tensor<4xf32>, tensor<2x4x16x32xf32>)
      -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
  return %o, %s : tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>
}

// A decode step with static shapes: the static results are hoisted to the
// out-params, and the out-of-place T = 1 state update (an input S0, a fresh
// output) is written straight into the state out-param's slice, the output
// row straight into the output out-param: no temporary buffer, no copy of
// S0. The step is small (2 * 4 * 16 * 16 state elements), so the (batch,
// head) loop is serial even with OpenMP on.
// CHECK-LABEL: func.func private @__retention_recurrent
// CHECK-SAME:    (%{{[a-z0-9_]+}}: memref<2x4x1x16xf32>, %{{[a-z0-9_]+}}: memref<2x4x1x16xf32>, %{{[a-z0-9_]+}}: memref<2x4x1x16xf32>, %{{[a-z0-9_]+}}: memref<4xf32>, %[[DS0:[a-z0-9_]+]]: memref<2x4x16x16xf32>, %[[DOUT:[a-z0-9_]+]]: memref<2x4x1x16xf32>, %[[DSTATE:[a-z0-9_]+]]: memref<2x4x16x16xf32>)
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     omp.
// CHECK:         %[[S0SLICE:[a-z0-9_]+]] = memref.subview %[[DS0]][%{{.*}}, %{{.*}}, 0, 0] [1, 1, 16, 16] [1, 1, 1, 1]
// CHECK-NOT:     memref.alloc
// CHECK:         %[[OUTSLICE:[a-z0-9_]+]] = memref.subview %[[DOUT]]
// CHECK:         %[[SSLICE:[a-z0-9_]+]] = memref.subview %[[DSTATE]][%{{.*}}, %{{.*}}, 0, 0] [1, 1, 16, 16] [1, 1, 1, 1]
// CHECK-NOT:     memref.alloc
// One pass over the state rows: gamma * S0 row + k_i v, read from S0 and
// stored into the out-param, accumulating q_i * row in a vector register
// (an in-place update would copy S0 there first and read the copy).
// CHECK:         %[[ACC:[a-z0-9_]+]] = scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(%[[A:[a-z0-9_]+]] = %{{.*}}) -> (vector<16xf32>)
// CHECK:           %[[OLD:[a-z0-9_]+]] = vector.transfer_read %[[S0SLICE]][%[[I]], %{{.*}}]
// CHECK:           %[[DEC:[a-z0-9_]+]] = arith.mulf %[[OLD]], %{{.*}} : vector<16xf32>
// CHECK:           %[[NEW:[a-z0-9_]+]] = vector.fma %{{.*}}, %{{.*}}, %[[DEC]] : vector<16xf32>
// CHECK:           vector.transfer_write %[[NEW]], %[[SSLICE]][%[[I]], %{{.*}}]
// CHECK:           vector.fma %{{.*}}, %[[NEW]], %[[A]] : vector<16xf32>
// CHECK:         vector.transfer_write %[[ACC]], %[[OUTSLICE]]
// CHECK-NOT:     memref.alloc
// CHECK:         return{{$}}
// The public function hands its out-params to the kernel: no buffer, no
// copy. With static shapes there is no extent to check: the only addition is
// the call that clears the artifact's call status.
// CHECK-LABEL: func.func @decode
// CHECK-SAME:    (%[[PQ:[a-z0-9_]+]]: memref<2x4x1x16xf32>, %[[PLD:[a-z0-9_]+]]: memref<4xf32>, %[[PS0:[a-z0-9_]+]]: memref<2x4x16x16xf32>, %[[POUT:[a-z0-9_]+]]: memref<2x4x1x16xf32>, %[[PSTATE:[a-z0-9_]+]]: memref<2x4x16x16xf32>)
// CHECK-NEXT:    call @retnet_rt_begin_call() : () -> ()
// CHECK-NEXT:    call @__retention_recurrent(%[[PQ]], %[[PQ]], %[[PQ]], %[[PLD]], %[[PS0]], %[[POUT]], %[[PSTATE]])
// CHECK-NEXT:    return{{$}}
func.func @decode(%q: tensor<2x4x1x16xf32>, %ld: tensor<4xf32>, %s0: tensor<2x4x16x16xf32>)
    -> (tensor<2x4x1x16xf32>, tensor<2x4x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>, tensor<2x4x1x16xf32>,
         tensor<4xf32>, tensor<2x4x16x16xf32>)
      -> (tensor<2x4x1x16xf32>, tensor<2x4x16x16xf32>)
  return %o, %s : tensor<2x4x1x16xf32>, tensor<2x4x16x16xf32>
}
