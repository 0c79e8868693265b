// REQUIRES: cuda-toolkit
// RUN: retnet-compile %s --target=cuda --gpu-arch=sm_90 --schedule=chunkwise --chunk-size=64 --emit=ptx -o %t.ptx
// RUN: FileCheck %s < %t.ptx
// RUN: %ptxas -arch=sm_90 %t.ptx -o %t.cubin
// RUN: retnet-compile %s --target=cuda --gpu-arch=sm_80 --schedule=chunkwise --chunk-size=64 --emit=ptx -o %t.80.ptx
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin

// bf16 and f16 chunkwise kernels reach PTX with tensor-core instructions
// (m16n8k16, f32 accumulators) that ptxas accepts for sm_90 and sm_80; the
// f32 kernel has none.
// CHECK-DAG: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK-DAG: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// CHECK-NOT: .tf32
func.func @bf16(%q: tensor<8x16x512x128xbf16>, %ld: tensor<16xf32>) -> tensor<8x16x512x128xbf16> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<8x16x512x128xbf16>, tensor<8x16x512x128xbf16>, tensor<8x16x512x128xbf16>, tensor<16xf32>) -> tensor<8x16x512x128xbf16>
  return %o : tensor<8x16x512x128xbf16>
}
func.func @f16(%q: tensor<1x2x100x64xf16>, %ld: tensor<2xf32>) -> tensor<1x2x100x64xf16> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x100x64xf16>, tensor<1x2x100x64xf16>, tensor<1x2x100x64xf16>, tensor<2xf32>) -> tensor<1x2x100x64xf16>
  return %o : tensor<1x2x100x64xf16>
}
func.func @f32(%q: tensor<1x2x100x64xf32>, %ld: tensor<2xf32>) -> tensor<1x2x100x64xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x100x64xf32>, tensor<1x2x100x64xf32>, tensor<1x2x100x64xf32>, tensor<2xf32>) -> tensor<1x2x100x64xf32>
  return %o : tensor<1x2x100x64xf32>
}
