// RUN: retnet-opt %s -split-input-file -retention-select-schedule | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=host | FileCheck %s --check-prefix=CPU
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:2 | FileCheck %s --check-prefixes=CPU,CPU-PINNED
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:1 | FileCheck %s --check-prefixes=CPU,CPU-PINNED
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cpu:64 | FileCheck %s --check-prefixes=CPU,CPU-PINNED
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda | FileCheck %s --check-prefix=CUDA
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda:sm_80 | FileCheck %s --check-prefix=CUDA

// The states enter the estimates: the parallel form pays for q S0 and for
// the final state on top of its T^2 work, the chunkwise and recurrent forms
// carry a state anyway.
//
// On the CPU the same shape (B=2, H=8, T=16, Dk=Dv=64) is short enough to go
// parallel without states, and goes recurrent (the calibrated recurrent
// kernel beats chunkwise on this CPU) once a state is read or written. CPU
// checks the decisions that are the same for every core count from 1 to 512
// (so also for the host's); CPU-PINNED those of the pinned counts (1, 2, 64)
// for the single-state ops, which go parallel from 128 cores on.
//
// On the GPU the recurrent update is memory-bound: the short shape stays
// parallel with states, and a longer one (B=8, H=16, T=128) goes from
// parallel to chunkwise with both states.

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
// CPU-PINNED:         schedule = #retention.schedule<recurrent>
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
// CPU-PINNED:         schedule = #retention.schedule<recurrent>
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
// CUDA:         schedule = #retention.schedule<parallel>
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

// CUDA-LABEL: func.func @no_state_t128
// CUDA:         schedule = #retention.schedule<parallel>
func.func @no_state_t128(%q: tensor<8x16x128x64xf32>, %ld: tensor<16xf32>) -> tensor<8x16x128x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<8x16x128x64xf32>, tensor<8x16x128x64xf32>, tensor<8x16x128x64xf32>,
         tensor<16xf32>) -> tensor<8x16x128x64xf32>
  return %o : tensor<8x16x128x64xf32>
}

// -----

// CUDA-LABEL: func.func @both_states_t128
// CUDA:         schedule = #retention.schedule<chunkwise, chunk_size = 64>
func.func @both_states_t128(%q: tensor<8x16x128x64xf32>, %ld: tensor<16xf32>,
                            %s0: tensor<8x16x64x64xf32>)
    -> (tensor<8x16x128x64xf32>, tensor<8x16x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<8x16x128x64xf32>, tensor<8x16x128x64xf32>, tensor<8x16x128x64xf32>,
         tensor<16xf32>, tensor<8x16x64x64xf32>)
      -> (tensor<8x16x128x64xf32>, tensor<8x16x64x64xf32>)
  return %o, %s : tensor<8x16x128x64xf32>, tensor<8x16x64x64xf32>
}
