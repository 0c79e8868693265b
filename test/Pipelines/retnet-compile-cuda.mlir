// REQUIRES: cuda-toolkit
// RUN: retnet-compile %s --target=cuda --gpu-arch=sm_90 --emit=ptx -o %t.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t.ptx
// RUN: %ptxas -arch=sm_90 %t.ptx -o %t.cubin
// RUN: retnet-compile %s --target=cuda --gpu-arch=sm_80 --emit=ptx -o %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: retnet-compile %s --target=cuda --schedule=parallel --emit=ptx -o %t.par.ptx
// RUN: %ptxas -arch=sm_90 %t.par.ptx -o %t.par.cubin
// RUN: retnet-compile %s --target=cuda --schedule=recurrent --emit=ptx -o %t.rec.ptx
// RUN: %ptxas -arch=sm_90 %t.rec.ptx -o %t.rec.cubin
// RUN: retnet-compile %s --target=cuda -o %t.so
// RUN: nm -D --defined-only %t.so | FileCheck %s --check-prefix=SYMS
// RUN: nm -D --undefined-only %t.so | FileCheck %s --check-prefix=UNDEF

// The kernels' PTX for sm_90 (CUDA 13's ptxas accepts it), with libdevice
// linked in (no unresolved __nv_* calls), all kernels in one module (the chunkwise kernel, then the group norm's), and no
// T x T buffer in shared memory (the f16 chunkwise tile is 64 x 64 f32).
// PTX: .version 8.0
// PTX: .target sm_90
// PTX-DAG: .entry __retention_gpu_kernel(
// PTX-DAG: .shared .align 4 .b8 {{.*}}[16384];
// PTX-DAG: .entry __retention_gpu_kernel_0(
// PTX-NOT: call{{.*}}__nv_
// PTX-NOT: [2097152]

// The shared library: the C entry point and the CUDA runtime inside; the
// driver is not linked (it is opened at run time), nothing from LLVM/MLIR.
// SYMS-DAG: T _mlir_ciface_prefill
// SYMS-DAG: T mgpuLaunchKernel
// SYMS-DAG: T mgpuModuleLoad
// SYMS-DAG: T retnetCudaLastError
// SYMS-DAG: T retnetCudaAvailable
// UNDEF-NOT: cu{{[A-Z]}}
// UNDEF-NOT: mlir
// UNDEF: dlopen
func.func @prefill(%q: tensor<2x4x1024x64xf16>, %k: tensor<2x4x1024x64xf16>, %v: tensor<2x4x1024x64xf16>, %ld: tensor<4xf32>) -> tensor<2x4x1024x64xf16> {
  %o = retention.retention %q, %k, %v, %ld {group_norm_eps = 1.0e-6 : f32} : (tensor<2x4x1024x64xf16>, tensor<2x4x1024x64xf16>, tensor<2x4x1024x64xf16>, tensor<4xf32>) -> tensor<2x4x1024x64xf16>
  return %o : tensor<2x4x1024x64xf16>
}
