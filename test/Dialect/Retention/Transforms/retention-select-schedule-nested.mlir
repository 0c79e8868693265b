// RUN: retnet-opt %s -retention-select-schedule | FileCheck %s
// RUN: retnet-opt %s -pass-pipeline='builtin.module(func.func(retention-select-schedule))' | FileCheck %s --check-prefix=FUNC
// RUN: retnet-opt %s -pass-pipeline='builtin.module(builtin.module(retention-select-schedule))' | FileCheck %s --check-prefix=INNER

// The pass has no fixed anchor: it schedules every op below the one it runs
// on, in any region (loops, nested modules), and nothing outside it.

// CHECK-LABEL: func.func @in_a_loop
// CHECK:         scf.for
// CHECK:           retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// FUNC-LABEL:  func.func @in_a_loop
// FUNC:            retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// INNER-LABEL: func.func @in_a_loop
// INNER-NOT:       schedule
// INNER:         return
func.func @in_a_loop(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>, %n: index) -> tensor<1x2x1x16xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %q) -> (tensor<1x2x1x16xf32>) {
    %o = retention.retention %x, %x, %x, %ld
        : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
           tensor<2xf32>) -> tensor<1x2x1x16xf32>
    scf.yield %o : tensor<1x2x1x16xf32>
  }
  return %r : tensor<1x2x1x16xf32>
}

// The nested op has a dynamic T and a small state (16 x 16): the cost
// model's dynamic-T rule makes it recurrent (faster than chunkwise at
// T = 2048 on the CPU).
// CHECK-LABEL: module @inner
// CHECK:         func.func @in_nested_module
// CHECK:           retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
// A func.func-anchored run does not reach into nested modules.
// FUNC-LABEL:  module @inner
// FUNC-NOT:        schedule
// FUNC:        }
// INNER-LABEL: module @inner
// INNER:           retention.retention {{.*}} schedule = #retention.schedule<recurrent>}
module @inner {
  func.func @in_nested_module(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
    %o = retention.retention %q, %q, %q, %ld
        : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
           tensor<2xf32>) -> tensor<1x2x?x16xf32>
    return %o : tensor<1x2x?x16xf32>
  }
}
