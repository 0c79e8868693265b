// RUN: retnet-opt %s -split-input-file -retention-select-schedule | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=schedule=auto | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=host | FileCheck %s
// RUN: retnet-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(retention-select-schedule{target=cpu}))' | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:2 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:1 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:64 | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:512 | FileCheck %s

// Default (auto) decisions of the cost model on the CPU target. The CPU
// target's core count comes from the host (cpu:<N> pins it to N), so every
// shape here was chosen to get the same decision for any core count from 1
// to 512; the first RUN lines use the host's count, the others pin it.
// Decisions that do depend on the core count are in
// retention-select-schedule-cores.mlir.
//
// The rules (CostModel.cpp): T = 1 is recurrent and a dynamic T chunkwise
// with C = 64, before any estimate; otherwise the cheapest estimate wins.
// On this CPU the calibrated recurrent kernel beats chunkwise (chunkwise
// executes about twice the FLOPs at a similar efficiency), so short
// sequences are parallel and long ones recurrent; chunkwise only wins at a
// static T when the Dk x Dv state does not fit in L2, which halves the
// recurrent kernel's efficiency.

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

// Short sequences are parallel: at small T the quadratic form executes fewer
// FLOPs than the recurrent 4 T Dk Dv, in a few large products.
// CHECK-LABEL: func.func @t16
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// Still parallel at T = 32 for Dk = Dv = 64...
// CHECK-LABEL: func.func @t32
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t32(%q: tensor<2x8x32x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x32x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>,
         tensor<8xf32>) -> tensor<2x8x32x64xf32>
  return %o : tensor<2x8x32x64xf32>
}

// -----

// ...and T <= 128 at Dk = Dv = 128.
// CHECK-LABEL: func.func @t128
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t128(%q: tensor<2x8x128x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x128x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>,
         tensor<8xf32>) -> tensor<2x8x128x128xf32>
  return %o : tensor<2x8x128x128xf32>
}

// -----

// Long static sequences are recurrent: on this CPU the calibrated recurrent
// kernel is faster than chunkwise, and both are linear in T.
// CHECK-LABEL: func.func @t1024
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @t1024(%q: tensor<8x16x1024x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x1024x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>,
         tensor<16xf32>) -> tensor<8x16x1024x64xf32>
  return %o : tensor<8x16x1024x64xf32>
}

// -----

// CHECK-LABEL: func.func @t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// A dynamic T is chunkwise with the target's default chunk size (64): the
// rule comes before the estimates (chunkwise is linear in T whatever T is).
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

// ...and recurrent at long T: the 256 x 432 state (432 KiB) still fits in L2.
// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}

// -----

// A state beyond L2 (Dk x Dv = 1024 x 432 f32, 1.7 MiB) halves the recurrent
// kernel's efficiency: chunkwise wins at long T, with the cost model's chunk
// size. (B x H = 512 keeps every core of a 512-core target busy, so the
// decision does not depend on the core count.)
// CHECK-LABEL: func.func @state_beyond_l2_t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @state_beyond_l2_t4096(%q: tensor<32x16x4096x1024xf32>, %v: tensor<32x16x4096x432xf32>,
                                 %ld: tensor<16xf32>) -> tensor<32x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x432xf32>
  return %o : tensor<32x16x4096x432xf32>
}

// -----

// The same with Dv = 1024 (a 4 MiB state): bigger chunks (128).
// CHECK-LABEL: func.func @state_beyond_l2_big_dv
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 128>}
func.func @state_beyond_l2_big_dv(%q: tensor<32x16x4096x1024xf32>, %ld: tensor<16xf32>)
    -> tensor<32x16x4096x1024xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x1024xf32>
  return %o : tensor<32x16x4096x1024xf32>
}

// -----

// Several ops in one function each get their own decision (T = 1, short T,
// dynamic T).
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
