// RUN: retnet-opt %s -split-input-file -retention-select-schedule | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=auto | FileCheck %s
// RUN: retnet-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(retention-select-schedule{target=cpu}))' | FileCheck %s

// Default (auto) decisions of the cost model on the CPU target. The CPU
// target's core count comes from the host, so every shape here was chosen to
// get the same decision for any core count from 1 to 512.

// T = 1 is always recurrent (decode).
// CHECK-LABEL: func.func @t1_decode
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @t1_decode(%q: tensor<1x4x1x64xf32>, %v: tensor<1x4x1x64xf32>,
                     %ld: tensor<4xf32>) -> tensor<1x4x1x64xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// ...with a dynamic batch and big heads too.
// CHECK-LABEL: func.func @t1_decode_dynamic_batch
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @t1_decode_dynamic_batch(%q: tensor<?x8x1x256xf16>, %v: tensor<?x8x1x432xf16>,
                                   %ld: tensor<8xf32>, %s0: tensor<?x8x256x432xf32>)
    -> (tensor<?x8x1x432xf16>, tensor<?x8x256x432xf32>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0)
      : (tensor<?x8x1x256xf16>, tensor<?x8x1x256xf16>, tensor<?x8x1x432xf16>,
         tensor<8xf32>, tensor<?x8x256x432xf32>)
      -> (tensor<?x8x1x432xf16>, tensor<?x8x256x432xf32>)
  return %o, %s : tensor<?x8x1x432xf16>, tensor<?x8x256x432xf32>
}

// -----

// CHECK-LABEL: func.func @t16
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// CHECK-LABEL: func.func @t64
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t64(%q: tensor<2x8x64x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x64x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>,
         tensor<8xf32>) -> tensor<2x8x64x64xf32>
  return %o : tensor<2x8x64x64xf32>
}

// -----

// CHECK-LABEL: func.func @t128
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t128(%q: tensor<2x8x128x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x128x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>,
         tensor<8xf32>) -> tensor<2x8x128x128xf32>
  return %o : tensor<2x8x128x128xf32>
}

// -----

// Long static sequences are chunkwise, with the cost model's chunk size.
// CHECK-LABEL: func.func @t1024
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @t1024(%q: tensor<8x16x1024x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x1024x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>,
         tensor<16xf32>) -> tensor<8x16x1024x64xf32>
  return %o : tensor<8x16x1024x64xf32>
}

// -----

// CHECK-LABEL: func.func @t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// A dynamic T is chunkwise with the target's default chunk size (64).
// CHECK-LABEL: func.func @dynamic_t
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// CHECK-LABEL: func.func @dynamic_b_and_t_bf16
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @dynamic_b_and_t_bf16(%q: tensor<?x2x?x16xbf16>, %ld: tensor<2xf32>)
    -> tensor<?x2x?x16xbf16> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>,
         tensor<2xf32>) -> tensor<?x2x?x16xbf16>
  return %o : tensor<?x2x?x16xbf16>
}

// -----

// Big head dimensions (Dk = 256, Dv = 432): parallel at moderate T...
// CHECK-LABEL: func.func @big_heads_t256
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @big_heads_t256(%q: tensor<2x8x256x256xf32>, %v: tensor<2x8x256x432xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x256x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x256x256xf32>, tensor<2x8x256x256xf32>, tensor<2x8x256x432xf32>,
         tensor<8xf32>) -> tensor<2x8x256x432xf32>
  return %o : tensor<2x8x256x432xf32>
}

// -----

// ...and chunkwise with bigger chunks (128) at long T.
// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 128>}
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}

// -----

// Small head dimensions make small chunks cheap: chunkwise with C = 32.
// CHECK-LABEL: func.func @small_heads_t64
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 32>}
func.func @small_heads_t64(%q: tensor<2x8x64x32xf32>, %ld: tensor<8xf32>) -> tensor<2x8x64x32xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x64x32xf32>, tensor<2x8x64x32xf32>, tensor<2x8x64x32xf32>,
         tensor<8xf32>) -> tensor<2x8x64x32xf32>
  return %o : tensor<2x8x64x32xf32>
}

// -----

// Several ops in one function each get their own decision.
// CHECK-LABEL: func.func @several_ops
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @several_ops(%a: tensor<1x2x1x64xf32>, %b: tensor<2x8x16x64xf32>,
                       %c: tensor<1x2x?x64xf32>, %ld2: tensor<2xf32>, %ld8: tensor<8xf32>)
    -> (tensor<1x2x1x64xf32>, tensor<2x8x16x64xf32>, tensor<1x2x?x64xf32>) {
  %0 = retention.retention %a, %a, %a, %ld2
      : (tensor<1x2x1x64xf32>, tensor<1x2x1x64xf32>, tensor<1x2x1x64xf32>,
         tensor<2xf32>) -> tensor<1x2x1x64xf32>
  %1 = retention.retention %b, %b, %b, %ld8
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  %2 = retention.retention %c, %c, %c, %ld2
      : (tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>,
         tensor<2xf32>) -> tensor<1x2x?x64xf32>
  return %0, %1, %2 : tensor<1x2x1x64xf32>, tensor<2x8x16x64xf32>, tensor<1x2x?x64xf32>
}
