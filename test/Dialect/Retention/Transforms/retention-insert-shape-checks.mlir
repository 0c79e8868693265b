// RUN: retnet-opt %s -split-input-file -retention-insert-shape-checks -verify-diagnostics | FileCheck %s

// retention-insert-shape-checks records on each public function the operand
// extents its ops require equal that the types do not prove equal, for
// retention-emit-shape-checks to compare at run time.

// A static extent against a dynamic one: k's T (16) against q's (known at
// run time). v is q itself: nothing to compare. The output's dynamic T must
// be q's (the caller allocates it; it is operand 3 of the C entry point).
// CHECK-LABEL: func.func @static_k
// CHECK-SAME:    retention.shape_checks = {checks = [
// CHECK-SAME:      [array<i64: -1, 16, 0, 2>, "static_k: operand 1 (k) dim 2 is %lld but operand 0 (q) dim 2 is %lld"],
// CHECK-SAME:      [array<i64: 3, 2, 0, 2>, "static_k: operand 3 (result 0) dim 2 is %lld but operand 0 dim 2 is %lld"]],
// CHECK-SAME:      operands = 4 : i64}
func.func @static_k(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}

// -----

// A decode step: q is computed from the tokens, so its B is the tokens' B
// (traced through the linalg op's init, the tensor.empty and the
// tensor.dim); the state's B must equal it, and so must both outputs'.
// CHECK-LABEL: func.func @decode_like
// CHECK-SAME:    retention.shape_checks = {checks = [
// CHECK-SAME:      [array<i64: 1, 0, 0, 0>, "decode_like: operand 1 (initial_state) dim 0 is %lld but operand 0 dim 0 (q dim 0 of the retention.retention at line [[@LINE+17]]:12) is %lld"],
// CHECK-SAME:      [array<i64: 4, 0, 0, 0>, "decode_like: operand 4 (result 0) dim 0 is %lld but operand 0 dim 0 is %lld"],
// CHECK-SAME:      [array<i64: 5, 0, 0, 0>, "decode_like: operand 5 (result 1) dim 0 is %lld but operand 0 dim 0 is %lld"]],
// CHECK-SAME:      operands = 6 : i64}
func.func @decode_like(%tokens: tensor<?x1xi64>, %s0: tensor<?x2x8x8xf32>, %ld: tensor<2xf32>,
                       %pos: i64) -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>) {
  %c0 = arith.constant 0 : index
  %b = tensor.dim %tokens, %c0 : tensor<?x1xi64>
  %e = tensor.empty(%b) : tensor<?x2x1x8xf32>
  %q = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d2)>,
                                        affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%tokens : tensor<?x1xi64>) outs(%e : tensor<?x2x1x8xf32>) {
  ^bb0(%t: i64, %out: f32):
    %f = arith.sitofp %t : i64 to f32
    linalg.yield %f : f32
  } -> tensor<?x2x1x8xf32>
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) offset(%pos) {decay_normalization}
      : (tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<2xf32>,
         tensor<?x2x8x8xf32>, i64) -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>
}

// -----

// Static shapes: the verifier has checked everything.
// CHECK-LABEL: func.func @all_static
// CHECK-NOT:     retention.shape_checks
func.func @all_static(%q: tensor<1x2x4x8xf32>, %ld: tensor<2xf32>) -> tensor<1x2x4x8xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>,
         tensor<2xf32>) -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// A linalg op: the extents its indexing maps tie to one loop (M: a's rows
// and c's, N: b's columns and c's, K: a's columns and b's rows).
// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    retention.shape_checks = {checks = [
// CHECK-SAME:      [array<i64: -1, 4, 0, 0>, "matmul: operand 2 (init 0) dim 0 is %lld but operand 0 (input 0) dim 0 is %lld"],
// CHECK-SAME:      [array<i64: 2, 1, -1, 8>, "matmul: operand 2 (init 0) dim 1 is %lld but operand 1 (input 1) dim 1 is %lld"],
// CHECK-SAME:      [array<i64: 1, 0, -1, 16>, "matmul: operand 1 (input 1) dim 0 is %lld but operand 0 (input 0) dim 1 is %lld"],
// CHECK-SAME:      [array<i64: 3, 1, 2, 1>, "matmul: operand 3 (result 0) dim 1 is %lld but operand 2 dim 1 is %lld"]],
// CHECK-SAME:      operands = 4 : i64}
func.func @matmul(%a: tensor<?x16xf32>, %b: tensor<?x8xf32>, %c: tensor<4x?xf32>) -> tensor<4x?xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<?x16xf32>, tensor<?x8xf32>) outs(%c : tensor<4x?xf32>) -> tensor<4x?xf32>
  return %r : tensor<4x?xf32>
}

// -----

// A cast to a static extent asserts it.
// CHECK-LABEL: func.func @cast
// CHECK-SAME:    retention.shape_checks = {checks = [
// CHECK-SAME:      [array<i64: 0, 0, -1, 4>, "cast: operand 0 (source) dim 0 is %lld but result dim 0 of the tensor.cast at line [[@LINE+3]]:8 is %lld"]],
// CHECK-SAME:      operands = 2 : i64}
func.func @cast(%a: tensor<?x8xf32>) -> tensor<4x8xf32> {
  %r = tensor.cast %a : tensor<?x8xf32> to tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// An op under an scf.if is checked as if it ran (the output comes from the
// scf.if, which the analysis does not follow: not checked).
// CHECK-LABEL: func.func @conditional
// CHECK-SAME:    retention.shape_checks = {checks = [
// CHECK-SAME:      [array<i64: -1, 16, 0, 2>, "conditional: operand 1 (k) dim 2 is %lld but operand 0 (q) dim 2 is %lld"]],
// CHECK-SAME:      operands = 5 : i64}
func.func @conditional(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %ld: tensor<2xf32>, %p: i1)
    -> tensor<1x2x?x8xf32> {
  %r = scf.if %p -> tensor<1x2x?x8xf32> {
    %o = retention.retention %q, %k, %q, %ld
        : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
           tensor<2xf32>) -> tensor<1x2x?x8xf32>
    scf.yield %o : tensor<1x2x?x8xf32>
  } else {
    scf.yield %q : tensor<1x2x?x8xf32>
  }
  return %r : tensor<1x2x?x8xf32>
}

// -----

// Private functions are not entry points.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT:     retention.shape_checks
func.func private @helper(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %k, %q, %ld
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}

// -----

// Two constants that differ can never agree: an error at compile time. The
// tensor.empty has a dynamic type but a constant size.
func.func @never_agree(%a: tensor<4x8xf32>) -> tensor<?x8xf32> {
  %c16 = arith.constant 16 : index
  %e = tensor.empty(%c16) : tensor<?x8xf32>
  // expected-error @+1 {{extents that can never agree: init 0 dim 0 of the linalg.generic at line 135:8 is 16 but operand 0 (input 0) dim 0 is 4}}
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  } -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}
