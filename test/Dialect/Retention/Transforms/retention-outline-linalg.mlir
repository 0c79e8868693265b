// RUN: retnet-opt %s -retention-outline-linalg -split-input-file | FileCheck %s

// Two layers' identical projections share one function; a different body
// gets its own. Fills stay in place. The function takes the op's operands
// (ins, then outs) and returns its result; it is internal and never
// inlined, so the sharing survives LLVM.
// CHECK-LABEL: func.func private @__linalg_generic(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<4x8xf32>, %[[B:[a-z0-9_]+]]: tensor<8x8xf32>, %[[C:[a-z0-9_]+]]: tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-NEXT:    %[[R:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x8xf32>) outs(%[[C]] : tensor<4x8xf32>)
// CHECK:         return %[[R]]
// CHECK-LABEL: func.func private @__linalg_generic_0(
// CHECK:         math.tanh
// CHECK-LABEL: func.func @layers
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: tensor<4x8xf32>, %[[W0:[a-z0-9_]+]]: tensor<8x8xf32>, %[[W1:[a-z0-9_]+]]: tensor<8x8xf32>)
// CHECK:         %[[Z:.*]] = linalg.fill
// CHECK:         %[[H0:.*]] = call @__linalg_generic(%[[X]], %[[W0]], %[[Z]])
// CHECK:         %[[H1:.*]] = call @__linalg_generic(%[[H0]], %[[W1]], %[[Z]])
// CHECK:         %[[T:.*]] = call @__linalg_generic_0(%[[H1]], %{{.*}})
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[T]]
#mm_a = affine_map<(i, j, k) -> (i, k)>
#mm_b = affine_map<(i, j, k) -> (k, j)>
#mm_c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>
func.func @layers(%x: tensor<4x8xf32>, %w0: tensor<8x8xf32>, %w1: tensor<8x8xf32>) -> tensor<4x8xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %h0 = linalg.generic {indexing_maps = [#mm_a, #mm_b, #mm_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w0 : tensor<4x8xf32>, tensor<8x8xf32>) outs(%z : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %h1 = linalg.generic {indexing_maps = [#mm_a, #mm_b, #mm_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%h0, %w1 : tensor<4x8xf32>, tensor<8x8xf32>) outs(%z : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%h1 : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%a: f32, %c: f32):
    %y = math.tanh %a : f32
    linalg.yield %y : f32
  } -> tensor<4x8xf32>
  return %t : tensor<4x8xf32>
}


// A region that reads a tensor from above (an embedding lookup) and a
// constant: the tensor becomes an argument after the operands, the constant
// is cloned into the function.
// CHECK-LABEL: func.func private @__linalg_generic_1(
// CHECK-SAME:    %[[IN:[a-z0-9_]+]]: tensor<4xi64>, %[[OUT:[a-z0-9_]+]]: tensor<4x8xf32>, %[[TABLE:[a-z0-9_]+]]: tensor<16x8xf32>)
// CHECK:         %[[C15:.*]] = arith.constant 15 : index
// CHECK:         linalg.generic {{.*}} ins(%[[IN]] : tensor<4xi64>) outs(%[[OUT]] : tensor<4x8xf32>)
// CHECK:           arith.minsi %{{.*}}, %[[C15]]
// CHECK:           tensor.extract %[[TABLE]]
// CHECK-LABEL: func.func @embed
// CHECK:         call @__linalg_generic_1(%arg0, %{{.*}}, %arg1)
func.func @embed(%tok: tensor<4xi64>, %table: tensor<16x8xf32>) -> tensor<4x8xf32> {
  %c15 = arith.constant 15 : index
  %e = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%tok : tensor<4xi64>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%t: i64, %o: f32):
    %i = arith.index_cast %t : i64 to index
    %c = arith.minsi %i, %c15 : index
    %j = linalg.index 1 : index
    %v = tensor.extract %table[%c, %j] : tensor<16x8xf32>
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// An init filled with a constant for this op alone moves into the function
// with the op: the call passes the fill's destination, and the function
// fills it (the lowering then starts its accumulators at the constant).
// CHECK-LABEL: func.func private @__linalg_generic(
// CHECK-SAME:    %[[A:[a-z0-9_]+]]: tensor<4x8xf32>, %[[B:[a-z0-9_]+]]: tensor<8x8xf32>, %[[C:[a-z0-9_]+]]: tensor<4x8xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[C]] : tensor<4x8xf32>)
// CHECK:         linalg.generic {{.*}} outs(%[[F]] : tensor<4x8xf32>)
// CHECK-LABEL: func.func @own_fill(
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK-NOT:     linalg.fill
// CHECK:         call @__linalg_generic(%{{.*}}, %{{.*}}, %[[E]])
#mm_a = affine_map<(i, j, k) -> (i, k)>
#mm_b = affine_map<(i, j, k) -> (k, j)>
#mm_c = affine_map<(i, j, k) -> (i, j)>
func.func @own_fill(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>) -> tensor<4x8xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %z = linalg.fill ins(%cst : f32) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  %h = linalg.generic {indexing_maps = [#mm_a, #mm_b, #mm_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<4x8xf32>, tensor<8x8xf32>) outs(%z : tensor<4x8xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %h : tensor<4x8xf32>
}
