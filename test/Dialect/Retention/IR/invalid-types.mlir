// RUN: retnet-opt %s -split-input-file -verify-diagnostics

// Type constraints from the ODS definition (checked before the verifier).

func.func @i32_inputs(%q: tensor<1x2x4x8xi32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x2x4x8xi32>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xi32>, tensor<1x2x4x8xi32>, tensor<1x2x4x8xi32>,
         tensor<2xf32>) -> tensor<1x2x4x8xi32>
  return
}

// -----

func.func @f64_inputs(%q: tensor<1x2x4x8xf64>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x2x4x8xf64>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf64>, tensor<1x2x4x8xf64>, tensor<1x2x4x8xf64>,
         tensor<2xf32>) -> tensor<1x2x4x8xf64>
  return
}

// -----

func.func @i32_value(%q: tensor<1x2x4x8xf32>, %v: tensor<1x2x4x8xi32>,
                     %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op operand #2 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x2x4x8xi32>'}}
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xi32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @unranked(%q: tensor<*xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<2xf32>)
      -> tensor<*xf32>
  return
}

// -----

func.func @memref_input(%q: memref<1x2x4x8xf32>, %t: tensor<1x2x4x8xf32>,
                        %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'memref<1x2x4x8xf32>'}}
  %o = retention.retention %q, %t, %t, %ld
      : (memref<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

// log_decay is always f32, whatever q/k/v are.
func.func @f16_log_decay(%q: tensor<1x2x4x8xf16>, %ld: tensor<2xf16>) {
  // expected-error @+1 {{'retention.retention' op operand #3 must be ranked tensor of 32-bit float values, but got 'tensor<2xf16>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>, tensor<1x2x4x8xf16>,
         tensor<2xf16>) -> tensor<1x2x4x8xf16>
  return
}

// -----

func.func @i32_state(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>,
                     %s0: tensor<1x2x8x8xi32>) {
  // expected-error @+1 {{'retention.retention' op operand #4 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x2x8x8xi32>'}}
  %o = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xi32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @i32_result(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x2x4x8xi32>'}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xi32>
  return
}

// -----

func.func @three_results(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op result group starting at #1 requires 0 or 1 element, but found 2}}
  %o:3 = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>)
      -> (tensor<1x2x4x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>)
  return
}

// -----

func.func @two_initial_states(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>,
                              %s0: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'retention.retention' op operand group starting at #4 requires 0 or 1 element, but found 2}}
  %o = "retention.retention"(%q, %q, %q, %ld, %s0, %s0)
      <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 2, 0>}>
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>)
      -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @f64_scale(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %o = retention.retention %q, %q, %q, %ld {scale = 1.0 : f64}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @integer_schedule(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op attribute 'schedule' failed to satisfy constraint: the schedule chosen for a retention op}}
  %o = retention.retention %q, %q, %q, %ld {schedule = 3 : i32}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

func.func @offset_not_i64(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x8x8xf32>,
                          %p: index) {
  // expected-error @+1 {{'retention.retention' op operand #5 must be 64-bit signless integer, but got 'index'}}
  %o = "retention.retention"(%q, %q, %q, %ld, %s0, %p)
      <{decay_normalization, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1>}>
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>, tensor<1x2x8x8xf32>, index) -> tensor<1x2x4x8xf32>
  return
}
