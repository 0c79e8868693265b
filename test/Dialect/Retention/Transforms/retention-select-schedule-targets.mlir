// RUN: retnet-opt %s -retention-select-schedule=target=cpu | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=host | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:1 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:2 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:96 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=cpu:512 | FileCheck %s --check-prefixes=CHECK,CPU
// RUN: retnet-opt %s -retention-select-schedule=target=cuda | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_80 | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_90 | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_90a | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s -retention-select-schedule=target=cuda:sm_100 | FileCheck %s --check-prefixes=CHECK,CUDA
// RUN: retnet-opt %s -pass-pipeline='builtin.module(retention-select-schedule{target=cpu:8})' | FileCheck %s --check-prefixes=CHECK,CPU

// The target names retention-select-schedule accepts: cpu (or host: the
// host CPU with its own core count), cpu:<cores> (the host CPU's figures
// with that many cores), cuda (sm_90) and cuda:sm_<NN>[a]. The ops of
// @any_target get the decision every target makes for them (T = 1:
// recurrent; a dynamic T with big heads, Dk = 256 x Dv = 432: chunkwise
// with C = 64, faster than recurrent at T = 2048 on the CPU and on CUDA), so
// the name is all these RUN lines vary. Rejected names are in
// retention-select-schedule-invalid-options.mlir; what the core count
// changes is in retention-select-schedule-cores.mlir.

// CHECK-LABEL: func.func @any_target
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @any_target(%q: tensor<1x4x1x64xf32>, %k: tensor<1x4x?x256xf32>,
                      %v: tensor<1x4x?x432xf32>, %ld: tensor<4xf32>)
    -> (tensor<1x4x1x64xf32>, tensor<1x4x?x432xf32>) {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  %o2 = retention.retention %k, %k, %v, %ld
      : (tensor<1x4x?x256xf32>, tensor<1x4x?x256xf32>, tensor<1x4x?x432xf32>,
         tensor<4xf32>) -> tensor<1x4x?x432xf32>
  return %o, %o2 : tensor<1x4x1x64xf32>, tensor<1x4x?x432xf32>
}

// A dynamic T with a small state (64 x 64) is where the target family
// matters: the faster linear form at T = 2048 is recurrent on the CPU (the
// 16 KiB state stays in L1; any core count) and chunkwise on CUDA (its
// recurrent update is modelled as memory-bound), so the name does reach the
// cost model.
// CHECK-LABEL: func.func @target_dependent
// CPU:           retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// CUDA:          retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 64>}
func.func @target_dependent(%p: tensor<1x4x?x64xf32>, %ld: tensor<4xf32>) -> tensor<1x4x?x64xf32> {
  %o = retention.retention %p, %p, %p, %ld
      : (tensor<1x4x?x64xf32>, tensor<1x4x?x64xf32>, tensor<1x4x?x64xf32>,
         tensor<4xf32>) -> tensor<1x4x?x64xf32>
  return %o : tensor<1x4x?x64xf32>
}
