// RUN: retnet-opt %s -retnet-cpu-pipeline -mlir-print-ir-after=retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO
// RUN: retnet-opt %s -retnet-cpu-pipeline=schedule=parallel -mlir-print-ir-after=retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=PAR
// RUN: retnet-opt %s -retnet-cpu-pipeline=schedule=recurrent -mlir-print-ir-after=retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=REC
// RUN: retnet-opt %s -retnet-cpu-pipeline='schedule=chunkwise chunk-size=32' -mlir-print-ir-after=retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=CW32
// RUN: retnet-opt %s -retnet-cpu-pipeline=chunk-size=128 -mlir-print-ir-after=retention-select-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUTO128
// RUN: not retnet-opt %s -retnet-cpu-pipeline=schedule=bogus -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not retnet-opt %s -retnet-cpu-pipeline=bogus=1 -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not retnet-opt %s -retnet-cpu-pipeline=vector-bits=300 -o /dev/null 2>&1 | FileCheck %s --check-prefix=BITS

// The pipeline's schedule and chunk-size options reach
// retention-select-schedule (for the CPU target); pinned schedules survive.
// Without schedule= the cost model decides: the dynamic-T ops get the faster
// linear form at T = 2048, recurrent for the small 16 x 16 state and
// chunkwise (C = 64) for big 256 x 432 heads.

// AUTO-LABEL:    IR Dump After RetentionSelectSchedule (retention-select-schedule)
// AUTO:          func.func @dynamic_t(
// AUTO:            schedule = #retention.schedule<recurrent>
// AUTO:          func.func @dynamic_t_big_heads
// AUTO:            schedule = #retention.schedule<chunkwise, chunk_size = 64>
// AUTO:          func.func @decode
// AUTO:            schedule = #retention.schedule<recurrent>
// AUTO:          func.func @pinned
// AUTO:            schedule = #retention.schedule<chunkwise, chunk_size = 7>
// AUTO-NOT:      IR Dump After

// PAR-LABEL:     IR Dump After RetentionSelectSchedule
// PAR:             schedule = #retention.schedule<parallel>
// PAR:             schedule = #retention.schedule<parallel>
// PAR:             schedule = #retention.schedule<parallel>
// PAR:             schedule = #retention.schedule<chunkwise, chunk_size = 7>

// REC-LABEL:     IR Dump After RetentionSelectSchedule
// REC:             schedule = #retention.schedule<recurrent>
// REC:             schedule = #retention.schedule<recurrent>
// REC:             schedule = #retention.schedule<recurrent>
// REC:             schedule = #retention.schedule<chunkwise, chunk_size = 7>

// CW32-LABEL:    IR Dump After RetentionSelectSchedule
// CW32:            schedule = #retention.schedule<chunkwise, chunk_size = 32>
// CW32:            schedule = #retention.schedule<chunkwise, chunk_size = 32>
// CW32:            schedule = #retention.schedule<chunkwise, chunk_size = 32>
// CW32:            schedule = #retention.schedule<chunkwise, chunk_size = 7>

// chunk-size alone changes chunkwise decisions only (the big heads'), not
// the recurrent ones (the small dynamic-T op and the decode step).
// AUTO128-LABEL: IR Dump After RetentionSelectSchedule
// AUTO128:         schedule = #retention.schedule<recurrent>
// AUTO128:         schedule = #retention.schedule<chunkwise, chunk_size = 128>
// AUTO128:         schedule = #retention.schedule<recurrent>
// AUTO128:         schedule = #retention.schedule<chunkwise, chunk_size = 7>

// BAD: for the --schedule option: Cannot find option named 'bogus'!
// UNKNOWN: no such option bogus

func.func @dynamic_t(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}

func.func @dynamic_t_big_heads(%q: tensor<1x2x?x256xf32>, %v: tensor<1x2x?x432xf32>,
                               %ld: tensor<2xf32>) -> tensor<1x2x?x432xf32> {
  %o = retention.retention %q, %q, %v, %ld
      : (tensor<1x2x?x256xf32>, tensor<1x2x?x256xf32>, tensor<1x2x?x432xf32>,
         tensor<2xf32>) -> tensor<1x2x?x432xf32>
  return %o : tensor<1x2x?x432xf32>
}

func.func @decode(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x1x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %o : tensor<1x2x1x16xf32>
}

func.func @pinned(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 7>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}

// A value the builder refuses is an error of the pipeline parser, not a
// fatal error.
// BITS: retnet-cpu-pipeline: vector-bits must be 0 (the host's), 128, 256 or 512, got 300
// BITS: retnet-cpu-pipeline: the options above are invalid
// BITS-NOT: LLVM ERROR
