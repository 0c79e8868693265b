// RUN: not retnet-opt %s -retention-select-schedule=schedule=sequential 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// RUN: not retnet-opt %s -retention-select-schedule=schedule=Parallel 2>&1 | FileCheck %s --check-prefix=CASE
// RUN: not retnet-opt %s -retention-select-schedule=target=tpu 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda: 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=-4 2>&1 | FileCheck %s --check-prefix=CHUNK
// RUN: not retnet-opt %s -retention-select-schedule=chunk-size=abc 2>&1 | FileCheck %s --check-prefix=CHUNK-NAN
// RUN: not retnet-opt %s -retention-select-schedule=bogus=1 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not retnet-opt %s -retention-select-schedule=vector-bits=300 2>&1 | FileCheck %s --check-prefix=BITS

// cpu:<cores> needs a positive decimal core count.
// RUN: not retnet-opt %s -retention-select-schedule=target=cpu:0 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cpu:0
// RUN: not retnet-opt %s -retention-select-schedule=target=cpu:x 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cpu:x
// RUN: not retnet-opt %s -retention-select-schedule=target=cpu: 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cpu:
// RUN: not retnet-opt %s -retention-select-schedule=target=cpu:-2 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cpu:-2
// RUN: not retnet-opt %s -retention-select-schedule=target=cpu:4x 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cpu:4x
// RUN: not retnet-opt %s -retention-select-schedule=target=CPU 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=CPU
// cuda:<arch> needs sm_<digits>, optionally followed by 'a'.
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda:sm90 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:sm90
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda:bogus 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:bogus
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda:sm_ 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:sm_
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda:sm_90b 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:sm_90b
// RUN: not retnet-opt %s -retention-select-schedule=target=cuda:sm_90aa 2>&1 | FileCheck %s --check-prefix=UNKNOWN-TARGET -DTARGET=cuda:sm_90aa

// Bad options of retention-select-schedule fail the pass (or the option
// parser) before any op is touched. The accepted target names are in
// retention-select-schedule-targets.mlir.

// SCHEDULE: for the --schedule option: Cannot find option named 'sequential'!
// SCHEDULE-NOT: #retention.schedule<

// CASE: for the --schedule option: Cannot find option named 'Parallel'!

// TARGET: error: retention-select-schedule: unknown target 'tpu'; expected cpu, cpu:<cores>, cuda or cuda:sm_XX{{$}}
// TARGET-NOT: #retention.schedule<

// UNKNOWN-TARGET: error: retention-select-schedule: unknown target '[[TARGET]]'; expected cpu, cpu:<cores>, cuda or cuda:sm_XX{{$}}
// UNKNOWN-TARGET-NOT: #retention.schedule<

// CHUNK: error: retention-select-schedule: chunk-size must be non-negative (0: the cost model's choice), got -4{{$}}
// CHUNK-NOT: #retention.schedule<

// CHUNK-NAN: for the --chunk-size option: 'abc' value invalid for long argument!

// UNKNOWN: <Pass-Options-Parser>: no such option bogus

// BITS: error: retention-select-schedule: vector-bits must be 0 (the host's), 128, 256 or 512, got 300{{$}}
// BITS-NOT: #retention.lowering_config<

func.func @f(%q: tensor<2x8x16x64xf32>, %ld: tensor<8xf32>) -> tensor<2x8x16x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>,
         tensor<8xf32>) -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}
