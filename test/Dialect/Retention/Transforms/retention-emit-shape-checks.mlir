// RUN: retnet-opt %s -retention-emit-shape-checks | FileCheck %s
// RUN: retnet-opt %S/Inputs/emit-shape-checks-errors.mlir -split-input-file -retention-emit-shape-checks -verify-diagnostics

// retention-emit-shape-checks, after bufferization: every public function
// starts by clearing the artifact's call status; one with recorded checks
// compares the extents (memref.dim of its operands, out-parameters
// included) and, on a mismatch, reports each differing pair and returns
// before the body runs.

// CHECK-LABEL: func.func @checked
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: memref<1x2x?x8xf32>, %{{[a-z0-9_]+}}: memref<1x2x16x8xf32>, %[[OUT:[a-z0-9_]+]]: memref<1x2x?x8xf32>)
// CHECK-NOT:     retention.shape_checks
// CHECK-NEXT:    call @retnet_rt_begin_call() : () -> ()
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : i64
// CHECK-DAG:     %[[QT:.*]] = memref.dim %[[Q]], %{{.*}} : memref<1x2x?x8xf32>
// CHECK:         %[[QT64:.*]] = arith.index_cast %[[QT]] : index to i64
// CHECK:         %[[BAD0:.*]] = arith.cmpi ne, %[[C16]], %[[QT64]] : i64
// CHECK:         %[[OT:.*]] = memref.dim %[[OUT]], %{{.*}} : memref<1x2x?x8xf32>
// CHECK:         %[[OT64:.*]] = arith.index_cast %[[OT]] : index to i64
// CHECK:         %[[BAD1:.*]] = arith.cmpi ne, %[[OT64]], %[[QT64]] : i64
// CHECK:         %[[ANY:.*]] = arith.ori %[[BAD0]], %[[BAD1]] : i1
// CHECK:         cf.cond_br %[[ANY]], ^[[FAIL:bb[0-9]+]], ^[[BODY:bb[0-9]+]]
// CHECK:       ^[[BODY]]:
// CHECK-NEXT:    memref.copy %[[Q]], %[[OUT]]
// CHECK-NEXT:    return
// CHECK:       ^[[FAIL]]:
// CHECK-NEXT:    scf.if %[[BAD0]] {
// CHECK-NEXT:      %[[M0:.*]] = llvm.mlir.addressof @[[MSG0:__retnet_shape_check_message]] : !llvm.ptr
// CHECK-NEXT:      func.call @retnet_rt_extent_error(%[[M0]], %[[C16]], %[[QT64]]) : (!llvm.ptr, i64, i64) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.if %[[BAD1]] {
// CHECK-NEXT:      %[[M1:.*]] = llvm.mlir.addressof @[[MSG1:__retnet_shape_check_message_0]] : !llvm.ptr
// CHECK-NEXT:      func.call @retnet_rt_extent_error(%[[M1]], %[[OT64]], %[[QT64]])
// CHECK-NEXT:    }
// CHECK-NOT:     memref.copy
// CHECK-NEXT:    return
func.func @checked(%q: memref<1x2x?x8xf32>, %k: memref<1x2x16x8xf32>, %out: memref<1x2x?x8xf32>)
    attributes {retention.shape_checks = {checks = [
      [array<i64: -1, 16, 0, 2>, "checked: operand 1 (k) dim 2 is %lld but operand 0 (q) dim 2 is %lld"],
      [array<i64: 2, 2, 0, 2>, "checked: operand 2 (result 0) dim 2 is %lld but operand 0 dim 2 is %lld"]],
      operands = 3 : i64}} {
  memref.copy %q, %out : memref<1x2x?x8xf32> to memref<1x2x?x8xf32>
  return
}

// Nothing to check: only the status is cleared.
// CHECK-LABEL: func.func @unchecked
// CHECK-NEXT:    call @retnet_rt_begin_call() : () -> ()
// CHECK-NEXT:    memref.copy
// CHECK-NEXT:    return
func.func @unchecked(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}

// A result that is not a buffer is returned as poison on the failure path.
// CHECK-LABEL: func.func @scalar_result
// CHECK:         cf.cond_br %{{.*}}, ^[[FAIL:bb[0-9]+]], ^{{bb[0-9]+}}
// CHECK:       ^[[FAIL]]:
// CHECK:         %[[P:.*]] = ub.poison : i64
// CHECK-NEXT:    return %[[P]] : i64
func.func @scalar_result(%a: memref<?xf32>, %b: memref<?xf32>) -> i64
    attributes {retention.shape_checks = {checks = [
      [array<i64: 1, 0, 0, 0>, "scalar_result: operand 1 dim 0 is %lld but operand 0 dim 0 is %lld"]],
      operands = 2 : i64}} {
  %c = arith.constant 7 : i64
  return %c : i64
}

// Private functions are not entry points.
// CHECK-LABEL: func.func private @kernel
// CHECK-NEXT:    return
func.func private @kernel(%a: memref<4xf32>) {
  return
}

// CHECK: func.func private @retnet_rt_begin_call()
// CHECK: func.func private @retnet_rt_extent_error(!llvm.ptr, i64, i64)
// CHECK: llvm.mlir.global internal constant @[[MSG0]]("checked: operand 1 (k) dim 2 is %lld but operand 0 (q) dim 2 is %lld\00")
// CHECK: llvm.mlir.global internal constant @[[MSG1]]("checked: operand 2 (result 0) dim 2 is %lld but operand 0 dim 2 is %lld\00")
