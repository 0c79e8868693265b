// RUN: retnet-opt %s -split-input-file -retention-raise -canonicalize | FileCheck %s

// retention-raise on other spellings of retention than torchscale's
// batch_matmul chain: the products as any contraction (linalg.generic
// einsums, matmul after collapse_shape, batch_matmul with its own indexing
// maps), q, k, v and the output in other layouts, the scores transposed, the
// causal cut as a select in the scores' body, and the scale wherever it is
// applied. Masks: gamma = 0.5 and 0.25 per head.

// Both products as linalg.generic einsums, q scaled by 1/4 in a generic.
// CHECK-LABEL: func.func @generic_einsums
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] {scale = 2.500000e-01 : f32} :
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[O]]
func.func @generic_einsums(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %quarter = arith.constant 0.25 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %qe = tensor.empty() : tensor<1x2x3x4xf32>
  %qs = linalg.generic {indexing_maps = [affine_map<(b, h, n, d) -> (b, h, n, d)>, affine_map<(b, h, n, d) -> (b, h, n, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<1x2x3x4xf32>) outs(%qe : tensor<1x2x3x4xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %y = arith.mulf %x, %quarter : f32
    linalg.yield %y : f32
  } -> tensor<1x2x3x4xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%qs, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %unused: f32):
    %xy = arith.mulf %x, %y : f32
    linalg.yield %xy : f32
  } -> tensor<1x2x3x3xf32>
  %oe = tensor.empty() : tensor<1x2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, e) -> (b, h, n, m)>, affine_map<(b, h, n, m, e) -> (b, h, m, e)>, affine_map<(b, h, n, m, e) -> (b, h, n, e)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%o0 : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}

// -----

// B = H = 1: q, k, v collapsed to [T, D], linalg.matmul, linalg.mul by a
// [T, T] mask, the output expanded back.
// CHECK-LABEL: func.func @matmul_after_collapse
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<-0.693147182> : tensor<1xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     linalg.matmul
// CHECK:         return %[[O]]
func.func @matmul_after_collapse(%q: tensor<1x1x3x4xf32>, %k: tensor<1x1x3x4xf32>, %v: tensor<1x1x3x4xf32>) -> tensor<1x1x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]]> : tensor<3x3xf32>
  %q2 = tensor.collapse_shape %q [[0, 1, 2], [3]] : tensor<1x1x3x4xf32> into tensor<3x4xf32>
  %k2 = tensor.collapse_shape %k [[0, 1, 2], [3]] : tensor<1x1x3x4xf32> into tensor<3x4xf32>
  %v2 = tensor.collapse_shape %v [[0, 1, 2], [3]] : tensor<1x1x3x4xf32> into tensor<3x4xf32>
  %kte = tensor.empty() : tensor<4x3xf32>
  %kt = linalg.transpose ins(%k2 : tensor<3x4xf32>) outs(%kte : tensor<4x3xf32>) permutation = [1, 0]
  %se = tensor.empty() : tensor<3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<3x3xf32>) -> tensor<3x3xf32>
  %s = linalg.matmul ins(%q2, %kt : tensor<3x4xf32>, tensor<4x3xf32>) outs(%s0 : tensor<3x3xf32>) -> tensor<3x3xf32>
  %p = linalg.mul ins(%s, %mask : tensor<3x3xf32>, tensor<3x3xf32>) outs(%se : tensor<3x3xf32>) -> tensor<3x3xf32>
  %oe = tensor.empty() : tensor<3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<3x4xf32>) -> tensor<3x4xf32>
  %o = linalg.matmul ins(%p, %v2 : tensor<3x3xf32>, tensor<3x4xf32>) outs(%o0 : tensor<3x4xf32>) -> tensor<3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1, 2], [3]] output_shape [1, 1, 3, 4] : tensor<3x4xf32> into tensor<1x1x3x4xf32>
  return %o4 : tensor<1x1x3x4xf32>
}

// -----

// [B, T, H, D] inputs brought to [B, H, T, D] by a generic copy (q, k) and
// linalg.transpose (v), k^T by batch_matmul's own indexing maps, the output
// transposed back: the raised op gets one transpose per input and output.
// CHECK-LABEL: func.func @bthd_inputs
// CHECK-DAG:     %[[Q:.*]] = linalg.transpose ins(%arg0 : tensor<1x3x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK-DAG:     %[[K:.*]] = linalg.transpose ins(%arg1 : tensor<1x3x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK-DAG:     %[[V:.*]] = linalg.transpose ins(%arg2 : tensor<1x3x2x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK:         %[[O:.*]] = retention.retention %[[Q]], %[[K]], %[[V]], %{{.*}} : {{.*}} -> tensor<1x2x3x4xf32>
// CHECK:         %[[OT:.*]] = linalg.transpose ins(%[[O]] : tensor<1x2x3x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return %[[OT]]
func.func @bthd_inputs(%q: tensor<1x3x2x4xf32>, %k: tensor<1x3x2x4xf32>, %v: tensor<1x3x2x4xf32>) -> tensor<1x3x2x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %te = tensor.empty() : tensor<1x2x3x4xf32>
  %qt = linalg.generic {indexing_maps = [affine_map<(b, h, t, d) -> (b, t, h, d)>, affine_map<(b, h, t, d) -> (b, h, t, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<1x3x2x4xf32>) outs(%te : tensor<1x2x3x4xf32>) {
  ^bb0(%x: f32, %unused: f32):
    linalg.yield %x : f32
  } -> tensor<1x2x3x4xf32>
  %kt = linalg.generic {indexing_maps = [affine_map<(b, h, t, d) -> (b, t, h, d)>, affine_map<(b, h, t, d) -> (b, h, t, d)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%k : tensor<1x3x2x4xf32>) outs(%te : tensor<1x2x3x4xf32>) {
  ^bb0(%x: f32, %unused: f32):
    linalg.yield %x : f32
  } -> tensor<1x2x3x4xf32>
  %vt = linalg.transpose ins(%v : tensor<1x3x2x4xf32>) outs(%te : tensor<1x2x3x4xf32>) permutation = [0, 2, 1, 3]
  %q3 = tensor.collapse_shape %qt [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %k3 = tensor.collapse_shape %kt [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %v3 = tensor.collapse_shape %vt [[0, 1], [2], [3]] : tensor<1x2x3x4xf32> into tensor<2x3x4xf32>
  %se = tensor.empty() : tensor<2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %s = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%q3, %k3 : tensor<2x3x4xf32>, tensor<2x3x4xf32>) outs(%s0 : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %p = linalg.mul ins(%s, %mask : tensor<2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  %oe = tensor.empty() : tensor<2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o = linalg.batch_matmul ins(%p, %v3 : tensor<2x3x3xf32>, tensor<2x3x4xf32>) outs(%o0 : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %o4 = tensor.expand_shape %o [[0, 1], [2], [3]] output_shape [1, 2, 3, 4] : tensor<2x3x4xf32> into tensor<1x2x3x4xf32>
  %ote = tensor.empty() : tensor<1x3x2x4xf32>
  %ot = linalg.transpose ins(%o4 : tensor<1x2x3x4xf32>) outs(%ote : tensor<1x3x2x4xf32>) permutation = [0, 2, 1, 3]
  return %ot : tensor<1x3x2x4xf32>
}

// -----

// The scores transposed: S^T = k q^T ([b, h, m, n]), the mask applied through
// a transposed map, the second product contracting S^T's first time index.
// CHECK-LABEL: func.func @scores_transposed
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[O]]
func.func @scores_transposed(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %st = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%k, %q : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %pt = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, m, n)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%st, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %unused: f32):
    %xy = arith.mulf %x, %y : f32
    linalg.yield %xy : f32
  } -> tensor<1x2x3x3xf32>
  %oe = tensor.empty() : tensor<1x2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, e) -> (b, h, m, n)>, affine_map<(b, h, n, m, e) -> (b, h, m, e)>, affine_map<(b, h, n, m, e) -> (b, h, n, e)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%pt, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%o0 : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}

// -----

// The causal cut as a select in the scores' body (torch.where fused), on a
// decay that is geometric on both sides of the diagonal: by value, the
// product is the causal mask.
// CHECK-LABEL: func.func @select_in_scores
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[O]]
func.func @select_in_scores(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %decay = arith.constant dense<[[[1.0, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 1.0]], [[1.0, 0.25, 0.0625], [0.25, 1.0, 0.25], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %decay : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %unused: f32):
    %n = linalg.index 2 : index
    %m = linalg.index 3 : index
    %causal = arith.cmpi sge, %n, %m : index
    %xy = arith.mulf %x, %y : f32
    %r = arith.select %causal, %xy, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %oe = tensor.empty() : tensor<1x2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, e) -> (b, h, n, m)>, affine_map<(b, h, n, m, e) -> (b, h, m, e)>, affine_map<(b, h, n, m, e) -> (b, h, n, e)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%o0 : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}

// -----

// The scale folded into the mask (0.5 * gamma^(n - m)), and the scores
// divided by 2 in an op of their own: scale 1/4.
// CHECK-LABEL: func.func @scale_in_mask_and_scores
// CHECK:         retention.retention %arg0, %arg1, %arg2, %{{.*}} {scale = 2.500000e-01 : f32} :
// CHECK-NOT:     linalg.generic
func.func @scale_in_mask_and_scores(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  %mask = arith.constant dense<[[[0.5, 0.0, 0.0], [0.25, 0.5, 0.0], [0.125, 0.25, 0.5]], [[0.5, 0.0, 0.0], [0.125, 0.5, 0.0], [0.03125, 0.125, 0.5]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %sd = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %y = arith.divf %x, %two : f32
    linalg.yield %y : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sd, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %unused: f32):
    %xy = arith.mulf %x, %y : f32
    linalg.yield %xy : f32
  } -> tensor<1x2x3x3xf32>
  %oe = tensor.empty() : tensor<1x2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, e) -> (b, h, n, m)>, affine_map<(b, h, n, m, e) -> (b, h, m, e)>, affine_map<(b, h, n, m, e) -> (b, h, n, e)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%p, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%o0 : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
