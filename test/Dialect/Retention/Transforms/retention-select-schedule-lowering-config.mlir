// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 vector-bits=512' | FileCheck %s --check-prefix=AVX512
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 vector-bits=256' | FileCheck %s --check-prefix=AVX2
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cpu:2 register-tile=0' | FileCheck %s --check-prefix=LOOPS
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_90 | FileCheck %s --check-prefix=CUDA

// retention-select-schedule writes every code generation choice next to the
// schedule: the lowerings read nothing else. The register tile follows the
// vector width (8 x 32 with AVX-512's 32 registers, 6 x 16 with AVX2's 16,
// none for plain loops or a GPU); the GPU's parallel tile is 16 x 64 and
// its kernels never skip causal register tiles.

// A prefill.
// AVX512-LABEL: func.func @prefill
// AVX512:         lowering_config = #retention.lowering_config<tile = [64, 64], register_tile = [8, 32], causal_skip_from = 64, serial = false, tensor_cores = false>
// AVX2-LABEL:   func.func @prefill
// AVX2:           lowering_config = #retention.lowering_config<tile = [64, 64], register_tile = [6, 16], causal_skip_from = 64, serial = false, tensor_cores = false>
// LOOPS-LABEL:  func.func @prefill
// LOOPS:          lowering_config = #retention.lowering_config<tile = [64, 64], register_tile = [0, 0], causal_skip_from = 64, serial = false, tensor_cores = false>
// CUDA-LABEL:   func.func @prefill
// CUDA:           lowering_config = #retention.lowering_config<tile = [16, 64], register_tile = [0, 0], causal_skip_from = 0, serial = false, tensor_cores = false>
func.func @prefill(%q: tensor<1x8x512x64xf32>, %ld: tensor<8xf32>) -> tensor<1x8x512x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>,
         tensor<8xf32>) -> tensor<1x8x512x64xf32>
  return %o : tensor<1x8x512x64xf32>
}

// -----

// A decode step of 4 heads of 64 x 64 (16384 state elements, below 2^17)
// runs on one thread on the CPU; 64 such heads (262144) use threads, and so
// does a dynamic batch (its size is unknown). A GPU has no serial rule.
// AVX512-LABEL: func.func @decode
// AVX512:         retention.retention {{.*}}serial = true{{.*}}schedule = #retention.schedule<recurrent>
// AVX512:         retention.retention {{.*}}serial = false{{.*}}schedule = #retention.schedule<recurrent>
// AVX512:         retention.retention {{.*}}serial = false{{.*}}schedule = #retention.schedule<recurrent>
// CUDA-LABEL:   func.func @decode
// CUDA-NOT:       serial = true
// CUDA:           return
func.func @decode(%a: tensor<1x4x1x64xf32>, %b: tensor<1x64x1x64xf32>,
                  %c: tensor<?x4x1x64xf32>, %ld4: tensor<4xf32>,
                  %ld64: tensor<64xf32>)
    -> (tensor<1x4x1x64xf32>, tensor<1x64x1x64xf32>, tensor<?x4x1x64xf32>) {
  %0 = retention.retention %a, %a, %a, %ld4
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  %1 = retention.retention %b, %b, %b, %ld64
      : (tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>, tensor<1x64x1x64xf32>,
         tensor<64xf32>) -> tensor<1x64x1x64xf32>
  %2 = retention.retention %c, %c, %c, %ld4
      : (tensor<?x4x1x64xf32>, tensor<?x4x1x64xf32>, tensor<?x4x1x64xf32>,
         tensor<4xf32>) -> tensor<?x4x1x64xf32>
  return %0, %1, %2 : tensor<1x4x1x64xf32>, tensor<1x64x1x64xf32>, tensor<?x4x1x64xf32>
}

// -----

// 16-bit chunkwise products go to tensor cores on the GPU where the chunk
// (clamped to T), Dk and Dv fit m16n8k16; T = 40 clamps a chunk of 64 to
// 40, which does not.
// CUDA-LABEL:   func.func @sixteen_bit
// CUDA:           retention.retention {{.*}}tensor_cores = true>, schedule = #retention.schedule<chunkwise, chunk_size = 64>
// CUDA:           retention.retention {{.*}}tensor_cores = false>, schedule = #retention.schedule<chunkwise, chunk_size = 64>
// CUDA:           retention.retention {{.*}}tensor_cores = false>, schedule = #retention.schedule<chunkwise, chunk_size = 64>
// AVX512-LABEL: func.func @sixteen_bit
// AVX512-NOT:     tensor_cores = true
// AVX512:         return
func.func @sixteen_bit(%a: tensor<1x8x512x64xf16>, %b: tensor<1x8x40x64xf16>,
                       %c: tensor<1x8x512x64xf32>, %ld: tensor<8xf32>)
    -> (tensor<1x8x512x64xf16>, tensor<1x8x40x64xf16>, tensor<1x8x512x64xf32>) {
  %0 = retention.retention %a, %a, %a, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<1x8x512x64xf16>, tensor<1x8x512x64xf16>, tensor<1x8x512x64xf16>,
         tensor<8xf32>) -> tensor<1x8x512x64xf16>
  %1 = retention.retention %b, %b, %b, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<1x8x40x64xf16>, tensor<1x8x40x64xf16>, tensor<1x8x40x64xf16>,
         tensor<8xf32>) -> tensor<1x8x40x64xf16>
  %2 = retention.retention %c, %c, %c, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>,
         tensor<8xf32>) -> tensor<1x8x512x64xf32>
  return %0, %1, %2 : tensor<1x8x512x64xf16>, tensor<1x8x40x64xf16>, tensor<1x8x512x64xf32>
}

// -----

// A config already on the op is kept, like a pinned schedule.
// AVX512-LABEL: func.func @pinned_config
// AVX512:         lowering_config = #retention.lowering_config<tile = [32, 16], register_tile = [4, 16], causal_skip_from = 0, serial = true, tensor_cores = false>, schedule = #retention.schedule<parallel>
func.func @pinned_config(%q: tensor<1x8x512x64xf32>, %ld: tensor<8xf32>) -> tensor<1x8x512x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>,
       lowering_config = #retention.lowering_config<tile = [32, 16], register_tile = [4, 16], causal_skip_from = 0, serial = true>}
      : (tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>, tensor<1x8x512x64xf32>,
         tensor<8xf32>) -> tensor<1x8x512x64xf32>
  return %o : tensor<1x8x512x64xf32>
}
