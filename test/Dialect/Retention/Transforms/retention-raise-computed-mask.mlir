// RUN: retnet-opt %s -split-input-file -retention-raise -canonicalize | FileCheck %s

// A mask computed in the graph from positions (linalg.index) and a constant
// log-decay, as torchscale's RetNetRelPos does in forward: evaluated at
// compile time and raised like a stored mask.
// CHECK-LABEL: func.func @computed_mask
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
// CHECK:         %[[O:.*]] = retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     linalg.batch_matmul
// CHECK:         return %[[O]]
func.func @computed_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %ld = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
  %m0 = tensor.empty() : tensor<2x3x3xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ld : tensor<2xf32>) outs(%m0 : tensor<2x3x3xf32>) {
  ^bb0(%l: f32, %out: f32):
    %n = linalg.index 1 : index
    %m = linalg.index 2 : index
    %d = arith.subi %n, %m : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %x = arith.mulf %df, %l : f32
    %e = math.exp %x : f32
    %causal = arith.cmpi sge, %n, %m : index
    %r = arith.select %causal, %e, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3x3xf32>
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

// Near miss: the computed mask keeps the upper triangle (m >= n).
// CHECK-LABEL: func.func @computed_non_causal
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.batch_matmul
func.func @computed_non_causal(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %ld = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
  %m0 = tensor.empty() : tensor<2x3x3xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ld : tensor<2xf32>) outs(%m0 : tensor<2x3x3xf32>) {
  ^bb0(%l: f32, %out: f32):
    %n = linalg.index 1 : index
    %m = linalg.index 2 : index
    %d = arith.subi %n, %m : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %x = arith.mulf %df, %l : f32
    %e = math.exp %x : f32
    %causal = arith.cmpi sle, %n, %m : index
    %r = arith.select %causal, %e, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3x3xf32>
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

// Near miss: the log-decay is a function argument, known only at run time.
// CHECK-LABEL: func.func @runtime_decay
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.batch_matmul
func.func @runtime_decay(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>, %ld: tensor<2xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %m0 = tensor.empty() : tensor<2x3x3xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ld : tensor<2xf32>) outs(%m0 : tensor<2x3x3xf32>) {
  ^bb0(%l: f32, %out: f32):
    %n = linalg.index 1 : index
    %m = linalg.index 2 : index
    %d = arith.subi %n, %m : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %x = arith.mulf %df, %l : f32
    %e = math.exp %x : f32
    %causal = arith.cmpi sge, %n, %m : index
    %r = arith.select %causal, %e, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3x3xf32>
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

// Near miss: an op the evaluator does not interpret (math.tanh) in the mask.
// CHECK-LABEL: func.func @unsupported_op
// CHECK-NOT:     retention.retention
// CHECK-COUNT-2: linalg.batch_matmul
func.func @unsupported_op(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %ld = arith.constant dense<[-0.693147182, -1.38629436]> : tensor<2xf32>
  %m0 = tensor.empty() : tensor<2x3x3xf32>
  %mask = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%ld : tensor<2xf32>) outs(%m0 : tensor<2x3x3xf32>) {
  ^bb0(%l: f32, %out: f32):
    %n = linalg.index 1 : index
    %m = linalg.index 2 : index
    %d = arith.subi %n, %m : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %x = arith.mulf %df, %l : f32
    %e = math.tanh %x : f32
    %causal = arith.cmpi sge, %n, %m : index
    %r = arith.select %causal, %e, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3x3xf32>
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

// The named ops between: a mask built transposed (m >= n), transposed back
// by linalg.transpose and broadcast over the heads by linalg.broadcast (one
// gamma = 0.5 for both heads).
// CHECK-LABEL: func.func @transposed_broadcast_mask
// CHECK-DAG:     %[[LD:.*]] = arith.constant dense<-0.693147182> : tensor<2xf32>
// CHECK:         retention.retention %arg0, %arg1, %arg2, %[[LD]] :
// CHECK-NOT:     linalg.transpose
// CHECK-NOT:     linalg.broadcast
func.func @transposed_broadcast_mask(%q: tensor<1x2x3x4xf32>, %k: tensor<1x2x3x4xf32>, %v: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %lds = arith.constant -0.693147182 : f32
  %t0 = tensor.empty() : tensor<3x3xf32>
  %mt = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%t0 : tensor<3x3xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %d = arith.subi %j, %i : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %x = arith.mulf %df, %lds : f32
    %e = math.exp %x : f32
    %causal = arith.cmpi sge, %j, %i : index
    %r = arith.select %causal, %e, %zero : f32
    linalg.yield %r : f32
  } -> tensor<3x3xf32>
  %t1 = tensor.empty() : tensor<3x3xf32>
  %m2 = linalg.transpose ins(%mt : tensor<3x3xf32>) outs(%t1 : tensor<3x3xf32>) permutation = [1, 0]
  %m0 = tensor.empty() : tensor<2x3x3xf32>
  %mask = linalg.broadcast ins(%m2 : tensor<3x3xf32>) outs(%m0 : tensor<2x3x3xf32>) dimensions = [0]
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

