// RUN: retnet-compile %s --emit=mlir -o /dev/null --mlir-print-ir-after=retention-select-schedule 2>&1 | FileCheck %s
// RUN: retnet-compile %s --emit=mlir -o /dev/null --mlir-print-ir-before=convert-retention-to-cpu 2>&1 | FileCheck %s --check-prefix=BEFORE
// RUN: not retnet-compile %s --emit=mlir -o /dev/null --mlir-print-ir-after=retnet-no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// --mlir-print-ir-after/--mlir-print-ir-before take the names of the
// pipeline's passes (the passes are registered before the command line is
// parsed) and print the IR around those passes only.

// CHECK: IR Dump After RetentionSelectSchedule (retention-select-schedule)
// CHECK:   schedule = #retention.schedule<recurrent>
// CHECK-NOT: IR Dump

// BEFORE-NOT: IR Dump
// BEFORE: IR Dump Before ConvertRetentionToCPU (convert-retention-to-cpu)
// BEFORE:   retention.retention {{.*}}schedule = #retention.schedule<recurrent>
// BEFORE-NOT: IR Dump

// UNKNOWN: for the --mlir-print-ir-after option: Cannot find option named 'retnet-no-such-pass'!

func.func @decode(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x1x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %o : tensor<1x2x1x16xf32>
}
