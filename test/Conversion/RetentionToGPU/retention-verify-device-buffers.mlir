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
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result of a retention op to be returned}}
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) support functions made of retention ops only; this op would run on the host on device memory}}
  %d = arith.addf %o, %o : tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result to be a retention op's output, returned once}}
  return %d : tensor<1x2x8x16xf32>
}

// -----

// expected-error @+1 {{device buffers (--gpu-io=device) need static shapes}}
func.func @dynamic(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}

// -----

// A chained op reads an intermediate result, which would be a host buffer.
func.func @chained(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result of a retention op to be returned}}
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) need the retention ops' tensor operands to be the function's arguments}}
  %p = retention.retention %o, %o, %o, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %p : tensor<1x2x8x16xf32>
}

// -----

// A tensor constant is a host global.
func.func @tensor_constant(%q: tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32> {
  // expected-error @+1 {{device buffers (--gpu-io=device) support scalar constants only}}
  %ld = arith.constant dense<[-0.1, -0.05]> : tensor<2xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) need the retention ops' tensor operands to be the function's arguments}}
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// Returning an argument would copy it on the host; an output not returned
// would be a host buffer.
func.func @returns_argument(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result of a retention op to be returned}}
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result to be a retention op's output, returned once}}
  return %q : tensor<1x2x8x16xf32>
}

// -----

// One output returned twice.
func.func @returned_twice(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{device buffers (--gpu-io=device) need every result to be a retention op's output, returned once}}
  return %o, %o : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
}
