// RUN: retnet-opt --help | FileCheck %s
// RUN: retnet-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS

// retnet-opt registers the retention dialect, its passes and the CPU
// pipeline next to everything upstream.

// CHECK: OVERVIEW: retnet-opt: MLIR optimizer driver with retention
// CHECK-DAG: --convert-retention-to-cpu {{.*}}- Lower scheduled retention ops to loops of linalg on tensors
// CHECK-DAG: --retention-expand-copies {{.*}}- Rewrite memref.copy into linalg.copy
// CHECK-DAG: --retention-export-c-interface {{.*}}- Mark public functions for the C memref-descriptor interface
// CHECK-DAG: --retention-select-schedule {{.*}}- Choose parallel, chunkwise or recurrent for each retention op
// CHECK-DAG: --retnet-cpu-pipeline {{.*}}- Compile retention ops for the CPU
// Options of the pass and of the pipeline:
// CHECK-DAG: --schedule=<value>
// CHECK-DAG: --chunk-size=<long>
// CHECK-DAG: --target=<string>
// CHECK-DAG: --emit-remarks
// CHECK-DAG: --lower-to-llvm
// CHECK-DAG: --openmp
// Upstream passes the pipeline relies on:
// CHECK-DAG: --one-shot-bufferize
// CHECK-DAG: --convert-linalg-to-loops
// CHECK-DAG: --finalize-memref-to-llvm

// DIALECTS: Available Dialects:
// DIALECTS-DAG: retention
// DIALECTS-DAG: linalg
// DIALECTS-DAG: omp
