// RUN: retnet-opt %s -split-input-file -retention-raise -canonicalize | FileCheck %s

// Positive and near-miss cases of retention-raise on linalg as torch-mlir
// writes it (collapse / batch_matmul / expand around an elementwise mask).
// Per-head decay mask [H, T, T]: gamma = 0.5 and 0.25.
// CHECK-LABEL: func.func @per_head_mask
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     decay_normalization
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return %[[O]]
func.func @per_head_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// One mask [T, T] shared by all heads.
// CHECK-LABEL: func.func @shared_mask
// CHECK-DAG:     arith.constant dense<-0.693147182> : tensor<2xf32>
// CHECK:         retention.retention
// CHECK-NOT:     linalg.batch_matmul
func.func @shared_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]]> : tensor<3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// torchscale's row-normalized mask: decay_normalization.
// CHECK-LABEL: func.func @normalized_mask
// CHECK:         retention.retention {{.*}} {decay_normalization}
// CHECK-NOT:     linalg.batch_matmul
func.func @normalized_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [4.082482905e-01, 8.164965809e-01, 0.000000000e+00], [1.889822365e-01, 3.779644730e-01, 7.559289460e-01]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.236067977e-01, 8.944271910e-01, 0.000000000e+00], [5.455447256e-02, 2.182178902e-01, 8.728715609e-01]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// The mask as the first operand of the multiply.
// CHECK-LABEL: func.func @mask_first
// CHECK:         retention.retention
// CHECK-NOT:     linalg.batch_matmul
func.func @mask_first(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%mask, %s4 : tensor<2x3x3xf32>, tensor<1x2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// Near miss: not causal (an entry above the diagonal).
// CHECK-LABEL: func.func @non_causal
// CHECK-NOT:     retention.retention
// CHECK:         linalg.batch_matmul
// CHECK:         linalg.batch_matmul
func.func @non_causal(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 1.250000000e-01], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// Near miss: not a geometric decay (0.3 where gamma^2 = 0.25).
// CHECK-LABEL: func.func @wrong_decay
// CHECK-NOT:     retention.retention
// CHECK:         linalg.batch_matmul
func.func @wrong_decay(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [3.000000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// Near miss: the scores are also returned (shared intermediate): left alone.
// CHECK-LABEL: func.func @scores_used_twice
// CHECK-NOT:     retention.retention
// CHECK:         linalg.batch_matmul
func.func @scores_used_twice(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4, %s4 : tensor<1x2x3x4xf32>, tensor<1x2x3x3xf32>
}

// -----

// Near miss: the accumulators start at 1, not 0.
// CHECK-LABEL: func.func @nonzero_accumulator
// CHECK-NOT:     retention.retention
// CHECK:         linalg.batch_matmul
func.func @nonzero_accumulator(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 1.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [5.000000000e-01, 1.000000000e+00, 0.000000000e+00], [2.500000000e-01, 5.000000000e-01, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}

// -----

// Near miss: gamma = 1.5 is not a decay.
// CHECK-LABEL: func.func @growing
// CHECK-NOT:     retention.retention
// CHECK:         linalg.batch_matmul
func.func @growing(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %mask = arith.constant dense<[[[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [1.500000000e+00, 1.000000000e+00, 0.000000000e+00], [2.250000000e+00, 1.500000000e+00, 1.000000000e+00]], [[1.000000000e+00, 0.000000000e+00, 0.000000000e+00], [2.500000000e-01, 1.000000000e+00, 0.000000000e+00], [6.250000000e-02, 2.500000000e-01, 1.000000000e+00]]]> : tensor<2x3x3xf32>
  %kt0 = tensor.empty() : tensor<1x2x4x3xf32>
  %kt = linalg.transpose ins(%k : tensor<1x2x3x4xf32>) outs(%kt0 : tensor<1x2x4x3xf32>) permutation = [0, 1, 3, 2]
  %q3 = tensor.collapse_shape %q [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %kt3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x4x3xf32> into tensor<2x4x3xf32>
  %s0 = tensor.empty() : tensor<2x3x3xf32>
  %s1 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul ins(%q3, %kt3 : tensor<2x3x4xf32>, tensor<2x4x3xf32>) outs(%s1 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s4 = tensor.expand_shape %s [[0, 1], [2], [3]] output_shape [1, 2, 3, 3] : tensor<2x3x3xf32> into tensor<1x2x3x3xf32>
  %p0 = tensor.empty() : tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s4, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%p0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    linalg.yield %m : f32
  } -> tensor<1x2x3x3xf32>
  %p3 = tensor.collapse_shape %p [[0, 1], [2], [3]] : tensor<1x2x3x3xf32> into tensor<2x3x3xf32>
  %v3 = tensor.collapse_shape %v [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %o0 = tensor.empty() : tensor<2x3x4xf32>
  %o1 = linalg.fill ins(%zero : f32) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p3, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o1 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  return %o4 : tensor<1x2x3x4xf32>
}
