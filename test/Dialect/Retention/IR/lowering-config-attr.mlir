// RUN: retnet-opt %s | FileCheck %s
// RUN: retnet-opt %s | retnet-opt | FileCheck %s

// #retention.lowering_config prints every key, in a fixed order, whatever was
// written; keys left out take the AVX-512 CPU's choices.

// CHECK-LABEL: func.func private @defaults
// CHECK-SAME:    #retention.lowering_config<tile = [64, 64], register_tile = [8, 32], causal_skip_from = 64, serial = false, tensor_cores = false>
func.func private @defaults() attributes {c = #retention.lowering_config<>}

// CHECK-LABEL: func.func private @any_order
// CHECK-SAME:    #retention.lowering_config<tile = [16, 64], register_tile = [0, 0], causal_skip_from = 0, serial = true, tensor_cores = true>
func.func private @any_order() attributes {c = #retention.lowering_config<tensor_cores = true, serial = true, causal_skip_from = 0, register_tile = [0, 0], tile = [16, 64]>}

// On the op, next to the schedule.
// CHECK-LABEL: func.func @on_the_op
// CHECK:         retention.retention {{.*}} {lowering_config = #retention.lowering_config<tile = [32, 32], register_tile = [6, 16], causal_skip_from = 64, serial = false, tensor_cores = false>, schedule = #retention.schedule<parallel>}
func.func @on_the_op(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>,
       lowering_config = #retention.lowering_config<tile = [32, 32], register_tile = [6, 16]>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
