// RUN: retnet-opt %s --retnet-cpu-pipeline=lower-to-llvm=0 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s --retnet-cuda-pipeline=lower-to-llvm=0 | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s --retnet-cpu-pipeline='lower-to-llvm=0 shape-checks=0 plan-buffers=0' | FileCheck %s --check-prefix=OFF
// RUN: retnet-compile %s --emit=llvm -o - | FileCheck %s --check-prefix=LLVM

// Both pipelines check a public function's operand extents at its entry:
// k's static T (16) against q's dynamic one, and the caller's output against
// q's T. On a mismatch the body (the kernel call and the copy into the
// out-parameter) never runs. shape-checks=0 leaves all of it out.

// CHECK-LABEL: func.func @static_k
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: memref<1x2x?x8xf32>, %{{[a-z0-9_]+}}: memref<1x2x16x8xf32>, %{{[a-z0-9_]+}}: memref<2xf32>, %[[OUT:[a-z0-9_]+]]: memref<1x2x?x8xf32>)
// CHECK:         call @retnet_rt_begin_call() : () -> ()
// CHECK:         %[[QT:.*]] = memref.dim %[[Q]], %c2
// CHECK:         %[[QT64:.*]] = arith.index_cast %[[QT]] : index to i64
// CHECK:         %[[BAD0:.*]] = arith.cmpi ne, %[[QT64]], %c16_i64 : i64
// CHECK:         %[[OT:.*]] = memref.dim %[[OUT]], %c2
// CHECK:         %[[OT64:.*]] = arith.index_cast %[[OT]] : index to i64
// CHECK:         %[[BAD1:.*]] = arith.cmpi ne, %[[OT64]], %[[QT64]] : i64
// CHECK:         %[[ANY:.*]] = arith.ori %[[BAD0]], %[[BAD1]] : i1
// CHECK:         cf.cond_br %[[ANY]], ^[[FAIL:bb[0-9]+]], ^[[BODY:bb[0-9]+]]
// CHECK:       ^[[BODY]]:
// CPU:           call @__retention_recurrent(%[[Q]],
// CUDA:          call @__retention_gpu(%[[Q]],
// CHECK:         return
// CHECK:       ^[[FAIL]]:
// CHECK:         scf.if %[[BAD0]] {
// CHECK:           func.call @retnet_rt_extent_error(%{{.*}}, %[[QT64]]
// CHECK:         scf.if %[[BAD1]] {
// CHECK:           func.call @retnet_rt_extent_error(%{{.*}}, %[[OT64]], %[[QT64]])
// CHECK-NOT:     call @__retention
// CHECK:         return
// CHECK:       func.func private @retnet_rt_begin_call()
// CHECK:       func.func private @retnet_rt_extent_error(!llvm.ptr, i64, i64)
// CHECK:       llvm.mlir.global internal constant @{{.*}}("static_k: operand 1 (k) dim 2 is %lld but operand 0 (q) dim 2 is %lld\00")
// CHECK:       llvm.mlir.global internal constant @{{.*}}("static_k: operand 3 (result 0) dim 2 is %lld but operand 0 dim 2 is %lld\00")

// OFF-NOT: retnet_rt
// OFF-NOT: cf.cond_br

// LLVM: define void @static_k(
// LLVM:   call void @retnet_rt_begin_call()
// LLVM:   call void @retnet_rt_extent_error(
// LLVM: declare void @retnet_rt_begin_call()
// LLVM: declare void @retnet_rt_extent_error(ptr, i64, i64)

func.func @static_k(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}
