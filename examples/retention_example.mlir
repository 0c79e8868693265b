// A small multi-scale retention block as a compiler user would hand it over:
// q, k, v for 2 sequences of 300 tokens, 4 heads of 64 (key) x 96 (value),
// an initial state carried in, the final state returned, RetNet's k scaling
// (Dk^-0.5 = 0.125) as the op's scale. No schedule is pinned: the cost model
// picks one, or `retnet-compile --schedule=...` forces one.
func.func @retention_block(%q: tensor<2x4x300x64xf32>, %k: tensor<2x4x300x64xf32>,
                           %v: tensor<2x4x300x96xf32>, %log_decay: tensor<4xf32>,
                           %state: tensor<2x4x64x96xf32>)
    -> (tensor<2x4x300x96xf32>, tensor<2x4x64x96xf32>) {
  %out, %final = retention.retention %q, %k, %v, %log_decay init(%state)
      {scale = 0.125 : f32}
      : (tensor<2x4x300x64xf32>, tensor<2x4x300x64xf32>, tensor<2x4x300x96xf32>,
         tensor<4xf32>, tensor<2x4x64x96xf32>)
      -> (tensor<2x4x300x96xf32>, tensor<2x4x64x96xf32>)
  return %out, %final : tensor<2x4x300x96xf32>, tensor<2x4x64x96xf32>
}
