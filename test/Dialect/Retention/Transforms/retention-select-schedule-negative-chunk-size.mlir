// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=-4 2>&1 | FileCheck %s -DVALUE=-4
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=-1 2>&1 | FileCheck %s -DVALUE=-1
// RUN: not retnet-opt %s -retention-select-schedule='schedule=chunkwise chunk-size=-64' 2>&1 | FileCheck %s -DVALUE=-64
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=-1000000000000 2>&1 | FileCheck %s -DVALUE=-1000000000000
// RUN: retnet-opt %s -retention-select-schedule=chunk-size=0 | FileCheck %s --check-prefix=ZERO

// A negative chunk-size is an error that prints the value as a number (it
// used to come out as a single garbage byte: the int64_t option was streamed
// as a char). 0 is not an error: it leaves the chunk size to the cost model.

// CHECK: error: retention-select-schedule: chunk-size must be non-negative (0: the cost model's choice), got [[VALUE]]{{$}}
// CHECK-NOT: #retention.schedule<

// With chunk-size=0 the cost model decides. The op has a dynamic T and big
// heads (Dk = 256, Dv = 432), which the cost model makes chunkwise with the
// default C = 64 (faster than recurrent at T = 2048), so there is a chunk
// size to leave to it.
// ZERO: schedule = #retention.schedule<chunkwise, chunk_size = 64>

func.func @f(%q: tensor<2x8x?x256xf32>, %v: tensor<2x8x?x432xf32>,
             %ld: tensor<8xf32>) -> tensor<2x8x?x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<2x8x?x256xf32>, tensor<2x8x?x256xf32>, tensor<2x8x?x432xf32>,
         tensor<8xf32>) -> tensor<2x8x?x432xf32>
  return %o : tensor<2x8x?x432xf32>
}
