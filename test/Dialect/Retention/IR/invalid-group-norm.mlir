// RUN: retnet-opt %s -split-input-file -verify-diagnostics

func.func @negative(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op group_norm_eps must be finite and non-negative, got -1.000000e-05}}
  %o = retention.retention %q, %q, %q, %ld {group_norm_eps = -1.0e-5 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @infinite(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op group_norm_eps must be finite and non-negative, got INF}}
  %o = retention.retention %q, %q, %q, %ld {group_norm_eps = 0x7F800000 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @nan(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op group_norm_eps must be finite and non-negative, got nan}}
  %o = retention.retention %q, %q, %q, %ld {group_norm_eps = 0x7FC00000 : f32}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @f64_eps(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op attribute 'group_norm_eps' failed to satisfy constraint: 32-bit float attribute}}
  %o = retention.retention %q, %q, %q, %ld {group_norm_eps = 1.0e-6 : f64}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @unit_eps(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{'retention.retention' op attribute 'group_norm_eps' failed to satisfy constraint: 32-bit float attribute}}
  %o = retention.retention %q, %q, %q, %ld {group_norm_eps}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}
