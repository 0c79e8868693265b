// RUN: retnet-opt %s -split-input-file -verify-diagnostics

// Errors of the #retention.schedule<...> parser and ScheduleAttr::verify.

// expected-error @+1 {{chunkwise schedule needs a positive chunk_size, got 0}}
func.func private @chunkwise_without_chunk_size() attributes {s = #retention.schedule<chunkwise>}

// -----

// expected-error @+1 {{chunkwise schedule needs a positive chunk_size, got 0}}
func.func private @chunkwise_zero() attributes {s = #retention.schedule<chunkwise, chunk_size = 0>}

// -----

// expected-error @+1 {{chunkwise schedule needs a positive chunk_size, got -16}}
func.func private @chunkwise_negative() attributes {s = #retention.schedule<chunkwise, chunk_size = -16>}

// -----

// expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with parallel}}
func.func private @parallel_chunk_size() attributes {s = #retention.schedule<parallel, chunk_size = 64>}

// -----

// expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with recurrent}}
func.func private @recurrent_chunk_size() attributes {s = #retention.schedule<recurrent, chunk_size = 1>}

// -----

// expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with recurrent}}
func.func private @recurrent_negative_chunk_size() attributes {s = #retention.schedule<recurrent, chunk_size = -1>}

// -----

// chunk_size = 0 (the printer's "no chunk size") is rejected too: any
// chunk_size on parallel or recurrent is a parse error.
// expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with parallel}}
func.func private @parallel_chunk_size_zero() attributes {s = #retention.schedule<parallel, chunk_size = 0>}

// -----

// expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with recurrent}}
func.func private @recurrent_chunk_size_zero() attributes {s = #retention.schedule<recurrent, chunk_size = 0>}

// -----

func.func @parallel_chunk_size_zero_on_the_op(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{chunk_size is only valid with the chunkwise schedule, not with parallel}}
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel, chunk_size = 0>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

// expected-error @+1 {{unknown retention schedule 'sequential'; expected parallel, chunkwise or recurrent}}
func.func private @unknown_kind() attributes {s = #retention.schedule<sequential>}

// -----

// Keywords are case sensitive.
// expected-error @+1 {{unknown retention schedule 'Parallel'; expected parallel, chunkwise or recurrent}}
func.func private @wrong_case() attributes {s = #retention.schedule<Parallel>}

// -----

// expected-error @+1 {{expected 'chunk_size'}}
func.func private @misspelled_parameter() attributes {s = #retention.schedule<chunkwise, size = 64>}

// -----

// expected-error @+1 {{expected '='}}
func.func private @missing_equal() attributes {s = #retention.schedule<chunkwise, chunk_size 64>}

// -----

// expected-error @+1 {{expected integer value}}
func.func private @non_integer_chunk_size() attributes {s = #retention.schedule<chunkwise, chunk_size = 6.4>}

// -----

// expected-error @+1 {{expected '>'}}
func.func private @missing_greater() attributes {s = #retention.schedule<chunkwise, chunk_size = 64 x>}

// -----

// The same errors inside an op's attribute dictionary.
func.func @on_the_op(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{chunkwise schedule needs a positive chunk_size, got 0}}
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

// expected-error @+1 {{expected valid keyword}}
func.func private @empty() attributes {s = #retention.schedule<>}

// -----

// expected-error @+1 {{expected valid keyword}}
func.func private @chunk_size_only() attributes {s = #retention.schedule<64>}

// -----

// expected-error @+1 {{expected '<'}}
func.func private @no_parameters() attributes {s = #retention.schedule}

// -----

// expected-error @+1 {{integer value too large}}
func.func private @chunk_size_overflow() attributes {s = #retention.schedule<chunkwise, chunk_size = 99999999999999999999>}

// -----

// chunk_size is bounded by retnet::kMaxChunkSize (4096): the lowerings keep
// C x C f32 tiles. Larger values used to compile and then exhaust memory,
// crash or compute NaN at run time.
// expected-error @+1 {{chunk_size must be at most 4096 (a C x C f32 tile of 64 MiB), got 4097}}
func.func private @chunk_size_above_the_bound() attributes {s = #retention.schedule<chunkwise, chunk_size = 4097>}

// -----

// expected-error @+1 {{chunk_size must be at most 4096 (a C x C f32 tile of 64 MiB), got 1099511627776}}
func.func private @chunk_size_2_pow_40() attributes {s = #retention.schedule<chunkwise, chunk_size = 1099511627776>}

// -----

// expected-error @+1 {{chunk_size must be at most 4096 (a C x C f32 tile of 64 MiB), got 9223372036854775807}}
func.func private @chunk_size_int64_max() attributes {s = #retention.schedule<chunkwise, chunk_size = 9223372036854775807>}

// -----

func.func @chunk_size_above_the_bound_on_the_op(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) {
  // expected-error @+1 {{chunk_size must be at most 4096 (a C x C f32 tile of 64 MiB), got 8192}}
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 8192>}
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return
}

// -----

// The bound itself is valid.
func.func private @chunk_size_at_the_bound() attributes {s = #retention.schedule<chunkwise, chunk_size = 4096>}
