// RUN: not retnet-opt %s -retention-select-schedule=schedule=sequential 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// RUN: not retnet-opt %s -retention-select-schedule=schedule=Parallel 2>&1 | FileCheck %s --check-prefix=CASE
// RUN: not retnet-opt %s -retention-select-schedule=target=tpu 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda: 2>&1 | FileCheck %s --check-prefix=EMPTY-ARCH
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=-4 2>&1 | FileCheck %s --check-prefix=CHUNK
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=abc 2>&1 | FileCheck %s --check-prefix=CHUNK-NAN
// RUN: not retnet-opt %s -retention-select-schedule=bogus=1 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// Bad options of retention-select-schedule fail the pass (or the option
// parser) before any op is touched.

// SCHEDULE: error: retention-select-schedule: unknown schedule 'sequential'; expected auto, parallel, chunkwise or recurrent
// SCHEDULE-NOT: #retention.schedule<

// CASE: error: retention-select-schedule: unknown schedule 'Parallel'; expected auto, parallel, chunkwise or recurrent

// TARGET: error: retention-select-schedule: unknown target 'tpu'; expected cpu, cuda or cuda:sm_XX
// TARGET-NOT: #retention.schedule<

// EMPTY-ARCH: error: retention-select-schedule: unknown target 'cuda:'; expected cpu, cuda or cuda:sm_XX

// The value itself is not checked here: it is printed as a garbage byte, see
// retention-select-schedule-negative-chunk-size.mlir.
// CHUNK: error: retention-select-schedule: chunk-size must be positive, got
// CHUNK-NOT: #retention.schedule<

// CHUNK-NAN: for the --chunk-size option: 'abc' value invalid for long argument!

// UNKNOWN: <Pass-Options-Parser>: no such option bogus

func.func @f(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}
