// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda | FileCheck %s --check-prefixes=CHECK,SM90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_90 | FileCheck %s --check-prefixes=CHECK,SM90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_90a | FileCheck %s --check-prefixes=CHECK,SM90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_80 | FileCheck %s --check-prefixes=CHECK,SM80
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_100 | FileCheck %s --check-prefixes=CHECK,SM80

// The CUDA targets' facts are fixed (132 SMs for sm_90 and sm_90a, 108 for
// any other architecture, here sm_80 and sm_100), so the decisions are the
// same on every host. Unlike the CPU, the GPU's recurrent update is
// memory-bound (5% of peak) and every sequential step costs 1 us: long
// sequences go chunkwise (parallel with few heads), never recurrent, and
// parallel wins further than on the CPU.

// T = 1 is recurrent on every target (the rule comes before the estimates).
// CHECK-LABEL: func.func @t1
// CHECK:         schedule = #retention.schedule<recurrent>
func.func @t1(%q: tensor<2x8x1x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x1x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x1x64xf32>, tensor<2x8x1x64xf32>, tensor<2x8x1x64xf32>,
         tensor<8xf32>) -> tensor<2x8x1x64xf32>
  return %o : tensor<2x8x1x64xf32>
}

// -----

// CHECK-LABEL: func.func @t128
// CHECK:         schedule = #retention.schedule<parallel>
func.func @t128(%q: tensor<2x8x128x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x128x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x8x128x64xf32>,
         tensor<8xf32>) -> tensor<2x8x128x64xf32>
  return %o : tensor<2x8x128x64xf32>
}

// -----

// Few heads: a long sequence is still parallel (query tiles fill the SMs).
// CHECK-LABEL: func.func @t4096_few_heads
// CHECK:         schedule = #retention.schedule<parallel>
func.func @t4096_few_heads(%q: tensor<1x4x4096x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x4096x64xf32>, tensor<1x4x4096x64xf32>, tensor<1x4x4096x64xf32>,
         tensor<4xf32>) -> tensor<1x4x4096x64xf32>
  return %o : tensor<1x4x4096x64xf32>
}

// -----

// CHECK-LABEL: func.func @t1024
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
func.func @t1024(%q: tensor<8x16x1024x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x1024x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>,
         tensor<16xf32>) -> tensor<8x16x1024x64xf32>
  return %o : tensor<8x16x1024x64xf32>
}

// -----

// The chunk size depends on the number of SMs.
// CHECK-LABEL: func.func @t4096
// SM90:          schedule = #retention.schedule<chunkwise, chunk_size = 128>
// SM80:          schedule = #retention.schedule<chunkwise, chunk_size = 64>
func.func @t4096(%q: tensor<2x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x4096x64xf32>, tensor<2x8x4096x64xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
}

// -----

// A dynamic T does not depend on the target: chunkwise, C = 64.
// CHECK-LABEL: func.func @dynamic_t
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 128>
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}
