// RUN: retnet-opt %s -retention-select-schedule=target=cpu:1 | FileCheck %s --check-prefix=FEW
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:2 | FileCheck %s --check-prefix=FEW
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:32 | FileCheck %s --check-prefix=FEW
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:64 | FileCheck %s --check-prefix=MANY
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:512 | FileCheck %s --check-prefix=MANY
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:2 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK2
// RUN: retnet-opt %s -retention-select-schedule='target=cpu:64 emit-remarks' -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK64

// cpu:<N> is the host CPU's figures with N cores: the core count enters the
// estimates (utilization), so it can change a decision. With a single
// (batch, head) pair the recurrent and chunkwise forms run on one core
// whatever N is, while the parallel form also spreads its 64 query tiles over
// the cores: a long sequence stays recurrent (the calibrated recurrent kernel
// beats chunkwise on this CPU) up to 32 cores and becomes parallel from 64.
// The shapes of retention-select-schedule.mlir get the same decision for
// any N from 1 to 512.

// FEW-LABEL:  func.func @one_head_t4096
// FEW:          schedule = #retention.schedule<recurrent>
// MANY-LABEL: func.func @one_head_t4096
// MANY:         schedule = #retention.schedule<parallel>

// The recurrent estimate is the same for 2 and 64 cores (one core does the
// work either way); the parallel one shrinks with the core count.
// REMARK2:  remark: schedule #retention.schedule<recurrent>: estimates (us): parallel 29128.4, chunkwise(C=32) 3005.52, recurrent 1552.64
// REMARK64: remark: schedule #retention.schedule<parallel>: estimates (us): parallel 911.502, chunkwise(C=32) 3005.52, recurrent 1552.64
func.func @one_head_t4096(%q: tensor<1x1x4096x64xf32>, %ld: tensor<1xf32>) -> tensor<1x1x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x1x4096x64xf32>, tensor<1x1x4096x64xf32>, tensor<1x1x4096x64xf32>,
         tensor<1xf32>) -> tensor<1x1x4096x64xf32>
  return %o : tensor<1x1x4096x64xf32>
}
