// RUN: retnet-opt %s -retention-forward-result-copies -split-input-file | FileCheck %s

// A dynamically shaped result computed into a fresh buffer (collapsed) and
// copied into its out-param: computed into the out-param, expanded back to
// the buffer's shape from the buffer's own sizes; no copy left.
// CHECK-LABEL: func.func @logits(
// CHECK-SAME:    %[[N:[a-z0-9_]+]]: index, %[[OUT:[a-z0-9_]+]]: memref<?x64xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         %[[V:.*]] = memref.expand_shape %[[OUT]] {{\[\[}}0], [1, 2]] output_shape [%[[N]], 2, 32] : memref<?x64xf32> into memref<?x2x32xf32>
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[V]] : memref<?x2x32xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @logits(%n: index, %out: memref<?x64xf32>) {
  %c0 = arith.constant 0.0 : f32
  %a = memref.alloc(%n) : memref<?x2x32xf32>
  linalg.fill ins(%c0 : f32) outs(%a : memref<?x2x32xf32>)
  %v = memref.collapse_shape %a [[0], [1, 2]] : memref<?x2x32xf32> into memref<?x64xf32>
  memref.copy %v, %out : memref<?x64xf32> to memref<?x64xf32>
  return
}

// -----

// Left alone: the buffer is read after the copy, the out-param is read
// before it, and a private function.
// CHECK-LABEL: func.func @read_after(
// CHECK:         memref.alloc
// CHECK:         memref.copy
// CHECK-LABEL: func.func @out_read(
// CHECK:         memref.alloc
// CHECK:         memref.copy
// CHECK-LABEL: func.func private @private_fn(
// CHECK:         memref.alloc
// CHECK:         memref.copy
func.func @read_after(%n: index, %out: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %a = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %out : memref<?xf32> to memref<?xf32>
  %x = memref.load %a[%c0] : memref<?xf32>
  return %x : f32
}
func.func @out_read(%n: index, %out: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %x = memref.load %out[%c0] : memref<?xf32>
  %a = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %out : memref<?xf32> to memref<?xf32>
  return %x : f32
}
func.func private @private_fn(%n: index, %out: memref<?xf32>) {
  %a = memref.alloc(%n) : memref<?xf32>
  memref.copy %a, %out : memref<?xf32> to memref<?xf32>
  return
}
