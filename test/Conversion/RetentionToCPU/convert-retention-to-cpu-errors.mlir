// RUN: retnet-opt %s -split-input-file -verify-diagnostics -convert-retention-to-cpu
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-cpu 2>&1 | FileCheck %s

// Every op must carry a schedule before it is lowered.

// CHECK: convert-retention-to-cpu-errors.mlir:[[@LINE+3]]:8: error: 'retention.retention' op has no schedule; run retention-select-schedule first or pin one with #retention.schedule<...>
func.func @no_schedule(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  // expected-error @+1 {{'retention.retention' op has no schedule; run retention-select-schedule first or pin one with #retention.schedule<...>}}
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// -----

// A scheduled op next to an unscheduled one: the error names the latter.
// CHECK: convert-retention-to-cpu-errors.mlir:[[@LINE+7]]:8: error: 'retention.retention' op has no schedule
func.func @one_of_two(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) {
  %0 = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  // expected-error @+1 {{'retention.retention' op has no schedule}}
  %1 = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %0, %1 : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
}
