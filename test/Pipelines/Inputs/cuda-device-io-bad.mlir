// Not for --gpu-io=device: a host op on the result, and dynamic shapes.
func.func @host_op(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<2xf32>) -> tensor<1x2x8x16xf32>
  %d = arith.addf %o, %o : tensor<1x2x8x16xf32>
  return %d : tensor<1x2x8x16xf32>
}
func.func @dynamic(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
