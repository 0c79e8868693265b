// RUN: retnet-opt %s -split-input-file -verify-diagnostics

// Errors of the #retention.lowering_config<...> parser and
// LoweringConfigAttr::verify: each points at the attribute.

// expected-error @+1 {{unknown lowering_config key 'tiles'; expected tile, register_tile, causal_skip_from, serial or tensor_cores}}
func.func private @unknown_key() attributes {c = #retention.lowering_config<tiles = [64, 64]>}

// -----

// expected-error @+1 {{'serial' given twice}}
func.func private @twice() attributes {c = #retention.lowering_config<serial = true, serial = false>}

// -----

// expected-error @+1 {{expected true or false, got 'yes'}}
func.func private @not_a_bool() attributes {c = #retention.lowering_config<tensor_cores = yes>}

// -----

// expected-error @+1 {{lowering_config tile must be positive and at most 4096 per edge, got [0, 64]}}
func.func private @zero_tile() attributes {c = #retention.lowering_config<tile = [0, 64]>}

// -----

// expected-error @+1 {{lowering_config tile must be positive and at most 4096 per edge, got [64, 8192]}}
func.func private @huge_tile() attributes {c = #retention.lowering_config<tile = [64, 8192]>}

// -----

// expected-error @+1 {{lowering_config register_tile must be [0, 0] (plain loops) or positive, at most [16, 128] and 1024 accumulators, got [8, 0]}}
func.func private @half_register_tile() attributes {c = #retention.lowering_config<register_tile = [8, 0]>}

// -----

// expected-error @+1 {{lowering_config register_tile must be [0, 0] (plain loops) or positive, at most [16, 128] and 1024 accumulators, got [1000000, 32]}}
func.func private @absurd_register_tile() attributes {c = #retention.lowering_config<register_tile = [1000000, 32]>}

// -----

// expected-error @+1 {{lowering_config causal_skip_from must be non-negative (0: never), got -1}}
func.func private @negative_causal() attributes {c = #retention.lowering_config<causal_skip_from = -1>}

// -----

// expected-error @+1 {{expected ','}}
func.func private @one_edge() attributes {c = #retention.lowering_config<tile = [64]>}

// -----

// The op's attribute must be a lowering config.
func.func @wrong_kind(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) {
  // expected-error @+2 {{attribute 'lowering_config' failed to satisfy constraint}}
  %o = retention.retention %q, %q, %q, %ld
      {lowering_config = #retention.schedule<parallel>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

// 16 x 128 is within each edge but holds 2048 accumulators.
// expected-error @+1 {{lowering_config register_tile must be [0, 0] (plain loops) or positive, at most [16, 128] and 1024 accumulators, got [16, 128]}}
func.func private @too_many_accumulators() attributes {c = #retention.lowering_config<register_tile = [16, 128]>}

// -----

// true / false are not integers (MLIR's integer parser would take them as
// -1 and 0).
// expected-error @+1 {{expected an integer, got 'true'}}
func.func private @bool_for_int() attributes {c = #retention.lowering_config<causal_skip_from = true>}

// -----

// expected-error @+1 {{expected an integer, got 'false'}}
func.func private @bool_in_tile() attributes {c = #retention.lowering_config<tile = [false, 16]>}
