// RUN: retnet-opt %s -split-input-file -retention-raise -canonicalize | FileCheck %s

// Near misses of retention-raise: each is one change away from retention
// (written with generic einsum products; the positive form is
// @generic_einsums in retention-raise-spellings.mlir) and must stay as
// written, both products in place.

// A softmax between the products (attention with a decay bias).
// CHECK-LABEL: func.func @softmax_between
// CHECK-NOT:     retention.retention
// CHECK-COUNT-3: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @softmax_between(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %sm = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x: f32, %y: f32, %unused: f32):
    %xy = arith.mulf %x, %y : f32
    linalg.yield %xy : f32
  } -> tensor<1x2x3x3xf32>
  %me = tensor.empty() : tensor<1x2x3xf32>
  %m0 = linalg.fill ins(%zero : f32) outs(%me : tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sm : tensor<1x2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x0: f32, %unused: f32):
    %y = math.exp %x0 : f32
    linalg.yield %y : f32
  } -> tensor<1x2x3x3xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%e : tensor<1x2x3x3xf32>) outs(%m0 : tensor<1x2x3xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %sum : tensor<1x2x3x3xf32>, tensor<1x2x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x0: f32, %x1: f32, %unused: f32):
    %y = arith.divf %x0, %x1 : f32
    linalg.yield %y : f32
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

// Head 0 decays geometrically, head 1 does not (0.3 where 0.25 would be).
// CHECK-LABEL: func.func @not_geometric_per_head
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @not_geometric_per_head(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.3, 0.5, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
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

// The mask a function argument: not a constant the pass can read.
// CHECK-LABEL: func.func @mask_argument
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @mask_argument(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>, %mask: tensor<2x3x3xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
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

// The causal mask applied transposed: keys after the query.
// CHECK-LABEL: func.func @anti_causal
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @anti_causal(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, m, n)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
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

// A different scale per head (0.5 on head 1): no scalar scale.
// CHECK-LABEL: func.func @scale_per_head
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @scale_per_head(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[0.5, 0.0, 0.0], [0.125, 0.5, 0.0], [0.03125, 0.125, 0.5]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
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

// The scores squared before the mask: not linear in the scores.
// CHECK-LABEL: func.func @scores_squared
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @scores_squared(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x0: f32, %x1: f32, %unused: f32):
    %xx = arith.mulf %x0, %x0 : f32
    %y = arith.mulf %xx, %x1 : f32
    linalg.yield %y : f32
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

// The mask added to the scores (a bias), not multiplied.
// CHECK-LABEL: func.func @additive_mask
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @additive_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %mask = arith.constant dense<[[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.25, 0.5, 1.0]], [[1.0, 0.0, 0.0], [0.25, 1.0, 0.0], [0.0625, 0.25, 1.0]]]> : tensor<2x3x3xf32>
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s, %mask : tensor<1x2x3x3xf32>, tensor<2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x0: f32, %x1: f32, %unused: f32):
    %y = arith.addf %x0, %x1 : f32
    linalg.yield %y : f32
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

// A select that keeps the scores above the diagonal and a constant below:
// where(n >= m, 1, s) is not linear in the scores.
// CHECK-LABEL: func.func @select_keeps_scores
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @select_keeps_scores(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, h, n, m) -> (b, h, n, m)>, affine_map<(b, h, n, m) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x2x3x3xf32>) outs(%se : tensor<1x2x3x3xf32>) {
  ^bb0(%x0: f32, %unused: f32):
    %n = linalg.index 2 : index
    %m = linalg.index 3 : index
    %c = arith.cmpi sge, %n, %m : index
    %y = arith.select %c, %one, %x0 : f32
    linalg.yield %y : f32
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

// No mask at all (linear attention): not causal.
// CHECK-LABEL: func.func @no_mask
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.generic {{.*}}"reduction"
// CHECK-NOT:     retention.retention
func.func @no_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %zero = arith.constant 0.0 : f32
  %se = tensor.empty() : tensor<1x2x3x3xf32>
  %s0 = linalg.fill ins(%zero : f32) outs(%se : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, d) -> (b, h, n, d)>, affine_map<(b, h, n, m, d) -> (b, h, m, d)>, affine_map<(b, h, n, m, d) -> (b, h, n, m)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%q, %k : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>) outs(%s0 : tensor<1x2x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x3xf32>
  %oe = tensor.empty() : tensor<1x2x3x4xf32>
  %o0 = linalg.fill ins(%zero : f32) outs(%oe : tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  %o = linalg.generic {indexing_maps = [affine_map<(b, h, n, m, e) -> (b, h, n, m)>, affine_map<(b, h, n, m, e) -> (b, h, m, e)>, affine_map<(b, h, n, m, e) -> (b, h, n, e)>], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%s, %v : tensor<1x2x3x3xf32>, tensor<1x2x3x4xf32>) outs(%o0 : tensor<1x2x3x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %ab = arith.mulf %a, %b : f32
    %r = arith.addf %acc, %ab : f32
    linalg.yield %r : f32
  } -> tensor<1x2x3x4xf32>
  return %o : tensor<1x2x3x4xf32>
}
