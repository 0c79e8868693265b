// RUN: retnet-opt %s -split-input-file -verify-diagnostics -retention-select-schedule=emit-remarks
// RUN: retnet-opt %s -split-input-file -verify-diagnostics -retention-select-schedule='emit-remarks target=cpu:2'
// RUN: retnet-opt %s -split-input-file -verify-diagnostics -retention-select-schedule='emit-remarks target=cpu:512'

// With emit-remarks every decision is reported at its op with the reason;
// the exact text on stderr is in retention-select-schedule-remarks-stderr.mlir.

func.func @t1(%q: tensor<1x4x1x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x1x64xf32> {
  // expected-remark @+1 {{schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// -----

// Dynamic T: the faster of the linear forms (chunkwise at the default
// C = 64, recurrent) estimated at T = 2048, whatever the core count. With
// D = 64 the recurrent step's state stays in L1: recurrent.
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  // expected-remark-re @+1 {{schedule #retention.schedule<recurrent>: dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+}}}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// -----

// With big heads (256 x 432: a state beyond L1) chunkwise is the faster.
func.func @dynamic_t_big_heads(%q: tensor<2x8x?x256xf32>, %v: tensor<2x8x?x432xf32>,
                               %ld: tensor<8xf32>) -> tensor<2x8x?x432xf32> {
  // expected-remark-re @+1 {{schedule #retention.schedule<chunkwise, chunk_size = 64>: dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+}}}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x?x256xf32>, tensor<2x8x?x256xf32>, tensor<2x8x?x432xf32>,
         tensor<8xf32>) -> tensor<2x8x?x432xf32>
  return %o : tensor<2x8x?x432xf32>
}

// -----

// Static T > 1: the cost model's estimates of the three forms (their values
// scale with the core count, the decisions do not). Short T: parallel.
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  // expected-remark @+1 {{schedule #retention.schedule<parallel>: estimates (us): parallel}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// Long T at D = 64: recurrent (the fused step with its state in L1, measured
// fastest on this CPU).
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  // expected-remark @+1 {{schedule #retention.schedule<recurrent>: estimates (us): parallel}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// -----

// Long T with a small Dk (16): recurrent (the contractions vectorize over
// min(Dk, Dv) = 16 only).
func.func @small_dk_t4096(%q: tensor<2x8x4096x16xf32>, %v: tensor<2x8x4096x64xf32>,
                          %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  // expected-remark @+1 {{schedule #retention.schedule<recurrent>: estimates (us): parallel}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x4096x16xf32>, tensor<2x8x4096x16xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
}

// -----

// Long T with a state beyond L2: chunkwise, with the cost model's chunk size.
func.func @state_beyond_l2_t4096(%q: tensor<32x16x4096x1024xf32>, %v: tensor<32x16x4096x432xf32>,
                                 %ld: tensor<16xf32>) -> tensor<32x16x4096x432xf32> {
  // expected-remark @+1 {{schedule #retention.schedule<chunkwise, chunk_size = 64>: estimates (us): parallel}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<32x16x4096x1024xf32>, tensor<32x16x4096x1024xf32>, tensor<32x16x4096x432xf32>,
         tensor<16xf32>) -> tensor<32x16x4096x432xf32>
  return %o : tensor<32x16x4096x432xf32>
}

// -----

// A pinned schedule is not a decision: no remark (-verify-diagnostics fails
// on any remark not expected).
func.func @pinned(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}
