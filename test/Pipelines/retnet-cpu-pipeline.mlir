// RUN: retnet-opt %s -retnet-cpu-pipeline | FileCheck %s
// RUN: retnet-opt %s -retnet-cpu-pipeline | FileCheck %s --check-prefix=ONLY-LLVM

// The whole CPU pipeline: schedules chosen, retention lowered, bufferized
// with caller-allocated out-params, and converted to the LLVM dialect with a
// C interface wrapper for every public function.

// Nothing above the LLVM dialect is left (OpenMP ops on LLVM types are
// allowed: they are translated with the module), and no call into MLIR's
// runtime library (memrefCopy) is needed.
// ONLY-LLVM-NOT: retention.
// ONLY-LLVM-NOT: func.func
// ONLY-LLVM-NOT: tensor.
// ONLY-LLVM-NOT: memref.
// ONLY-LLVM-NOT: bufferization.
// ONLY-LLVM-NOT: linalg.
// ONLY-LLVM-NOT: scf.
// ONLY-LLVM-NOT: affine.
// ONLY-LLVM-NOT: arith.
// ONLY-LLVM-NOT: math.
// ONLY-LLVM-NOT: cf.
// ONLY-LLVM-NOT: unrealized_conversion_cast
// ONLY-LLVM-NOT: memrefCopy

// The fused kernel of the op is an internal, never-inlined function
// (retention-outline-ops), before its caller, without a C wrapper; it writes
// the caller's result buffers and returns nothing. The cost model makes
// @ret's dynamic-T op recurrent (the faster linear form at T = 2048 for its
// 16 x 32 state), so its kernel is @__retention_recurrent (the pinned
// @helper's, of another shape, is @__retention_recurrent_0).
// ONLY-LLVM-NOT: _mlir_ciface___retention
// CHECK:       llvm.func internal @__retention_recurrent(
// CHECK-NOT:   -> !llvm
// CHECK-SAME:  ) attributes {passthrough = ["noinline"], sym_visibility = "private"} {
// CHECK:         llvm.intr.exp
// CHECK:         llvm.return{{$}}
// CHECK:       }
// The function itself: descriptors of the 5 inputs, then of the 2 results
// (out-params), unpacked (11 values per 4-D memref, 5 for log_decay); it
// returns nothing.
// CHECK:       llvm.func @ret(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64,
// CHECK-NOT:   -> !llvm
// CHECK-SAME:  ) attributes {llvm.emit_c_interface} {
// CHECK:         llvm.call @__retention_recurrent(
// CHECK:         llvm.return{{$}}
// CHECK:       }
// The C interface: one pointer per memref descriptor, 5 inputs + 2 results.
// CHECK:       llvm.func @_mlir_ciface_ret(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface} {
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK:         llvm.call @ret(
// CHECK:         llvm.return{{$}}
func.func @ret(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x?x16xf32>,
               %v: tensor<2x4x?x32xf32>, %ld: tensor<4xf32>,
               %s0: tensor<2x4x16x32xf32>)
    -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {scale = 0.25 : f32}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x32xf32>,
         tensor<4xf32>, tensor<2x4x16x32xf32>)
      -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
  return %o, %s : tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>
}

// A private function gets no C wrapper.
// CHECK:       llvm.func @helper(
// CHECK-NOT:   _mlir_ciface_helper
func.func private @helper(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>) -> tensor<1x1x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> tensor<1x1x4x8xf32>
  return %o : tensor<1x1x4x8xf32>
}
