// RUN: retnet-opt %s -retention-export-c-interface | FileCheck %s

// Public functions with a body get llvm.emit_c_interface, and their tensor
// arguments bufferization.writable = false (callers own input buffers).
// Private, nested and external functions are left alone.

// CHECK-LABEL: func.func @public_tensor_args
// CHECK-SAME:    (%{{.*}}: tensor<2x4x?x16xf32> {bufferization.writable = false}, %{{.*}}: index, %{{.*}}: tensor<4xf32> {bufferization.writable = false})
// CHECK-SAME:    -> tensor<2x4x?x16xf32> attributes {llvm.emit_c_interface}
func.func @public_tensor_args(%a: tensor<2x4x?x16xf32>, %i: index, %b: tensor<4xf32>)
    -> tensor<2x4x?x16xf32> {
  return %a : tensor<2x4x?x16xf32>
}

// Non-tensor arguments get no bufferization attribute.
// CHECK-LABEL: func.func @public_memref_arg
// CHECK-SAME:    (%{{[a-z0-9]+}}: memref<4xf32>, %{{[a-z0-9]+}}: f32)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// CHECK-NOT:     bufferization.writable
// CHECK:         return
func.func @public_memref_arg(%m: memref<4xf32>, %f: f32) {
  return
}

// CHECK-LABEL: func.func @no_args()
// CHECK-SAME:    attributes {llvm.emit_c_interface}
func.func @no_args() {
  return
}

// Already marked: stays marked (once).
// CHECK-LABEL: func.func @already_marked()
// CHECK-SAME:    attributes {llvm.emit_c_interface} {
func.func @already_marked() attributes {llvm.emit_c_interface} {
  return
}

// Other argument attributes are kept next to the new one.
// CHECK-LABEL: func.func @keeps_arg_attrs
// CHECK-SAME:    tensor<4xf32> {bufferization.writable = false, test.tag = 1 : i32}
func.func @keeps_arg_attrs(%a: tensor<4xf32> {test.tag = 1 : i32}) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// CHECK-LABEL: func.func private @private_fn
// CHECK-SAME:    (%{{[a-z0-9]+}}: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NOT:     llvm.emit_c_interface
func.func private @private_fn(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// CHECK-LABEL: func.func nested @nested_fn
// CHECK-SAME:    (%{{[a-z0-9]+}}: tensor<4xf32>) -> tensor<4xf32> {
func.func nested @nested_fn(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

// A declaration has no body to wrap.
// CHECK:       func.func private @external(tensor<4xf32>) -> tensor<4xf32>{{$}}
func.func private @external(tensor<4xf32>) -> tensor<4xf32>

// The pass works on the module it runs on, not on nested modules.
// CHECK-LABEL: module @inner
// CHECK:         func.func @inner_public() {
module @inner {
  func.func @inner_public() {
    return
  }
}
