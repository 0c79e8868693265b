// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu -verify-diagnostics

// expected-error @below {{is not a retention GPU host function (missing retention.gpu_kernel or its schedule)}}
func.func private @no_schedule(memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<2xf32>, memref<1x2x8x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {scale = 1.0 : f32}}

// -----

// expected-error @below {{has an unexpected signature for a retention GPU host function}}
func.func private @bad_signature(memref<1x2x8x16xf32>, memref<1x2x8x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<parallel>}}
