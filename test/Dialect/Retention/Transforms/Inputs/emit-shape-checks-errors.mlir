// Errors of retention-emit-shape-checks (run from retention-emit-shape-checks.mlir).

// expected-error @+1 {{retention-emit-shape-checks: the checks were recorded for 3 operands (inputs and out-parameters) but the function has 2; run it after buffer-results-to-out-params}}
func.func @before_out_params(%q: memref<?xf32>, %k: memref<4xf32>)
    attributes {retention.shape_checks = {checks = [
      [array<i64: -1, 4, 0, 0>, "before_out_params: operand 1 dim 0 is %lld but operand 0 dim 0 is %lld"]],
      operands = 3 : i64}} {
  return
}

// -----

// expected-error @+1 {{retention-emit-shape-checks: operand 0 must be a memref of rank > 0, got 'tensor<?xf32>' (run the pass after bufferization and buffer-results-to-out-params)}}
func.func @on_tensors(%q: tensor<?xf32>, %k: tensor<4xf32>)
    attributes {retention.shape_checks = {checks = [
      [array<i64: -1, 4, 0, 0>, "on_tensors: operand 1 dim 0 is %lld but operand 0 dim 0 is %lld"]],
      operands = 2 : i64}} {
  return
}

// -----

// expected-error @+1 {{retention-emit-shape-checks: malformed retention.shape_checks [array<i64: 1, 2, 3, 4>]}}
func.func @malformed(%q: memref<?xf32>) attributes {retention.shape_checks = [array<i64: 1, 2, 3, 4>]} {
  return
}
