// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_90 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_90a | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_80 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_100 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cuda emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cuda:sm_90 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cuda:sm_90a emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK90
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cuda:sm_80 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK80
// RUN: retnet-opt %s -split-input-file -retention-select-schedule='target=cuda:sm_100 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK80

// The CUDA targets' facts are fixed (132 SMs for sm_90 and sm_90a, 108 for
// any other architecture, here sm_80 and sm_100), so the decisions are the
// same on every host. Unlike the CPU, the GPU's recurrent update is
// memory-bound (5% of peak) and every sequential step costs 1 us: long
// sequences go chunkwise with C = 64, never recurrent. Every form parallelizes over the (batch, head) items only, so
// the SM count scales the estimates (once B*H exceeds it) but does not change
// a decision: sm_90 (REMARK90) and the others (REMARK80) differ in the
// remarks' values only.

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

// Short T: parallel (10.9 us against chunkwise(C=64) 16.5 us; at T = 128
// the two are within 1%, chunkwise from T = 256 on).
// CHECK-LABEL: func.func @t64
// CHECK:         schedule = #retention.schedule<parallel>
func.func @t64(%q: tensor<2x8x64x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x64x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>,
         tensor<8xf32>) -> tensor<2x8x64x64xf32>
  return %o : tensor<2x8x64x64xf32>
}

// -----

// Few heads: a long sequence is chunkwise too (the parallel form's query
// tiles are no parallel items: 4 heads use 4 SMs whatever the form).
// CHECK-LABEL: func.func @t4096_few_heads
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
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

// CHECK-LABEL: func.func @t4096
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
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

// Big heads: chunkwise with C = 64, the largest chunk whose score tile stays
// in shared memory (TargetInfo::maxChunkSize; C = 128 would be 3% cheaper in
// the model but the kernel would keep its scores in global memory). B*H =
// 128 items fit on the 132 SMs of sm_90 but not on the 108 of sm_80: the
// same decision, with estimates 128/108 times higher on sm_80.
// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
// REMARK90: remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: estimates (us): parallel 85359.6, chunkwise(C=64) 12142, recurrent 80780.4{{$}}
// REMARK80: remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: estimates (us): parallel 101167, chunkwise(C=64) 14390.5, recurrent 95739.7{{$}}
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}

// -----

// bf16 (and f16) operands in 16 x 8 x 16 tiles: the chunkwise products run
// on tensor cores (989 against 67 TFLOP/s on sm_90), so chunkwise wins even
// where f32 is parallel (T = 128 on sm_90: bf16 chunkwise 7.3 us against
// parallel 52.7 us; f32 chunkwise 79.7 us).
// CHECK-LABEL: func.func @bf16_t128
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
// CHECK-LABEL: func.func @f32_t128
// CHECK:         schedule = #retention.schedule<parallel>
func.func @bf16_t128(%q: tensor<8x16x128x128xbf16>, %ld: tensor<16xf32>) -> tensor<8x16x128x128xbf16> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x128x128xbf16>, tensor<8x16x128x128xbf16>, tensor<8x16x128x128xbf16>,
         tensor<16xf32>) -> tensor<8x16x128x128xbf16>
  return %o : tensor<8x16x128x128xbf16>
}
func.func @f32_t128(%q: tensor<8x16x128x128xf32>, %ld: tensor<16xf32>) -> tensor<8x16x128x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x128x128xf32>, tensor<8x16x128x128xf32>, tensor<8x16x128x128xf32>,
         tensor<16xf32>) -> tensor<8x16x128x128xf32>
  return %o : tensor<8x16x128x128xf32>
}
