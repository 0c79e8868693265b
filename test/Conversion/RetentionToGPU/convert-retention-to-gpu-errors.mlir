// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu -verify-diagnostics

// expected-error @below {{is not a retention GPU host function (missing retention.gpu_kernel or its schedule)}}
func.func private @no_schedule(memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<1x2x8x16xf32>, memref<2xf32>, memref<1x2x8x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {scale = 1.0 : f32}}

// -----

// expected-error @below {{has an unexpected signature for a retention GPU host function}}
func.func private @bad_signature(memref<1x2x8x16xf32>, memref<1x2x8x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<parallel>}}

// -----

// A lowering_config the kernels cannot follow is refused, not ignored:
// tensor cores for f32 operands...
// expected-error @below {{lowering_config tensor_cores = true needs a chunkwise schedule, f16 or bf16 operands, a chunk (at most T) that is a multiple of 16, Dk of 16 and Dv of 8}}
func.func private @tensor_cores_f32(memref<1x2x64x32xf32>, memref<1x2x64x32xf32>, memref<1x2x64x16xf32>, memref<2xf32>, memref<1x2x64x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {lowering_config = #retention.lowering_config<tensor_cores = true>, schedule = #retention.schedule<chunkwise, chunk_size = 16>}}

// -----

// ...or for a parallel schedule...
// expected-error @below {{lowering_config tensor_cores = true needs a chunkwise schedule}}
func.func private @tensor_cores_parallel(memref<1x2x64x32xf16>, memref<1x2x64x32xf16>, memref<1x2x64x16xf16>, memref<2xf32>, memref<1x2x64x16xf16>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {lowering_config = #retention.lowering_config<tensor_cores = true>, schedule = #retention.schedule<parallel>}}

// -----

// ...and a parallel score tile beyond static shared memory (256 x 64 f32 is
// 64 KiB).
// expected-error @below {{lowering_config tile [256, 64]: the parallel kernel keeps its f32 score tile in shared memory, at most 49152 bytes}}
func.func private @tile_too_big(memref<1x2x64x32xf32>, memref<1x2x64x32xf32>, memref<1x2x64x16xf32>, memref<2xf32>, memref<1x2x64x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {lowering_config = #retention.lowering_config<tile = [256, 64]>, schedule = #retention.schedule<parallel>}}
