#map = affine_map<(d0) -> (d0)>
#map1 = affine_map<(d0, d1) -> (0, d1)>
#map2 = affine_map<(d0, d1) -> (d0, 0)>
#map3 = affine_map<(d0, d1) -> (d0, d1)>
#map4 = affine_map<(d0, d1) -> ()>
#map5 = affine_map<(d0, d1, d2) -> (d1, d2)>
#map6 = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
#map7 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map8 = affine_map<(d0, d1, d2) -> ()>
#map9 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#map10 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map11 = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
#map12 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
module {
  func.func @ret(%arg0: tensor<1x2x8x4xf32>, %arg1: tensor<1x2x8x4xf32>, %arg2: tensor<1x2x8x4xf32>) -> tensor<1x2x8x4xf32> {
    %c0_i64 = arith.constant 0 : i64
    %cst = arith.constant 0.000000e+00 : f32
    %true = arith.constant true
    %cst_0 = arith.constant dense<3.40282347E+38> : tensor<f32>
    %cst_1 = arith.constant dense<-3.40282347E+38> : tensor<f32>
    %cst_2 = arith.constant dense<0x7F800000> : tensor<f32>
    %cst_3 = arith.constant dense<0.000000e+00> : tensor<f32>
    %cst_4 = arith.constant dense<1.000000e+00> : tensor<8x8xf32>
    %cst_5 = arith.constant 0xFFF0000000000000 : f64
    %cst_6 = arith.constant dense_resource<torch_tensor_2_torch.float32> : tensor<2xf32>
    %cst_7 = arith.constant 0x7FF0000000000000 : f64
    %cst_8 = arith.constant 1.000000e+00 : f32
    %cst_9 = arith.constant 5.000000e+04 : f32
    %0 = tensor.empty() : tensor<8xi64>
    %1 = linalg.generic {indexing_maps = [#map], iterator_types = ["parallel"]} outs(%0 : tensor<8xi64>) {
    ^bb0(%out: i64):
      %43 = linalg.index 0 : index
      %44 = arith.index_cast %43 : index to i64
      linalg.yield %44 : i64
    } -> tensor<8xi64>
    %2 = tensor.empty() : tensor<8xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%1 : tensor<8xi64>) outs(%2 : tensor<8xf32>) {
    ^bb0(%in: i64, %out: f32):
      %43 = arith.sitofp %in : i64 to f32
      linalg.yield %43 : f32
    } -> tensor<8xf32>
    %expanded = tensor.expand_shape %1 [[0, 1]] output_shape [1, 8] : tensor<8xi64> into tensor<1x8xi64>
    %expanded_10 = tensor.expand_shape %1 [[0, 1]] output_shape [8, 1] : tensor<8xi64> into tensor<8x1xi64>
    %4 = tensor.empty() : tensor<8x8xi64>
    %5 = linalg.generic {indexing_maps = [#map1, #map2, #map3], iterator_types = ["parallel", "parallel"]} ins(%expanded, %expanded_10 : tensor<1x8xi64>, tensor<8x1xi64>) outs(%4 : tensor<8x8xi64>) {
    ^bb0(%in: i64, %in_19: i64, %out: i64):
      %43 = arith.subi %in, %in_19 : i64
      linalg.yield %43 : i64
    } -> tensor<8x8xi64>
    %6 = tensor.empty() : tensor<8x8xi1>
    %7 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<8x8xi64>) outs(%6 : tensor<8x8xi1>) {
    ^bb0(%in: i64, %out: i1):
      %43 = arith.cmpi sle, %in, %c0_i64 : i64
      linalg.yield %43 : i1
    } -> tensor<8x8xi1>
    %8 = tensor.empty() : tensor<8x8xf32>
    %9 = linalg.generic {indexing_maps = [#map3, #map3, #map4, #map3], iterator_types = ["parallel", "parallel"]} ins(%7, %cst_4, %cst_3 : tensor<8x8xi1>, tensor<8x8xf32>, tensor<f32>) outs(%8 : tensor<8x8xf32>) {
    ^bb0(%in: i1, %in_19: f32, %in_20: f32, %out: f32):
      %43 = arith.select %in, %in_19, %in_20 : f32
      linalg.yield %43 : f32
    } -> tensor<8x8xf32>
    %expanded_11 = tensor.expand_shape %3 [[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
    %expanded_12 = tensor.expand_shape %3 [[0, 1]] output_shape [1, 8] : tensor<8xf32> into tensor<1x8xf32>
    %10 = linalg.generic {indexing_maps = [#map2, #map1, #map3], iterator_types = ["parallel", "parallel"]} ins(%expanded_11, %expanded_12 : tensor<8x1xf32>, tensor<1x8xf32>) outs(%8 : tensor<8x8xf32>) {
    ^bb0(%in: f32, %in_19: f32, %out: f32):
      %43 = arith.subf %in, %in_19 : f32
      linalg.yield %43 : f32
    } -> tensor<8x8xf32>
    %11 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%9 : tensor<8x8xf32>) outs(%6 : tensor<8x8xi1>) {
    ^bb0(%in: f32, %out: i1):
      %43 = arith.cmpf une, %in, %cst : f32
      linalg.yield %43 : i1
    } -> tensor<8x8xi1>
    %12 = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%11 : tensor<8x8xi1>) outs(%6 : tensor<8x8xi1>) {
    ^bb0(%in: i1, %out: i1):
      %43 = arith.xori %in, %true : i1
      linalg.yield %43 : i1
    } -> tensor<8x8xi1>
    %13 = linalg.generic {indexing_maps = [#map3, #map4, #map3, #map3], iterator_types = ["parallel", "parallel"]} ins(%12, %cst_2, %10 : tensor<8x8xi1>, tensor<f32>, tensor<8x8xf32>) outs(%8 : tensor<8x8xf32>) {
    ^bb0(%in: i1, %in_19: f32, %in_20: f32, %out: f32):
      %43 = arith.select %in, %in_19, %in_20 : f32
      linalg.yield %43 : f32
    } -> tensor<8x8xf32>
    %expanded_13 = tensor.expand_shape %cst_6 [[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
    %14 = tensor.empty() : tensor<2x8x8xf32>
    %15 = linalg.generic {indexing_maps = [#map5, #map6, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%13, %expanded_13 : tensor<8x8xf32>, tensor<2x1x1xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: f32, %in_19: f32, %out: f32):
      %43 = arith.mulf %in, %in_19 : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %16 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%15 : tensor<2x8x8xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = math.exp %in : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %17 = tensor.empty() : tensor<2x8x8xi1>
    %18 = linalg.generic {indexing_maps = [#map7, #map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%16, %16 : tensor<2x8x8xf32>, tensor<2x8x8xf32>) outs(%17 : tensor<2x8x8xi1>) {
    ^bb0(%in: f32, %in_19: f32, %out: i1):
      %43 = arith.cmpf une, %in, %in_19 : f32
      linalg.yield %43 : i1
    } -> tensor<2x8x8xi1>
    %19 = linalg.generic {indexing_maps = [#map7, #map8, #map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%18, %cst_3, %16 : tensor<2x8x8xi1>, tensor<f32>, tensor<2x8x8xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: i1, %in_19: f32, %in_20: f32, %out: f32):
      %43 = arith.select %in, %in_19, %in_20 : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %20 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%16 : tensor<2x8x8xf32>) outs(%17 : tensor<2x8x8xi1>) {
    ^bb0(%in: f32, %out: i1):
      %43 = arith.extf %in : f32 to f64
      %44 = arith.cmpf oeq, %43, %cst_5 : f64
      linalg.yield %44 : i1
    } -> tensor<2x8x8xi1>
    %21 = linalg.generic {indexing_maps = [#map7, #map8, #map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%20, %cst_1, %19 : tensor<2x8x8xi1>, tensor<f32>, tensor<2x8x8xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: i1, %in_19: f32, %in_20: f32, %out: f32):
      %43 = arith.select %in, %in_19, %in_20 : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %22 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%16 : tensor<2x8x8xf32>) outs(%17 : tensor<2x8x8xi1>) {
    ^bb0(%in: f32, %out: i1):
      %43 = arith.extf %in : f32 to f64
      %44 = arith.cmpf oeq, %43, %cst_7 : f64
      linalg.yield %44 : i1
    } -> tensor<2x8x8xi1>
    %23 = linalg.generic {indexing_maps = [#map7, #map8, #map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%22, %cst_0, %21 : tensor<2x8x8xi1>, tensor<f32>, tensor<2x8x8xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: i1, %in_19: f32, %in_20: f32, %out: f32):
      %43 = arith.select %in, %in_19, %in_20 : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %24 = tensor.empty() : tensor<2x8x1xf32>
    %25 = linalg.fill ins(%cst : f32) outs(%24 : tensor<2x8x1xf32>) -> tensor<2x8x1xf32>
    %26 = linalg.generic {indexing_maps = [#map7, #map9], iterator_types = ["parallel", "parallel", "reduction"]} ins(%23 : tensor<2x8x8xf32>) outs(%25 : tensor<2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = arith.addf %in, %out : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x1xf32>
    %27 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%26 : tensor<2x8x1xf32>) outs(%24 : tensor<2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = math.sqrt %in : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x1xf32>
    %28 = linalg.generic {indexing_maps = [#map7, #map9, #map7], iterator_types = ["parallel", "parallel", "parallel"]} ins(%23, %27 : tensor<2x8x8xf32>, tensor<2x8x1xf32>) outs(%14 : tensor<2x8x8xf32>) {
    ^bb0(%in: f32, %in_19: f32, %out: f32):
      %43 = arith.divf %in, %in_19 : f32
      linalg.yield %43 : f32
    } -> tensor<2x8x8xf32>
    %29 = tensor.empty() : tensor<1x2x4x8xf32>
    %transposed = linalg.transpose ins(%arg1 : tensor<1x2x8x4xf32>) outs(%29 : tensor<1x2x4x8xf32>) permutation = [0, 1, 3, 2] 
    %collapsed = tensor.collapse_shape %arg0 [[0, 1], [2], [3]] : tensor<1x2x8x4xf32> into tensor<2x8x4xf32>
    %collapsed_14 = tensor.collapse_shape %transposed [[0, 1], [2], [3]] : tensor<1x2x4x8xf32> into tensor<2x4x8xf32>
    %30 = linalg.fill ins(%cst : f32) outs(%14 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %31 = linalg.batch_matmul ins(%collapsed, %collapsed_14 : tensor<2x8x4xf32>, tensor<2x4x8xf32>) outs(%30 : tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
    %expanded_15 = tensor.expand_shape %31 [[0, 1], [2], [3]] output_shape [1, 2, 8, 8] : tensor<2x8x8xf32> into tensor<1x2x8x8xf32>
    %32 = tensor.empty() : tensor<1x2x8x8xf32>
    %33 = linalg.generic {indexing_maps = [#map10, #map11, #map10], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_15, %28 : tensor<1x2x8x8xf32>, tensor<2x8x8xf32>) outs(%32 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_19: f32, %out: f32):
      %43 = arith.mulf %in, %in_19 : f32
      linalg.yield %43 : f32
    } -> tensor<1x2x8x8xf32>
    %34 = linalg.generic {indexing_maps = [#map10, #map10], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%33 : tensor<1x2x8x8xf32>) outs(%32 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = math.absf %in : f32
      linalg.yield %43 : f32
    } -> tensor<1x2x8x8xf32>
    %35 = tensor.empty() : tensor<1x2x8x1xf32>
    %36 = linalg.fill ins(%cst : f32) outs(%35 : tensor<1x2x8x1xf32>) -> tensor<1x2x8x1xf32>
    %37 = linalg.generic {indexing_maps = [#map10, #map12], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%34 : tensor<1x2x8x8xf32>) outs(%36 : tensor<1x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = arith.addf %in, %out : f32
      linalg.yield %43 : f32
    } -> tensor<1x2x8x1xf32>
    %38 = linalg.generic {indexing_maps = [#map10, #map10], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%37 : tensor<1x2x8x1xf32>) outs(%35 : tensor<1x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %43 = arith.cmpf ult, %in, %cst_8 : f32
      %44 = arith.select %43, %cst_8, %in : f32
      %45 = arith.cmpf ugt, %44, %cst_9 : f32
      %46 = arith.select %45, %cst_9, %44 : f32
      linalg.yield %46 : f32
    } -> tensor<1x2x8x1xf32>
    %39 = linalg.generic {indexing_maps = [#map10, #map12, #map10], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%33, %38 : tensor<1x2x8x8xf32>, tensor<1x2x8x1xf32>) outs(%32 : tensor<1x2x8x8xf32>) {
    ^bb0(%in: f32, %in_19: f32, %out: f32):
      %43 = arith.divf %in, %in_19 : f32
      linalg.yield %43 : f32
    } -> tensor<1x2x8x8xf32>
    %collapsed_16 = tensor.collapse_shape %39 [[0, 1], [2], [3]] : tensor<1x2x8x8xf32> into tensor<2x8x8xf32>
    %collapsed_17 = tensor.collapse_shape %arg2 [[0, 1], [2], [3]] : tensor<1x2x8x4xf32> into tensor<2x8x4xf32>
    %40 = tensor.empty() : tensor<2x8x4xf32>
    %41 = linalg.fill ins(%cst : f32) outs(%40 : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
    %42 = linalg.batch_matmul ins(%collapsed_16, %collapsed_17 : tensor<2x8x8xf32>, tensor<2x8x4xf32>) outs(%41 : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
    %expanded_18 = tensor.expand_shape %42 [[0, 1], [2], [3]] output_shape [1, 2, 8, 4] : tensor<2x8x4xf32> into tensor<1x2x8x4xf32>
    return %expanded_18 : tensor<1x2x8x4xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      torch_tensor_2_torch.float32: "0x04000000EC0A02BDB30281BC"
    }
  }
#-}

