// RUN: retnet-opt %s --retnet-cuda-pipeline=lower-to-llvm=0 | FileCheck %s
// RUN: retnet-opt %s --retnet-cuda-pipeline="lower-to-llvm=0 schedule=recurrent" | FileCheck %s --check-prefix=PINNED

// The GPU pipeline up to the outlined kernels (no CUDA toolkit needed): the
// cost model decides for the GPU target, each op becomes a host function
// that copies, launches and copies back, bufferization turned the result
// into a caller-allocated out-param, and the kernels live in gpu.modules.
// CHECK-LABEL: func.func @prefill
// CHECK-SAME:    (%{{.*}}: memref<1x4x512x64xbf16>, %{{.*}}: memref<1x4x512x64xbf16>, %{{.*}}: memref<1x4x512x64xbf16>, %{{.*}}: memref<4xf32>, %[[OUT:.*]]: memref<1x4x512x64xbf16>)
// CHECK-SAME:    llvm.emit_c_interface
// CHECK:         call @__retention_gpu({{.*}}, %[[OUT]])
// CHECK-NOT:     retention.retention
// CHECK:       func.func private @__retention_gpu
// CHECK-SAME:    schedule = #retention.schedule<chunkwise, chunk_size = 64>
// CHECK:         gpu.launch_func async {{.*}} @__retention_gpu_kernel::@__retention_gpu_kernel
// CHECK:         gpu.wait [
// CHECK:       gpu.module @__retention_gpu_kernel
// CHECK:         gpu.func @__retention_gpu_kernel
// CHECK-SAME:      kernel
// CHECK:           arith.extf {{.*}} : bf16 to f32
// CHECK:           gpu.barrier
// CHECK:           arith.truncf {{.*}} : f32 to bf16
// PINNED:      schedule = #retention.schedule<recurrent>
func.func @prefill(%q: tensor<1x4x512x64xbf16>, %k: tensor<1x4x512x64xbf16>, %v: tensor<1x4x512x64xbf16>, %ld: tensor<4xf32>) -> tensor<1x4x512x64xbf16> {
  %o = retention.retention %q, %k, %v, %ld : (tensor<1x4x512x64xbf16>, tensor<1x4x512x64xbf16>, tensor<1x4x512x64xbf16>, tensor<4xf32>) -> tensor<1x4x512x64xbf16>
  return %o : tensor<1x4x512x64xbf16>
}
