// RUN: retnet-opt %s -split-input-file -retention-select-schedule | FileCheck %s
// RUN: retnet-opt %s -split-input-file -retention-select-schedule=target=cuda | FileCheck %s

// The states enter the estimates: the parallel form pays for q S0 and for
// the final state on top of its T^2 work, the chunkwise form carries a state
// anyway. The same shape (B=2, H=8, T=16, Dk=Dv=64) goes parallel without
// states and chunkwise (one chunk of 16) with both.

// CHECK-LABEL: func.func @no_state
// CHECK:         schedule = #retention.schedule<parallel>
func.func @no_state(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// CHECK-LABEL: func.func @final_state_only
// CHECK:         schedule = #retention.schedule<parallel>
func.func @final_state_only(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>
}

// -----

// CHECK-LABEL: func.func @initial_state_only
// CHECK:         schedule = #retention.schedule<parallel>
func.func @initial_state_only(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>,
                              %s0: tensor<2x8x64x64xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>, tensor<2x8x64x64xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// CHECK-LABEL: func.func @both_states
// CHECK:         schedule = #retention.schedule<chunkwise, chunk_size = 16>
func.func @both_states(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>,
                       %s0: tensor<2x8x64x64xf32>)
    -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>, tensor<2x8x64x64xf32>)
      -> (tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>)
  return %o, %s : tensor<2x8x16x64xf32>, tensor<2x8x64x64xf32>
}
