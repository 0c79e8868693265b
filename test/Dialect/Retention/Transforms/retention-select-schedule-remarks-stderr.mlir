// RUN: retnet-opt %s -retention-select-schedule=emit-remarks -o /dev/null 2>&1 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks target=cpu:2' -o /dev/null 2>&1 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks target=cpu:2' -o /dev/null 2>&1 | FileCheck %s --check-prefix=CPU2
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks target=cuda' -o /dev/null 2>&1 | FileCheck %s --check-prefix=CUDA
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks schedule=recurrent' -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORCED
// RUN: retnet-opt %s -retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --allow-empty --check-prefix=QUIET

// The remarks of retention-select-schedule on stderr, at the op's location.
// Without emit-remarks the pass is silent.
// QUIET-NOT: {{.}}

// On the CPU the estimates scale with the core count (the host's by default;
// CPU2 checks their values with cpu:2: per (batch, head) item / min(2, B*H)),
// the decisions do not: T = 1 is recurrent, short T parallel, long T at
// D = 64 recurrent (the fused step with its 16 KiB state in L1, measured
// fastest on this CPU), and a dynamic T the faster of chunkwise (C = 64) and
// recurrent estimated at T = 2048: recurrent here, for the same reason.
// CPU2:   remark: schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)
// CPU2:   remark: schedule #retention.schedule<parallel>: estimates (us): parallel 10.0062, chunkwise(C=16) 35.6062, recurrent 15.3631{{$}}
// CPU2:   remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 490589, chunkwise(C=16) 18230.4, recurrent 7865.92{{$}}
// CPU2:   remark: schedule #retention.schedule<recurrent>: dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) 5063.86, recurrent 1966.48{{$}}
// CPU2-NOT: : remark:

// The CUDA target's facts are fixed, so are its estimates. It models the
// recurrent update as memory-bound (a small fraction of peak, no
// L1-resident state rule), so the same dynamic T gets chunkwise there
// (about 8x faster in the estimates).
// CUDA:   remark: schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)
// CUDA:   remark: schedule #retention.schedule<parallel>: estimates (us): parallel 2.2415, chunkwise(C=16) 5.90236, recurrent 31.4939{{$}}
// CUDA:   remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: estimates (us): parallel 22738.5, chunkwise(C=64) 1057.55, recurrent 8062.43{{$}}
// CUDA:   remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) 528.773, recurrent 4031.22{{$}}
// CUDA-NOT: : remark:

// A forced schedule says so, followed by the cost model's own reasoning.
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): T = 1: a single recurrent step (decode)
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): estimates (us): parallel
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): estimates (us): parallel
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
// FORCED-NOT: : remark:

// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+3]]:8: remark: schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)
// CHECK:      note: see current operation: %{{.*}} = retention.retention {{.*}}schedule = #retention.schedule<recurrent>
func.func @t1(%q: tensor<1x4x1x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x1x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+2]]:8: remark: schedule #retention.schedule<parallel>: estimates (us): parallel {{[0-9.e+]+}}, chunkwise(C=16) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+2]]:8: remark: schedule #retention.schedule<recurrent>: estimates (us): parallel {{[0-9.e+]+}}, chunkwise(C=16) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+2]]:8: remark: schedule #retention.schedule<recurrent>: dynamic T: the faster linear form at T = 2048, estimates (us): chunkwise(C=64) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}
// CHECK-NOT: : remark:

// A pinned op gets no remark.
func.func @pinned(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}
