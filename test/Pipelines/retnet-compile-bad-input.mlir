// RUN: not retnet-compile %S/Inputs/malformed.mlir -o %t.so 2>&1 | FileCheck %s --check-prefix=PARSE
// RUN: not retnet-compile %S/Inputs/malformed.mlir --emit=llvm -o - 2>&1 | FileCheck %s --check-prefix=PARSE
// RUN: not retnet-compile %S/Inputs/invalid-op.mlir -o %t.so 2>&1 | FileCheck %s --check-prefix=VERIFY
// RUN: not retnet-compile %S/Inputs/invalid-op.mlir --print-schedules --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=VERIFY
// RUN: not retnet-compile --emit=mlir -o - < %S/Inputs/malformed.mlir 2>&1 | FileCheck %s --check-prefix=STDIN
// RUN: not retnet-compile %S/Inputs/huge-chunk.mlir -o %t.so 2>&1 | FileCheck %s --check-prefix=CHUNK
// RUN: rm -f %t.bad.so
// RUN: not retnet-compile %S/Inputs/malformed.mlir -o %t.bad.so
// RUN: not test -e %t.bad.so

// Input errors are reported as file:line:col diagnostics with the source
// line, and nothing is written.

// PARSE: Inputs{{/|\\}}malformed.mlir:5:66: error: expected '>' in tensor type
// PARSE-NEXT: %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x8x16xf32
// PARSE-NEXT: {{^ +\^$}}

// STDIN: <stdin>:5:66: error: expected '>' in tensor type

// VERIFY: Inputs{{/|\\}}invalid-op.mlir:5:8: error: 'retention.retention' op log_decay must have shape [H] = [2] (one log-decay per head), got [3]
// VERIFY-NOT: schedule:

// CHUNK: Inputs{{/|\\}}huge-chunk.mlir:4:75: error: chunk_size must be at most 4096 (a C x C f32 tile of 64 MiB), got 9223372036854775807
