// Not valid MLIR: the tensor type on line 5 is not closed.

func.func @broken(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32
  return %o : tensor<1x2x8x16xf32>
}
