// RUN: retnet-opt %s -split-input-file -verify-diagnostics

// One case per message of RetentionOp::verify, in the order it checks them.

func.func @q_rank(%q: tensor<2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                  %v: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op q must have rank 4 ([B, H, T, Dk]), got rank 3}}
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @k_rank(%q: tensor<1x2x8x16xf32>, %k: tensor<1x1x2x8x16xf32>,
                  %v: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op k must have rank 4 ([B, H, T, Dk]), got rank 5}}
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @v_rank(%q: tensor<1x2x8x16xf32>, %v: tensor<8x16xf32>,
                  %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op v must have rank 4 ([B, H, T, Dv]), got rank 2}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @k_shape(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x32xf32>,
                   %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op k must have the same shape as q, got [1, 2, 8, 32] and [1, 2, 8, 16]}}
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @k_shape_t(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %k2: tensor<1x2x9x16xf32>, %ld: tensor<2xf32>) {
  // A dynamic T in q is compatible with a static one in k...
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x?x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  // ...but two different static ones are not.
  // expected-error @+1 {{'retention.retention' op k must have the same shape as q, got [1, 2, 9, 16] and [1, 2, 8, 16]}}
  %o2 = retention.retention %k, %k2, %k, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x9x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @k_element_type(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf16>,
                          %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op q, k and v must have the same element type, got 'f32', 'f16' and 'f32'}}
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @v_element_type(%q: tensor<1x2x8x16xf16>, %v: tensor<1x2x8x16xbf16>,
                          %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op q, k and v must have the same element type, got 'f16', 'f16' and 'bf16'}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xbf16>,
         tensor<2xf32>) -> tensor<1x2x8x16xf16>
  return
}

// -----

func.func @v_batch(%q: tensor<1x2x8x16xf32>, %v: tensor<3x2x8x16xf32>,
                   %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op v must match q in B, H and T, got [3, 2, 8, 16] and [1, 2, 8, 16]}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<3x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @v_heads(%q: tensor<1x2x8x16xf32>, %v: tensor<1x4x8x16xf32>,
                   %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op v must match q in B, H and T, got [1, 4, 8, 16] and [1, 2, 8, 16]}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x4x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @v_seq(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x7x32xf32>,
                 %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op v must match q in B, H and T, got [1, 2, 7, 32] and [1, 2, 8, 16]}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x7x32xf32>,
         tensor<2xf32>) -> tensor<1x2x8x32xf32>
  return
}

// -----

func.func @dynamic_heads(%q: tensor<1x?x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the number of heads H must be static}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x?x8x16xf32>, tensor<1x?x8x16xf32>, tensor<1x?x8x16xf32>,
         tensor<2xf32>) -> tensor<1x?x8x16xf32>
  return
}

// -----

func.func @dynamic_heads_in_k(%q: tensor<1x2x8x16xf32>, %k: tensor<1x?x8x16xf32>,
                              %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the number of heads H must be static}}
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x?x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_key_dim(%q: tensor<1x2x8x?xf32>, %v: tensor<1x2x8x16xf32>,
                           %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the key head dimension Dk must be static}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x?xf32>, tensor<1x2x8x?xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_key_dim_in_k(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x?xf32>,
                                %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the key head dimension Dk must be static}}
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x?xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_value_dim(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x?xf32>,
                             %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op the value head dimension Dv must be static}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x?xf32>,
         tensor<2xf32>) -> tensor<1x2x8x?xf32>
  return
}

// -----

func.func @zero_seq(%q: tensor<1x2x0x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op dimensions must be non-zero, got q of shape [1, 2, 0, 16]}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x0x16xf32>, tensor<1x2x0x16xf32>, tensor<1x2x0x16xf32>,
         tensor<2xf32>) -> tensor<1x2x0x16xf32>
  return
}

// -----

func.func @zero_batch(%q: tensor<0x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op dimensions must be non-zero, got q of shape [0, 2, 8, 16]}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<0x2x8x16xf32>, tensor<0x2x8x16xf32>, tensor<0x2x8x16xf32>,
         tensor<2xf32>) -> tensor<0x2x8x16xf32>
  return
}

// -----

func.func @zero_value_dim(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x0xf32>,
                          %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op dimensions must be non-zero, got v of shape [1, 2, 8, 0]}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x0xf32>,
         tensor<2xf32>) -> tensor<1x2x8x0xf32>
  return
}

// -----

func.func @log_decay_size(%q: tensor<1x2x8x16xf32>, %ld: tensor<3xf32>) {
  // expected-error @+1 {{'retention.retention' op log_decay must have shape [H] = [2] (one log-decay per head), got [3]}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<3xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @log_decay_rank(%q: tensor<1x2x8x16xf32>, %ld: tensor<1x2xf32>) {
  // expected-error @+1 {{'retention.retention' op log_decay must have shape [H] = [2] (one log-decay per head), got [1, 2]}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<1x2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @log_decay_dynamic(%q: tensor<1x2x8x16xf32>, %ld: tensor<?xf32>) {
  // expected-error @+1 {{'retention.retention' op log_decay must have shape [H] = [2] (one log-decay per head), got [?]}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<?xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_inf(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op scale must be finite, got INF}}
  %o = retention.retention %q, %q, %q, %ld {scale = 0x7F800000 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_minus_inf(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op scale must be finite, got -INF}}
  %o = retention.retention %q, %q, %q, %ld {scale = 0xFF800000 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_nan(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op scale must be finite, got nan}}
  %o = retention.retention %q, %q, %q, %ld {scale = 0x7FC00000 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @normalization_with_init(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                   %s0: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op decay_normalization with an initial_state requires an offset operand: the normalization depends on the absolute position of the first token}}
  %o = retention.retention %q, %q, %q, %ld init(%s0) {decay_normalization}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @offset_without_normalization(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                        %s0: tensor<1x2x16x16xf32>, %p: i64) {
  // expected-error @+1 {{'retention.retention' op offset requires decay_normalization (it is the absolute position the normalization counts from)}}
  %o = retention.retention %q, %q, %q, %ld init(%s0) offset(%p)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>, i64) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @init_shape(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x32xf32>,
                      %ld: tensor<2xf32>, %s0: tensor<1x2x32x16xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have shape [B, H, Dk, Dv] = [1, 2, 16, 32], got [1, 2, 32, 16]}}
  %o = retention.retention %q, %q, %v, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32>,
         tensor<2xf32>, tensor<1x2x32x16xf32>) -> tensor<1x2x8x32xf32>
  return
}

// -----

func.func @init_rank(%q: tensor<?x2x8x16xf32>, %ld: tensor<2xf32>,
                     %s0: tensor<2x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op initial_state must have shape [B, H, Dk, Dv] = [?, 2, 16, 16], got [2, 16, 16]}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>,
         tensor<2xf32>, tensor<2x16x16xf32>) -> tensor<?x2x8x16xf32>
  return
}

// -----

func.func @init_element_type(%q: tensor<1x2x8x16xf16>, %ld: tensor<2xf32>,
                             %s0: tensor<1x2x16x16xbf16>) {
  // expected-error @+1 {{'retention.retention' op initial_state element type must be f32 or the input element type 'f16', got 'bf16'}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>,
         tensor<2xf32>, tensor<1x2x16x16xbf16>) -> tensor<1x2x8x16xf16>
  return
}

// -----

func.func @init_f16_with_f32_inputs(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>,
                                    %s0: tensor<1x2x16x16xf16>) {
  // expected-error @+1 {{'retention.retention' op initial_state element type must be f32 or the input element type 'f32', got 'f16'}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf16>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @out_shape(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x32xf32>,
                     %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'out' must have shape [B, H, T, Dv] = [1, 2, 8, 32] and element type 'f32', got 'tensor<1x2x8x16xf32>'}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

// The result must repeat q's B and T exactly, dynamic or not.
func.func @out_dynamic_seq(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'out' must have shape [B, H, T, Dv] = [1, 2, 8, 16] and element type 'f32', got 'tensor<1x2x?x16xf32>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return
}

// -----

func.func @out_element_type(%q: tensor<1x2x8x16xf16>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'out' must have shape [B, H, T, Dv] = [1, 2, 8, 16] and element type 'f16', got 'tensor<1x2x8x16xf32>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @final_state_shape(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have shape [B, H, Dk, Dv] = [1, 2, 16, 16], got [1, 2, 8, 16]}}
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>)
  return
}

// -----

func.func @final_state_element_type(%q: tensor<1x2x8x16xbf16>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result 'final_state' element type must be f32 or the input element type 'bf16', got 'f16'}}
  %o, %s = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xbf16>, tensor<1x2x8x16xbf16>, tensor<1x2x8x16xbf16>,
         tensor<2xf32>) -> (tensor<1x2x8x16xbf16>, tensor<1x2x16x16xf16>)
  return
}

// -----

func.func @final_state_differs_from_init(%q: tensor<1x2x8x16xf16>, %ld: tensor<2xf32>,
                                         %s0: tensor<1x2x16x16xf32>) {
  // Each state type is valid on its own (f32, or the inputs' f16), but the
  // final state must have the initial state's type.
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have the type of initial_state 'tensor<1x2x16x16xf32>', got 'tensor<1x2x16x16xf16>'}}
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x8x16xf16>, tensor<1x2x16x16xf16>)
  return
}

// -----

func.func @final_state_differs_from_init_shape(%q: tensor<?x2x8x16xf32>, %ld: tensor<2xf32>,
                                               %s0: tensor<?x2x16x16xf32>) {
  // A static batch in the final state is compatible with q, but it is not
  // the initial state's type.
  // expected-error @+1 {{'retention.retention' op result 'final_state' must have the type of initial_state 'tensor<?x2x16x16xf32>', got 'tensor<3x2x16x16xf32>'}}
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>,
         tensor<2xf32>, tensor<?x2x16x16xf32>)
      -> (tensor<?x2x8x16xf32>, tensor<3x2x16x16xf32>)
  return
}

// -----

// Every pair of static extents must agree, not only each against q: with q's
// B or T dynamic, k and v (or a state) could disagree with each other.
func.func @k_and_v_disagree_in_batch(%q: tensor<?x2x8x16xf32>, %k: tensor<2x2x8x16xf32>,
                                     %v: tensor<3x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op k and v must agree in B, got 2 and 3}}
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<?x2x8x16xf32>, tensor<2x2x8x16xf32>, tensor<3x2x8x16xf32>,
         tensor<2xf32>) -> tensor<?x2x8x16xf32>
  return
}

// -----

func.func @k_and_v_disagree_in_length(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x16x16xf32>,
                                      %v: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op k and v must agree in T, got 16 and 8}}
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<1x2x?x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return
}

// -----

func.func @k_and_state_disagree_in_batch(%q: tensor<?x2x8x16xf32>, %k: tensor<2x2x8x16xf32>,
                                         %ld: tensor<2xf32>, %s0: tensor<3x2x16x16xf32>) {
  // expected-error @+1 {{'retention.retention' op k and initial_state must agree in B, got 2 and 3}}
  %o = retention.retention %q, %k, %q, %ld init(%s0)
      : (tensor<?x2x8x16xf32>, tensor<2x2x8x16xf32>, tensor<?x2x8x16xf32>,
         tensor<2xf32>, tensor<3x2x16x16xf32>) -> tensor<?x2x8x16xf32>
  return
}

// -----

func.func @v_and_final_state_disagree_in_batch(%q: tensor<?x2x8x16xf32>, %v: tensor<2x2x8x16xf32>,
                                               %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op v and result 'final_state' must agree in B, got 2 and 4}}
  %o, %s = retention.retention %q, %q, %v, %ld
      : (tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<2x2x8x16xf32>,
         tensor<2xf32>) -> (tensor<?x2x8x16xf32>, tensor<4x2x16x16xf32>)
  return
}

// -----

// A static extent against a dynamic one is valid: it is checked at run time
// (retention-insert-shape-checks).
func.func @static_against_dynamic(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>,
                                  %ld: tensor<2xf32>, %s0: tensor<?x2x8x8xf32>) -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %k, %q, %ld init(%s0)
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>, tensor<?x2x8x8xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}
