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
// to 512 (checked with target=cpu:N for N = 1, 2, 4, ..., 512); the first RUN
// lines use the host's count, the others pin it. Since the per-unit step fix
// every estimate is (cost of one (batch, head) item) / min(units, B*H), so
// the core count scales the estimates but no longer changes a decision
// (retention-select-schedule-cores.mlir).
//
// The rules (CostModel.cpp): T = 1 is recurrent and a dynamic T chunkwise
// with C = 64, before any estimate; otherwise the cheapest estimate wins.
// The calibration (bench/results/cost_model_calibration.json, register-tiled
// kernels) fits the contraction forms at f * n/(n+6) * d/(d+64), f = 1.6,
// d = min(Dk, Dv), times 0.78 for the parallel form's masking work, and the
// recurrent update at 0.76 * Dv/(Dv+64). On this CPU chunkwise with a small
// chunk is measured fastest for long D = 64 sequences (C = 16: 4.7 ms at
// T = 4096, C = 32..128 5.8-9.6 ms, recurrent 3.0 ms at half that T), and
// parallel for short ones: so short T is parallel, long T chunkwise (C = 16
// at D = 64, C = 32 at D = 128), and recurrent only wins at T > 1 when Dk is
// so small that the contractions hardly vectorize.

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
// FLOPs than chunkwise (2 T C (Dk + Dv) + 4 T Dk Dv) or recurrent (4 T Dk Dv),
// in one 16 x 16 tile (estimates per item: parallel 1.3 us, chunkwise 4.9,
// recurrent 6.2).
// CHECK-LABEL: func.func @t16
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// Still parallel at T = 32 for Dk = Dv = 64 (the crossover to chunkwise is
// between T = 64 and T = 128)...
// CHECK-LABEL: func.func @t32
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t32(%q: tensor<2x8x32x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x32x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>,
         tensor<8xf32>) -> tensor<2x8x32x64xf32>
  return %o : tensor<2x8x32x64xf32>
}

// -----

// ...and T <= 128 at Dk = Dv = 128 (bigger heads make the 4 T Dk Dv state
// terms of chunkwise costlier: parallel 71 us per item, chunkwise(C=32) 100).
// CHECK-LABEL: func.func @t128
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<parallel>}
func.func @t128(%q: tensor<2x8x128x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x128x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>,
         tensor<8xf32>) -> tensor<2x8x128x128xf32>
  return %o : tensor<2x8x128x128xf32>
}

// -----

// Long static D = 64 sequences are chunkwise with C = 16 (measured fastest):
// per item chunkwise(C=16) 313 us, recurrent 398 (0.76 * 64/128 of peak on
// 4 T Dk Dv FLOPs), parallel 2139 (quadratic). C = 16 beats C = 32 (1253 vs
// 1286 us per item at T = 4096): the intra-chunk FLOPs 2 T C (Dk + Dv) grow with C
// faster than the efficiency C/(C+6) does.
// CHECK-LABEL: func.func @t1024
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 16>}
func.func @t1024(%q: tensor<8x16x1024x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x1024x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>,
         tensor<16xf32>) -> tensor<8x16x1024x64xf32>
  return %o : tensor<8x16x1024x64xf32>
}

// -----

// CHECK-LABEL: func.func @t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 16>}
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// Long D = 128 sequences are chunkwise with C = 32 (per item at T = 2048:
// C = 32 1608 us, C = 16 1689, C = 64 1770; recurrent 2305). This is the
// model's pick: the calibration run measured C = 64 7% faster than C = 32
// at this shape, which the fit does not reproduce.
// CHECK-LABEL: func.func @t2048_d128
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 32>}
func.func @t2048_d128(%q: tensor<2x8x2048x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x2048x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x2048x128xf32>, tensor<2x8x2048x128xf32>, tensor<2x8x2048x128xf32>,
         tensor<8xf32>) -> tensor<2x8x2048x128xf32>
  return %o : tensor<2x8x2048x128xf32>
}

// -----

// A small Dk (16) with Dv = 64: the contraction forms vectorize over
// min(Dk, Dv) = 16 (16/80 of the efficiency factor) while the recurrent update
// vectorizes over Dv (64/128): recurrent wins at long T (per item 459 us
// against chunkwise(C=16) 1016).
// CHECK-LABEL: func.func @small_dk_t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
func.func @small_dk_t4096(%q: tensor<2x8x4096x16xf32>, %v: tensor<2x8x4096x64xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x4096x16xf32>, tensor<2x8x4096x16xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
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

// ...and chunkwise at long T with C = 32 (bigger heads, bigger chunks): the
// 256 x 432 state (432 KiB) fits in L2, yet recurrent (23478 us per item)
// is still slower than chunkwise(C=32) (15912 us).
// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 32>}
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}

// -----

// A state beyond L2 (Dk x Dv = 1024 x 432 f32, 1.7 MiB) halves the recurrent
// kernel's efficiency: chunkwise wins by far at long T (recurrent is 3.5x
// slower), with C = 64: with Dk = 1024 the 4 T Dk Dv state terms dominate,
// so bigger chunks (higher efficiency) pay off.
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

// The same with Dv = 1024 (a 4 MiB state): C = 64 again (per item C = 64
// 114 ms, C = 128 115 ms, C = 32 120 ms).
// CHECK-LABEL: func.func @state_beyond_l2_big_dv
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
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
