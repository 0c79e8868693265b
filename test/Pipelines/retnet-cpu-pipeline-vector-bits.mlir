// The register tiles follow the code's vector width: 8 rows x 32 lanes
// (two zmm per row, 32 registers) for AVX-512, 6 rows x 16 lanes (two ymm
// per row, 16 registers) for AVX2; retnet-compile passes --mcpu's width.
// RUN: retnet-opt %s --retnet-cpu-pipeline="vector-bits=512 lower-to-llvm=0" | FileCheck %s --check-prefix=AVX512
// RUN: retnet-opt %s --retnet-cpu-pipeline="vector-bits=256 lower-to-llvm=0" | FileCheck %s --check-prefix=AVX2
// A width no target has is an error, not a guess.
// RUN: not retnet-opt %s --retnet-cpu-pipeline="vector-bits=7" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: retnet-cpu-pipeline: vector-bits must be 0 (the host's), 128, 256 or 512, got 7

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (k, n)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// (The projection is outlined into a shared function and split into 8
// threaded tiles of 16 rows; the k loop carries one accumulator per row of
// the tile, started at the fill's zero: no fill and no read of y remain.)
// AVX512:     %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<32xf32>
// AVX512-NOT: linalg.fill
// AVX512:     scf.for {{.*}} iter_args(%{{.*}} = %[[Z]], {{.*}}) -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// AVX512-NOT: vector<16xf32>
// AVX512:     func.func @projection(
// AVX2:       %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// AVX2-NOT:   linalg.fill
// AVX2:       scf.for {{.*}} iter_args(%{{.*}} = %[[Z]], {{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// AVX2:       func.func @projection(
func.func @projection(%x: tensor<1x128x256xf32>, %w: tensor<256x512xf32>) -> tensor<1x128x512xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x128x512xf32>
  %y = linalg.fill ins(%zero : f32) outs(%e : tensor<1x128x512xf32>) -> tensor<1x128x512xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x128x256xf32>, tensor<256x512xf32>) outs(%y : tensor<1x128x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x128x512xf32>
  return %r : tensor<1x128x512xf32>
}
