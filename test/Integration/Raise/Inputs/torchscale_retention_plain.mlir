// Exported by torch-mlir (torch_mlir.fx.export_and_import, output_type=
// "linalg-on-tensors") from the torchscale-style module in
// python/tests/test_raise_torch_mlir.py: B=1 H=2 T=8 D=4, plain mask.
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
module {
  func.func @ret(%arg0: tensor<1x2x8x4xf32>, %arg1: tensor<1x2x8x4xf32>, %arg2: tensor<1x2x8x4xf32>) -> tensor<1x2x8x4xf32> {
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant dense_resource<torch_tensor_2_8_8_torch.float32> : tensor<2x8x8xf32>
    %0 = tensor.empty() : tensor<1x2x4x8xf32>
    %transposed = linalg.transpose ins(%arg1 : tensor<1x2x8x4xf32>) outs(%0 : tensor<1x2x4x8xf32>) permutation = [0, 1, 3, 2] 
    %collapsed = tensor.collapse_shape %arg0 [[0, 1], [2], [3]] : tensor<1x2x8x4xf32> into tensor<2x8x4xf32>
    %collapsed_1 = tensor.collapse_shape %transposed [[0, 1], [2], [3]] : tensor<1x2x4x8xf32> into tensor<2x4x8xf32>
    %1 = tensor.empty() : tensor<2x8x8xf32>
    %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %3 = linalg.batch_matmul ins(%collapsed, %collapsed_1 : tensor<2x8x4xf32>, tensor<2x4x8xf32>) outs(%2 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded = tensor.expand_shape %3 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %4 = tensor.empty() : tensor<1x2x8x8xf32>
    %5 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded, %cst_0 : tensor<1x2x8x8xf32>, tensor<2x8x8xf32>) outs(%4 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_5: f32, %out: f32):
      %9 = arith.mulf %in, %in_5 : f32
      linalg.yield %9 : f32
    } -> tensor<1x2x8x8xf32>
    %collapsed_2 = tensor.collapse_shape %5 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_3 = tensor.collapse_shape %arg2 [[0, 1], [2], [3]] : tensor<1x2x8x4xf32> into tensor<2x8x4xf32>
    %6 = tensor.empty() : tensor<2x8x4xf32>
    %7 = linalg.fill ins(%cst : f32) outs(%6 : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
    %8 = linalg.batch_matmul ins(%collapsed_2, %collapsed_3 : tensor<2x8x8xf32>, tensor<2x8x4xf32>) outs(%7 : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
    %expanded_4 = tensor.expand_shape %8 [[0, 1], [2], [3]] output_shape [1, 2, 8, 4] : tensor<2x8x4xf32> into tensor<1x2x8x4xf32>
    return %expanded_4 : tensor<1x2x8x4xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_2_8_8_torch.float32: "0x040000000000803F000000000000000000000000000000000000000000000000000000000000783F0000803F0000000000000000000000000000000000000000000000000040703F0000783F0000803F000000000000000000000000000000000000000000BE683F0040703F0000783F0000803F000000000000000000000000000000001078613F00BE683F0040703F0000783F0000803F000000000000000000000000506C5A3F1078613F00BE683F0040703F0000783F0000803F0000000000000000ED98533F506C5A3F1078613F00BE683F0040703F0000783F0000803F0000000026FC4C3FED98533F506C5A3F1078613F00BE683F0040703F0000783F0000803F0000803F0000000000000000000000000000000000000000000000000000000000007C3F0000803F0000000000000000000000000000000000000000000000000010783F00007C3F0000803F0000000000000000000000000000000000000000C02F743F0010783F00007C3F0000803F00000000000000000000000000000000015F703FC02F743F0010783F00007C3F0000803F000000000000000000000000859D6C3F015F703FC02F743F0010783F00007C3F0000803F00000000000000000FEB683F859D6C3F015F703FC02F743F0010783F00007C3F0000803F000000006347653F0FEB683F859D6C3F015F703FC02F743F0010783F00007C3F0000803F"
    }
  }
#-}
