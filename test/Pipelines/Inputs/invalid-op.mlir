// Parses, but does not verify: log_decay has 3 entries for 2 heads.

func.func @bad_log_decay(%q: tensor<1x2x8x16xf32>, %ld: tensor<3xf32>)
    -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<3xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
