// RUN: retnet-opt %s -retention-select-schedule=emit-remarks -o /dev/null 2>&1 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks target=cuda' -o /dev/null 2>&1 | FileCheck %s --check-prefix=CUDA
// RUN: retnet-opt %s -retention-select-schedule='emit-remarks schedule=recurrent' -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORCED
// RUN: retnet-opt %s -retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --allow-empty --check-prefix=QUIET

// The remarks of retention-select-schedule on stderr, at the op's location.
// Without emit-remarks the pass is silent.
// QUIET-NOT: {{.}}

// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+22]]:8: remark: schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)
// CHECK:      note: see current operation: %{{.*}} = retention.retention {{.*}}schedule = #retention.schedule<recurrent>
// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+27]]:8: remark: schedule #retention.schedule<parallel>: estimates (us): parallel {{[0-9.e+]+}}, chunkwise(C=16) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+33]]:8: remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: estimates (us): parallel {{[0-9.e+]+}}, chunkwise(C=64) {{[0-9.e+]+}}, recurrent {{[0-9.e+]+$}}
// CHECK:  retention-select-schedule-remarks-stderr.mlir:[[@LINE+39]]:8: remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: dynamic T: chunkwise is linear in T whatever T turns out
// CHECK-NOT: : remark:

// The CUDA target's facts are fixed, so are its estimates.
// CUDA:   remark: schedule #retention.schedule<recurrent>: T = 1: a single recurrent step (decode)
// CUDA:   remark: schedule #retention.schedule<parallel>: estimates (us): parallel 8.63735, chunkwise(C=16) 10.0173, recurrent 137.165
// CUDA:   remark: schedule #retention.schedule<chunkwise, chunk_size = 128>: estimates (us): parallel 1626.53, chunkwise(C=128) 462.859, recurrent 18218.1
// CUDA:   remark: schedule #retention.schedule<chunkwise, chunk_size = 64>: dynamic T: chunkwise is linear in T whatever T turns out
// CUDA-NOT: : remark:

// A forced schedule says so, followed by the cost model's own reasoning.
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): T = 1: a single recurrent step (decode)
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): estimates (us): parallel
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): estimates (us): parallel
// FORCED: remark: schedule #retention.schedule<recurrent> (forced by option): dynamic T: chunkwise is linear in T whatever T turns out
// FORCED-NOT: : remark:

func.func @t1(%q: tensor<1x4x1x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x1x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  return %o : tensor<1x4x1x64xf32>
}

func.func @t16(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

func.func @t4096(%q: tensor<4x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<4x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  return %o : tensor<4x8x4096x64xf32>
}

func.func @dynamic_t(%q: tensor<2x8x?x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x?x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  return %o : tensor<2x8x?x64xf32>
}

// A pinned op gets no remark.
func.func @pinned(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}
