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
// On the CPU (per (batch, head) item, the same for any core count from 1 to
// 512, so for the host's too) the short shape B=2, H=8, T=16, Dk=Dv=64 is
// parallel without states (1.3 us against chunkwise(C=16) 4.9 us) and with
// one state (3.7 us: each state term adds 2 T Dk Dv FLOPs at the parallel
// form's efficiency), and chunkwise with both (6.2 us against 4.9). At T = 64
// parallel wins by less without states (15.7 us against 19.6) and a single
// state already makes it chunkwise (23.6 us against 19.6).
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
// CPU:                schedule = #retention.schedule<parallel>
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
// CPU:                schedule = #retention.schedule<parallel>
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
// CPU:          schedule = #retention.schedule<chunkwise, chunk_size = 16>
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
// CPU:          schedule = #retention.schedule<parallel>
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
// CPU:          schedule = #retention.schedule<chunkwise, chunk_size = 16>
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
// CPU:          schedule = #retention.schedule<chunkwise, chunk_size = 16>
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
