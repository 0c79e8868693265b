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
// The rules (CostModel.cpp): T = 1 is recurrent, before any estimate; a
// dynamic T gets the faster of the two forms linear in T, chunkwise with the
// target's default chunk (C = 64) and recurrent, estimated at T = 2048
// (kRepresentativeSeqLen); otherwise the cheapest estimate wins.
// The calibration (bench/results/cost_model_calibration.json and cpu.json)
// fits the contraction forms at d/(d+32), d = min(Dk, Dv), of peak on the
// FLOPs they execute (C >= 64 and the parallel diagonal tiles skip the
// register tiles above the diagonal; the parallel form at 0.7 of that), and
// the fused recurrent step at 1.3 of peak while the Dk x Dv state fits in L1
// (32 KiB), 0.86 * Dv/(Dv+25) in L2, half that beyond. Chunk sizes measure
// within 20% of each other and non-monotonically, so the fit has no
// chunk-size term: the smallest chunk, 16, executes the fewest FLOPs. Measured on one core (B=1 H=8): short T is parallel
// (T = 32, D = 128: 62 us, other forms 145+), and with D = 64 the fused
// recurrent step (16 KiB state in L1) beats every chunk size at long T
// (T = 2048: 1.78 ms against 4.54 ms for C = 64); with D = 128 recurrent and
// chunkwise are close (T = 2048: 11.1 against 12.7 ms), with 256 x 432
// heads chunkwise wins.

// T = 1 is always recurrent (decode).
// CHECK-LABEL: func.func @t1_decode
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
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
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
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

// Short sequences are parallel: at small T the quadratic form is one tile
// (estimates for the op on one core: parallel 22 us, recurrent 33,
// chunkwise 68).
// CHECK-LABEL: func.func @t16
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// Still parallel at T = 32 for Dk = Dv = 64 (63 us against recurrent 65;
// measured 46 against 43: within 10%)...
// CHECK-LABEL: func.func @t32
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
func.func @t32(%q: tensor<2x8x32x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x32x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>, tensor<2x8x32x64xf32>,
         tensor<8xf32>) -> tensor<2x8x32x64xf32>
  return %o : tensor<2x8x32x64xf32>
}

// -----

// ...and T <= 128 at Dk = Dv = 128 (estimates: parallel 1185 us, recurrent
// 1635, chunkwise(C=16) 1638; measured 410 / 596 / 560).
// CHECK-LABEL: func.func @t128
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
func.func @t128(%q: tensor<2x8x128x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x128x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>, tensor<2x8x128x128xf32>,
         tensor<8xf32>) -> tensor<2x8x128x128xf32>
  return %o : tensor<2x8x128x128xf32>
}

// -----

// Long static D = 64 sequences are recurrent: the 16 KiB state stays in L1
// and each token is one fused pass over it (estimates: recurrent 16.7 ms,
// chunkwise(C=16) 35.0, parallel 321).
// CHECK-LABEL: func.func @t1024
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
func.func @t1024(%q: tensor<8x16x1024x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x1024x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>, tensor<8x16x1024x64xf32>,
         tensor<16xf32>) -> tensor<8x16x1024x64xf32>
  return %o : tensor<8x16x1024x64xf32>
}

// -----

// CHECK-LABEL: func.func @t4096
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// Long D = 128 sequences: chunkwise(C = 64) is 4% cheaper than recurrent in
// the model (13.5 against 14.0 ms), and measured 10% faster (4.7 against
// 5.3 ms at B = 1, 2 threads): chunkwise.
// CHECK-LABEL: func.func @t2048_d128
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @t2048_d128(%q: tensor<2x8x2048x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x2048x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x2048x128xf32>, tensor<2x8x2048x128xf32>, tensor<2x8x2048x128xf32>,
         tensor<8xf32>) -> tensor<2x8x2048x128xf32>
  return %o : tensor<2x8x2048x128xf32>
}

// -----

// A small Dk (16) with Dv = 64: the contraction forms vectorize over
// min(Dk, Dv) = 16 while the recurrent step vectorizes over Dv with its
// 4 KiB state in L1: recurrent wins at long T (3.1 ms against 11.4).
// CHECK-LABEL: func.func @small_dk_t4096
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
func.func @small_dk_t4096(%q: tensor<2x8x4096x16xf32>, %v: tensor<2x8x4096x64xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x4096x16xf32>, tensor<2x8x4096x16xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
}

// -----

// A dynamic T gets the faster linear form at T = 2048: with D = 64 the
// recurrent step's 16 KiB state stays in L1, as for the static @t1024 and
// @t4096 (estimates at B = 2, H = 8 on 2 cores: recurrent 1966 us, chunkwise
// (C=64) 5064): recurrent. The parallel form is never considered, whatever T
// turns out to be (it is quadratic in T).
// CHECK-LABEL: func.func @dynamic_t
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// A dynamic batch too, and 16-bit operands with tiny heads (Dk = Dv = 16:
// the contractions vectorize over 16 only): recurrent (54 us against
// chunkwise 173 on 2 cores).
// CHECK-LABEL: func.func @dynamic_b_and_t_bf16
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
func.func @dynamic_b_and_t_bf16(%q: tensor<?x2x?x16xbf16>, %ld: tensor<2xf32>)
    -> tensor<?x2x?x16xbf16> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>,
         tensor<2xf32>) -> tensor<?x2x?x16xbf16>
  return %o : tensor<?x2x?x16xbf16>
}

// -----

// With D = 128 a dynamic T is chunkwise with the default C = 64, the static
// @t2048_d128 decision (estimates: chunkwise 13.5 ms, recurrent 14.0).
// CHECK-LABEL: func.func @dynamic_t_d128
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @dynamic_t_d128(%q: tensor<2x8x?x128xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x128xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x128xf32>, tensor<2x8x?x128xf32>, tensor<2x8x?x128xf32>,
         tensor<8xf32>) -> tensor<2x8x?x128xf32>
  return %o : tensor<2x8x?x128xf32>
}

// -----

// Big heads (Dk = 256, Dv = 432: a 432 KiB state, beyond L1) with a dynamic
// T: chunkwise with C = 64 (estimates at T = 2048: chunkwise 69.7 ms,
// recurrent 82.2; cf. @big_heads_t4096).
// CHECK-LABEL: func.func @dynamic_t_big_heads
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @dynamic_t_big_heads(%q: tensor<2x8x?x256xf32>, %v: tensor<2x8x?x432xf32>,
                               %ld: tensor<8xf32>) -> tensor<2x8x?x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x?x256xf32>, tensor<2x8x?x256xf32>, tensor<2x8x?x432xf32>,
         tensor<8xf32>) -> tensor<2x8x?x432xf32>
  return %o : tensor<2x8x?x432xf32>
}

// -----

// Big head dimensions (Dk = 256, Dv = 432): parallel at moderate T...
// CHECK-LABEL: func.func @big_heads_t256
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
func.func @big_heads_t256(%q: tensor<2x8x256x256xf32>, %v: tensor<2x8x256x432xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x256x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x256x256xf32>, tensor<2x8x256x256xf32>, tensor<2x8x256x432xf32>,
         tensor<8xf32>) -> tensor<2x8x256x432xf32>
  return %o : tensor<2x8x256x432xf32>
}

// -----

// ...and chunkwise at long T with C = 64: the 256 x 432 state (432 KiB)
// fits in L2 but not L1, and recurrent (1.32 s) is slower than
// chunkwise(C=64) (1.12 s); measured at B = 1, T = 4096 on 2 threads: C = 64
// 51 ms, C = 16 52 ms, recurrent 72 ms.
// CHECK-LABEL: func.func @big_heads_t4096
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @big_heads_t4096(%q: tensor<8x16x4096x256xf32>, %v: tensor<8x16x4096x432xf32>,
                           %ld: tensor<16xf32>) -> tensor<8x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<8x16x4096x256xf32>, tensor<8x16x4096x256xf32>, tensor<8x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<8x16x4096x432xf32>
  return %o : tensor<8x16x4096x432xf32>
}

// -----

// A state beyond L2 (Dk x Dv = 1024 x 432 f32, 1.7 MiB) halves the recurrent
// kernel's efficiency: chunkwise wins by far at long T (recurrent is 2.6x
// slower), with C = 64.
// CHECK-LABEL: func.func @state_beyond_l2_t4096
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @state_beyond_l2_t4096(%q: tensor<32x16x4096x1024xf32>, %v: tensor<32x16x4096x432xf32>,
                                 %ld: tensor<16xf32>) -> tensor<32x16x4096x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x432xf32>
  return %o : tensor<32x16x4096x432xf32>
}

// -----

// The same with Dv = 1024 (a 4 MiB state): chunkwise, C = 128 (36 s against
// recurrent 96 s for the whole op on 2 cores).
// CHECK-LABEL: func.func @state_beyond_l2_big_dv
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 128>}
func.func @state_beyond_l2_big_dv(%q: tensor<32x16x4096x1024xf32>, %ld: tensor<16xf32>)
    -> tensor<32x16x4096x1024xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x1024xf32>
  return %o : tensor<32x16x4096x1024xf32>
}

// -----

// Several ops in one function each get their own decision (T = 1, short T,
// dynamic T with D = 64: recurrent, dynamic T with big heads: chunkwise).
// CHECK-LABEL: func.func @several_ops
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @several_ops(%a: tensor<1x2x1x64xf32>, %b: tensor<2x8x16x64xf32>,
                       %c: tensor<1x2x?x64xf32>, %d: tensor<1x2x?x256xf32>,
                       %e: tensor<1x2x?x432xf32>, %ld2: tensor<2xf32>, %ld8: tensor<8xf32>)
    -> (tensor<1x2x1x64xf32>, tensor<2x8x16x64xf32>, tensor<1x2x?x64xf32>,
        tensor<1x2x?x432xf32>) {
  %0 = retention.retention %a, %a, %a, %ld2
      : (tensor<1x2x1x64xf32>, tensor<1x2x1x64xf32>, tensor<1x2x1x64xf32>,
         tensor<2xf32>) -> tensor<1x2x1x64xf32>
  %1 = retention.retention %b, %b, %b, %ld8
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  %2 = retention.retention %c, %c, %c, %ld2
      : (tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>,
         tensor<2xf32>) -> tensor<1x2x?x64xf32>
  %3 = retention.retention %d, %d, %e, %ld2
      : (tensor<1x2x?x256xf32>, tensor<1x2x?x256xf32>, tensor<1x2x?x432xf32>,
         tensor<2xf32>) -> tensor<1x2x?x432xf32>
  return %0, %1, %2, %3 : tensor<1x2x1x64xf32>, tensor<2x8x16x64xf32>,
                          tensor<1x2x?x64xf32>, tensor<1x2x?x432xf32>
}
