// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=4097 2>&1 | FileCheck %s -DVALUE=4097
// RUN: not retnet-opt %s -retention-select-schedule='schedule=chunkwise chunk-size=1099511627776' 2>&1 | FileCheck %s -DVALUE=1099511627776
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=9223372036854775807 2>&1 | FileCheck %s -DVALUE=9223372036854775807
// RUN: not retnet-opt %s --retnet-cpu-pipeline=chunk-size=1099511627776 2>&1 | FileCheck %s -DVALUE=1099511627776
// RUN: not retnet-opt %s --retnet-cuda-pipeline='chunk-size=4097 lower-to-llvm=0' 2>&1 | FileCheck %s -DVALUE=4097
// RUN: retnet-opt %s -retention-select-schedule='schedule=chunkwise chunk-size=4096' | FileCheck %s --check-prefix=MAX

// chunk-size is bounded by retnet::kMaxChunkSize (4096) in the pass and in
// both pipelines; the bound itself is accepted.

// CHECK: error: retention-select-schedule: chunk-size must be at most 4096 (a C x C f32 tile of 64 MiB), got [[VALUE]]{{$}}
// CHECK-NOT: #retention.schedule<

// MAX: schedule = #retention.schedule<chunkwise, chunk_size = 4096>

func.func @f(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
