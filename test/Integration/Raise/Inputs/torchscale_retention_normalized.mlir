// Exported by torch-mlir (torch_mlir.fx.export_and_import, output_type=
// "linalg-on-tensors") from the torchscale-style module in
// python/tests/test_raise_torch_mlir.py: B=1 H=2 T=8 D=4, row-normalized mask.
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
      torch_tensor_2_8_8_torch.float32: "0x040000000000803F00000000000000000000000000000000000000000000000000000000B0BF303F4A73363F0000000000000000000000000000000000000000000000007AE70C3F1273113F3424163F00000000000000000000000000000000000000008D46EE3E3FF6F53E6AE5FD3E0D0B033F00000000000000000000000000000000EB10D03E24C7D63ECAB4DD3EA7DBE43E943DEC3E000000000000000000000000E66CB93E2768BF3ECD94C53E71F4CB3EB688D23E5153D93E0000000000000000DA95A73EC9FDAC3E5C92B23E0455B83E3E47BE3E926AC43E97C0CA3E000000006306993E13F69D3E880EA33E1051A83E08BFAD3ED759B33EEE22B93ECD1BBF3E0000803F000000000000000000000000000000000000000000000000000000001EE4323F0ABB353F0000000000000000000000000000000000000000000000005D58103FE9A2123FC4F6143F00000000000000000000000000000000000000009111F73E87FDFA3E6DF9FE3EC182013F000000000000000000000000000000004661DA3EA9D8DD3E225EE13EE9F1E43E3A94E83E0000000000000000000000003300C53EB620C83EEE4DCB3E0E88CE3E4BCFD13EDA23D53E0000000000000000CF3BB43E3018B73E3100BA3E01F4BC3ED0F3BF3ECFFFC23E3018C63E00000000C399A63EBD3EA93E77EEAB3E1CA9AE3ED76EB13ED63FB43E481CB73E5904BA3E"
    }
  }
#-}
