// RUN: retnet-opt %s -split-input-file -retention-select-schedule | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=host | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:2 | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:1 | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:64 | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:512 | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda | FileCheck %s --check-prefix=CUDA
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_80 | FileCheck %s --check-prefix=CUDA

// The states enter the estimates: the parallel form pays for q S0 and for
// the final state on top of its T^2 work, the chunkwise and recurrent forms
// carry a state anyway.
//
// On the CPU (the same decision for any core count from 1 to 512, so for
// the host's too; estimates for the whole op on 2 cores) the short shape
// B=2, H=8, T=16, Dk=Dv=64 is parallel without states (11.0 us against
// recurrent 16.3) and recurrent with one or both (parallel 30.2 / 49.4: each
// state term adds 2 T Dk Dv FLOPs, while the recurrent step carries its
// 16 KiB state in L1 anyway). At T = 64 it is recurrent with or without
// states (65.4 us against parallel 101.0 / 177.8 / 254.6).
//
// On the GPU the recurrent update is memory-bound (5% of peak, never chosen
// here) and every step costs 1 us: the same shapes stay parallel with one
// state, both at T = 16 and at T = 64, and go chunkwise with both states.

// CPU-LABEL:  func.func @no_state
// CPU:          schedule = #retention.schedule<parallel>
// CUDA-LABEL: func.func @no_state
// CUDA:         schedule = #retention.schedule<parallel>
func.func @no_state(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// CPU-LABEL:        func.func @final_state_only
// CPU:                schedule = #retention.schedule<recurrent>
// CUDA-LABEL:       func.func @final_state_only
// CUDA:               schedule = #retention.schedule<parallel>
func.func @final_state_only(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>
}

// -----

// CPU-LABEL:        func.func @initial_state_only
// CPU:                schedule = #retention.schedule<recurrent>
// CUDA-LABEL:       func.func @initial_state_only
// CUDA:               schedule = #retention.schedule<parallel>
func.func @initial_state_only(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>,
                              %s0: tensor<2x8x64x64xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>, tensor<2x8x64x64xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// CPU-LABEL:  func.func @both_states
// CPU:          schedule = #retention.schedule<recurrent>
// CUDA-LABEL: func.func @both_states
// CUDA:         schedule = #retention.schedule<chunkwise, chunk_size = 16>
func.func @both_states(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>,
                       %s0: tensor<2x8x64x64xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>, tensor<2x8x64x64xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>
}

// -----

// CPU-LABEL:  func.func @no_state_t64
// CPU:          schedule = #retention.schedule<recurrent>
// CUDA-LABEL: func.func @no_state_t64
// CUDA:         schedule = #retention.schedule<parallel>
func.func @no_state_t64(%q: tensor<2x8x64x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x64x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>,
         tensor<8xf32>) -> tensor<2x8x64x64xf32>
  return %o : tensor<2x8x64x64xf32>
}

// -----

// CPU-LABEL:  func.func @final_state_t64
// CPU:          schedule = #retention.schedule<recurrent>
// CUDA-LABEL: func.func @final_state_t64
// CUDA:         schedule = #retention.schedule<parallel>
func.func @final_state_t64(%q: tensor<2x8x64x64xf32>, %ld: tensor<8xf32>)
    -> (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>,
         tensor<8xf32>) -> (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>
}

// -----

// CPU-LABEL:  func.func @both_states_t64
// CPU:          schedule = #retention.schedule<recurrent>
// CUDA-LABEL: func.func @both_states_t64
// CUDA:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
func.func @both_states_t64(%q: tensor<2x8x64x64xf32>, %ld: tensor<8xf32>,
                           %s0: tensor<2x8x64x64xf32>)
    -> (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>,
         tensor<8xf32>, tensor<2x8x64x64xf32>)
      -> (tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x64x64xf32>, tensor<2x8x64x64xf32>
}
