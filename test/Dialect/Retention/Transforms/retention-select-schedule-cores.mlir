// RUN: retnet-opt %s -retention-select-schedule=target=cpu:1 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:2 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:3 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:16 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:64 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:512 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:99999 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:1 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK1
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:2 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK2
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:16 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARKMANY
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:64 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARKMANY
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:512 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARKMANY

// cpu:<N> is the host CPU's figures with N cores (up to 5 digits). The core
// count enters the estimates through the utilization min(1, B*H / N) and the
// items a core runs, max(1, B*H / N); every form parallelizes over the
// (batch, head) items only (the parallel form no longer counts its query
// tiles), so each estimate is the cost of one item divided by min(N, B*H):
// the core count scales the estimates of all three forms alike and never
// changes a decision.
//
// A single (batch, head) item: its estimates are the same for every N (one
// core works, the others are idle and no longer make the item slower).
// Sixteen items: the estimates halve from 1 to 2 cores and stop shrinking
// at 16 cores. Both shapes are recurrent for every N (long D = 64 sequences:
// the 16 KiB state stays in L1, retention-select-schedule.mlir): per item
// recurrent 492 us, chunkwise(C=16) 1139 us, parallel 30662 us.

// CHECK-LABEL: func.func @one_head_t4096
// CHECK:         schedule = #retention.schedule<recurrent>
// CHECK-LABEL: func.func @sixteen_heads_t4096
// CHECK:         schedule = #retention.schedule<recurrent>

// REMARK1:    remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 30661.8, chunkwise(C=16) 1139.4, recurrent 491.62{{$}}
// REMARK1:    remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 490589, chunkwise(C=16) 18230.4, recurrent 7865.92{{$}}
// REMARK2:    remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 30661.8, chunkwise(C=16) 1139.4, recurrent 491.62{{$}}
// REMARK2:    remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 245295, chunkwise(C=16) 9115.18, recurrent 3932.96{{$}}
// REMARKMANY: remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 30661.8, chunkwise(C=16) 1139.4, recurrent 491.62{{$}}
// REMARKMANY: remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 30661.8, chunkwise(C=16) 1139.4, recurrent 491.62{{$}}
func.func @one_head_t4096(%q: tensor<1x1x4096x64xf32>, %ld: tensor<1xf32>) -> tensor<1x1x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x1x4096x64xf32>, tensor<1x1x4096x64xf32>, tensor<1x1x4096x64xf32>,
         tensor<1xf32>) -> tensor<1x1x4096x64xf32>
  return %o : tensor<1x1x4096x64xf32>
}

func.func @sixteen_heads_t4096(%q: tensor<2x8x4096x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x4096x64xf32>, tensor<2x8x4096x64xf32>, tensor<2x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<2x8x4096x64xf32>
  return %o : tensor<2x8x4096x64xf32>
}
