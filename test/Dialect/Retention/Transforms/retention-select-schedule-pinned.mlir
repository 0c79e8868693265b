// RUN: retnet-opt %s -retention-select-schedule | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=schedule=parallel | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=schedule=recurrent | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule='schedule=chunkwise chunk-size=128' | FileCheck %s
// RUN: retnet-opt %s -retention-select-schedule=target=cuda | FileCheck %s

// Schedules already on an op are never replaced, whatever the options, even
// when the cost model would choose differently (a pinned parallel schedule on
// a dynamic T, a recurrent one on a long T, a chunk size of 7, the largest
// chunk size, 4096, on T = 16...).

// CHECK-LABEL: func.func @pinned
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<parallel>}
// CHECK-SAME:      tensor<2x8x?x64xf32>
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// CHECK-SAME:      tensor<4x8x4096x64xf32>
// CHECK:         retention.retention {{.*}} schedule = #retention.schedule<chunkwise, chunk_size = 7>}
// CHECK-SAME:      tensor<1x4x1x64xf32>
// CHECK:         retention.retention {{.*}} scale = 5.000000e-01 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 4096>}
// CHECK-SAME:      tensor<2x8x16x64xf32>
func.func @pinned(%a: tensor<2x8x?x64xf32>, %b: tensor<4x8x4096x64xf32>,
                  %c: tensor<1x4x1x64xf32>, %d: tensor<2x8x16x64xf32>,
                  %ld4: tensor<4xf32>, %ld8: tensor<8xf32>)
    -> (tensor<2x8x?x64xf32>, tensor<4x8x4096x64xf32>, tensor<1x4x1x64xf32>,
        tensor<2x8x16x64xf32>) {
  %0 = retention.retention %a, %a, %a, %ld8 {schedule = #retention.schedule<parallel>}
      : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
         tensor<8xf32>) -> tensor<2x8x?x64xf32>
  %1 = retention.retention %b, %b, %b, %ld8 {schedule = #retention.schedule<recurrent>}
      : (tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>, tensor<4x8x4096x64xf32>,
         tensor<8xf32>) -> tensor<4x8x4096x64xf32>
  %2 = retention.retention %c, %c, %c, %ld4 {schedule = #retention.schedule<chunkwise, chunk_size = 7>}
      : (tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>, tensor<1x4x1x64xf32>,
         tensor<4xf32>) -> tensor<1x4x1x64xf32>
  %3 = retention.retention %d, %d, %d, %ld8
      {scale = 0.5 : f32, schedule = #retention.schedule<chunkwise, chunk_size = 4096>}
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %0, %1, %2, %3 : tensor<2x8x?x64xf32>, tensor<4x8x4096x64xf32>,
                          tensor<1x4x1x64xf32>, tensor<2x8x16x64xf32>
}
