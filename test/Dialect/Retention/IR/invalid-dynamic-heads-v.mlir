// RUN: retnet-opt %s -split-input-file -verify-diagnostics

// H, Dk and Dv must be static in every operand and result, not only in q and
// k (the lowering builds its loops and shared outputs from them): a dynamic H
// in v is rejected like one in q or k (test/Dialect/Retention/IR/invalid.mlir),
// and the states must have static H, Dk and Dv (only their B may be
// dynamic, see ops-shapes.mlir).

func.func @v_dynamic_heads(%q: tensor<1x2x8x16xf32>, %v: tensor<1x?x8x16xf32>,
                           %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the number of heads H must be static}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x?x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

// Also when B and T are dynamic too.
func.func @v_dynamic_heads_all_dynamic(%q: tensor<?x2x?x16xf32>, %v: tensor<?x?x?x32xf32>,
                                       %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the number of heads H must be static}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x?x?x32xf32>,
         tensor<2xf32>) -> tensor<?x2x?x32xf32>
  return
}

// -----

func.func @initial_state_dynamic_heads(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                       %s0: tensor<1x?x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have static H, Dk and Dv, got [1, ?, 16, 16]}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x?x16x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @initial_state_dynamic_key_dim(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                         %s0: tensor<1x2x?x16xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have static H, Dk and Dv, got [1, 2, ?, 16]}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x?x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @initial_state_dynamic_value_dim(%q: tensor<?x2x8x16xf32>, %ld: tensor<2xf32>,
                                           %s0: tensor<?x2x16x?xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have static H, Dk and Dv, got [?, 2, 16, ?]}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>,
         tensor<2xf32>, tensor<?x2x16x?xf32>) -> tensor<?x2x8x16xf32>
  return
}

// -----

func.func @final_state_dynamic_heads(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have static H, Dk and Dv, got [1, ?, 16, 16]}}
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x?x16x16xf32>)
  return
}

// -----

func.func @final_state_all_dynamic(%q: tensor<?x2x?x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have static H, Dk and Dv, got [?, ?, ?, ?]}}
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>,
         tensor<2xf32>) -> (tensor<?x2x?x16xf32>, tensor<?x?x?x?xf32>)
  return
}

// -----

// With both states, the initial one is checked first.
func.func @both_states_dynamic_heads(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                     %s0: tensor<1x?x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have static H, Dk and Dv, got [1, ?, 16, 16]}}
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x?x16x16xf32>)
      -> (tensor<1x2x8x16xf32>, tensor<1x?x16x16xf32>)
  return
}

// -----

// A dynamic H in the final state only (the initial state static) is caught
// on the result.
func.func @final_state_only_dynamic_heads(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                          %s0: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have static H, Dk and Dv, got [1, ?, 16, 16]}}
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x8x16xf32>, tensor<1x?x16x16xf32>)
  return
}
