// RUN: retnet-opt %s -retention-select-schedule=target=cpu | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=host | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:1 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:2 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:96 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:512 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_80 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_90 | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_90a | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_100 | FileCheck %s
// RUN: retnet-opt %s -pass-pipeline='builtin.module(retention-select-schedule{target=cpu:8})' | FileCheck %s

// The target names retention-select-schedule accepts: cpu (or host: the
// host CPU with its own core count), cpu:<cores> (the host CPU's figures
// with that many cores), cuda (sm_90) and cuda:sm_<NN>[a]. Both ops get the
// decision every target makes for them (T = 1: recurrent; dynamic T:
// chunkwise with C = 64), so the name is all these RUN lines vary. Rejected
// names are in retention-select-schedule-invalid-options.mlir; what the
// core count changes is in retention-select-schedule-cores.mlir.

// CHECK-LABEL: func.func @any_target
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @any_target(%q: tensor<1x4x1x64xf32>, %p: tensor<1x4x?x64xf32>, %ld: tensor<4xf32>)
    -> (tensor<1x4x1x64xf32>, tensor<1x4x?x64xf32>) {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  %o2 = retention.retention %p, %p, %p, %ld
      : (tensor<1x4x?x64xf32>, tensor<1x4x?x64xf32>, tensor<1x4x?x64xf32>,
         tensor<4xf32>) -> tensor<1x4x?x64xf32>
  return %o, %o2 : tensor<1x4x1x64xf32>, tensor<1x4x?x64xf32>
}
