// A pinned chunk size far beyond retnet::kMaxChunkSize (int64 max).

func.func @f(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 9223372036854775807>}
      : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
