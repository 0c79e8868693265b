// RUN: retnet-opt %s -split-input-file -retention-verify-device-buffers -verify-diagnostics | FileCheck %s

// Retention ops, constants and the return only, static shapes: accepted
// unchanged. Private functions (kernels, helpers) are not entry points.
// CHECK-LABEL: func.func @decode
// CHECK:         retention.retention
func.func @decode(%q: tensor<4x2x1x32xf32>, %ld: tensor<2xf32>, %s0: tensor<4x2x32x32xf32>) -> (tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) {schedule = #retention.schedule<recurrent>} : (tensor<4x2x1x32xf32>, tensor<4x2x1x32xf32>, tensor<4x2x1x32xf32>, tensor<2xf32>, tensor<4x2x32x32xf32>) -> (tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>)
  return %o, %s : tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>
}
func.func private @helper(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = arith.addf %x, %x : tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// A host op on a result would read device memory on the host.
func.func @host_op(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) support functions made of retention ops only; this op would run on the host on device memory}}
  %d = arith.addf %o, %o : tensor<1x2x8x16xf32>
  return %d : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{device buffers (--gpu-io=device) need static shapes}}
func.func @dynamic(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
