// REQUIRES: cuda-toolkit
// RUN: retnet-compile %s --target=cuda --gpu-io=device --emit=mlir -o - | FileCheck %s
// RUN: not retnet-compile %S/Inputs/cuda-device-io-bad.mlir --target=cuda --gpu-io=device -o %t.so 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not retnet-compile %s --target=cuda --gpu-io=shared -o %t.so 2>&1 | FileCheck %s --check-prefix=MODE

// --gpu-io=device: the caller passes device pointers; the entry point only
// launches kernels on them (no host buffer, no copy), here updating the
// decode state in place (q, k, v, log-decay, state, out, state).
// CHECK-LABEL: llvm.func @decode
// CHECK-NOT:     llvm.call @malloc
// CHECK-NOT:     llvm.call @mgpuMemcpy
// CHECK-NOT:     llvm.call @memcpy
// CHECK:         llvm.return
// CHECK-LABEL: llvm.func @__retention_gpu
// CHECK:         llvm.call @mgpuStreamCreate
// CHECK-NOT:     llvm.call @mgpuMemcpy
// CHECK:         gpu.launch_func
// CHECK:         llvm.call @mgpuStreamSynchronize
// MODE: retnet-compile: error: --gpu-io must be 'host' or 'device', got 'shared'
// BAD: cuda-device-io-bad.mlir:{{.*}}: error: device buffers (--gpu-io=device) support functions made of retention ops only; this op would run on the host on device memory
// BAD: cuda-device-io-bad.mlir:{{.*}}: error: device buffers (--gpu-io=device) need static shapes
func.func @decode(%q: tensor<4x2x1x32xf32>, %k: tensor<4x2x1x32xf32>, %v: tensor<4x2x1x32xf32>, %ld: tensor<2xf32>, %s0: tensor<4x2x32x32xf32>) -> (tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {schedule = #retention.schedule<recurrent>} : (tensor<4x2x1x32xf32>, tensor<4x2x1x32xf32>, tensor<4x2x1x32xf32>, tensor<2xf32>, tensor<4x2x32x32xf32>) -> (tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>)
  return %o, %s : tensor<4x2x1x32xf32>, tensor<4x2x32x32xf32>
}
