// RUN: retnet-compile --help | FileCheck %s
// RUN: retnet-compile --help | FileCheck %s --check-prefix=HIDDEN

// retnet-compile shows only its own options.

// CHECK: OVERVIEW: retnet-compile: compile retention graphs to artifacts
// CHECK: USAGE: retnet-compile [options] <input .mlir>
// CHECK: retnet-compile options:
// CHECK-DAG: -O <uint> {{.*}}- LLVM optimization level (0-3)
// CHECK-DAG: --chunk-size=<long>
// CHECK-DAG: --emit-abi=<path>
// CHECK-DAG: --emit=<value>
// CHECK-DAG: =so {{.*}}- a shared library
// CHECK-DAG: =obj {{.*}}- an object file
// CHECK-DAG: =llvm {{.*}}- LLVM IR text
// CHECK-DAG: =mlir {{.*}}- MLIR (LLVM dialect) after the pipeline
// CHECK-DAG: --linker=<string>
// CHECK-DAG: --mcpu=<string>
// CHECK-DAG: -o <filename>
// CHECK-DAG: --openmp
// CHECK-DAG: --print-schedules
// CHECK-DAG: --quiet
// CHECK-DAG: --schedule=<value>
// CHECK-DAG: --target=<string>

// The MLIR context and pass manager options are registered but hidden.
// HIDDEN-NOT: --mlir-print-ir-after
// HIDDEN-NOT: --mlir-disable-threading
// HIDDEN-NOT: --progress-after
