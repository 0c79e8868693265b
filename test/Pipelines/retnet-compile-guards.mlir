// The output is never the input (same path, another spelling of it, a hard
// link): an error, the input untouched. `--emit=mlir -o in.mlir` used to
// overwrite it and return 0.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: cp %s %t.dir/in.mlir
// RUN: not retnet-compile %t.dir/in.mlir -o %t.dir/in.mlir --emit=mlir 2>&1 | FileCheck %s --check-prefix=SAME -DOUT=%t.dir/in.mlir
// RUN: not retnet-compile %t.dir/in.mlir -o %t.dir/./in.mlir --emit=mlir 2>&1 | FileCheck %s --check-prefix=SAME -DOUT=%t.dir/./in.mlir
// RUN: ln -f %t.dir/in.mlir %t.dir/link.mlir
// RUN: not retnet-compile %t.dir/in.mlir -o %t.dir/link.mlir --emit=llvm 2>&1 | FileCheck %s --check-prefix=SAME -DOUT=%t.dir/link.mlir
// RUN: not retnet-compile %t.dir/in.mlir -o %t.dir/in.mlir 2>&1 | FileCheck %s --check-prefix=SAME -DOUT=%t.dir/in.mlir
// RUN: not retnet-compile %t.dir/in.mlir --emit=mlir -o %t.dir/out.mlir --emit-abi=%t.dir/in.mlir 2>&1 | FileCheck %s --check-prefix=ABI-SAME
// RUN: cmp %s %t.dir/in.mlir
// SAME: retnet-compile: error: the output '[[OUT]]' is the input file '{{.*}}in.mlir'; refusing to overwrite it
// ABI-SAME: retnet-compile: error: the ABI manifest '{{.*}}in.mlir' is the input file '{{.*}}in.mlir'; refusing to overwrite it

// --mcpu names a CPU LLVM knows for the host target and that can run its
// code (a 32-bit x86 CPU used to end in "LLVM ERROR: 64-bit code requested
// on a subtarget that doesn't support it!", an unknown name in LLVM's
// warnings and a generic build).
// RUN: not retnet-compile %s -o %t.so --mcpu=pentium 2>&1 | FileCheck %s --check-prefix=CPU32
// RUN: not retnet-compile %s --emit=obj -o %t.o --mcpu=bogus 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: retnet-compile %s --emit=obj -o %t.o --mcpu=znver4
// CPU32: retnet-compile: error: --mcpu: CPU 'pentium' cannot run 64-bit code, which the host target {{.*}} needs; valid names include host, generic, x86-64, x86-64-v2, x86-64-v3, x86-64-v4, {{.*}}znver4
// CPU-NOT: not a recognized processor
// CPU: retnet-compile: error: --mcpu: unknown CPU 'bogus' for the host target {{.*}}; valid names include host, generic, x86-64, {{.*}} (llc -mcpu=help lists them all)
// CPU-NOT: LLVM ERROR

// A linker that exits 0 without writing the library is an error, and leaves
// nothing behind (the library is linked under a temporary name and renamed).
// RUN: rm -rf %t.ld && mkdir -p %t.ld
// RUN: not retnet-compile %s -o %t.ld/m.so --linker=/bin/true 2>&1 | FileCheck %s --check-prefix=LINKER
// RUN: ls %t.ld | count 0
// LINKER: retnet-compile: error: the linker (/bin/true) exited 0 but wrote no shared library; is --linker / RETNET_LINKER a C compiler driver?

// Nesting deeper than retnet::kMaxNestingDepth (1000) levels of (, [ and {
// is an error at the first token too deep, not a parser stack overflow
// ("PLEASE submit a bug report" at about 6000). Brackets in strings and
// comments do not count; 1000 levels compile.
// RUN: %python -c "print('func.func @f() -> ' + '(' * 6000 + 'i32' + ')' * 6000)" > %t.deep.mlir
// RUN: not retnet-compile %t.deep.mlir -o %t.so 2>&1 | FileCheck %s --check-prefix=DEEP
// RUN: %python -c "print('// ' + '{' * 2000); print('func.func private @f() attributes {s = \"' + '[' * 2000 + '\"}')" > %t.strings.mlir
// RUN: retnet-compile %t.strings.mlir -o %t.so
// RUN: retnet-compile %S/Inputs/nesting-at-limit.mlir -o %t.so
// RUN: %python -c "print('func.func @f(%%a: i32) -> i32 {'); print('%%r = scf.execute_region -> i32 {' * 1000)" > %t.regions.mlir
// RUN: not retnet-compile %t.regions.mlir --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=DEEP-REGIONS
// DEEP: deep.mlir:1:1019: error: nesting deeper than 1000 levels of (, [ and { (retnet-compile's limit: MLIR's parser would overflow its stack)
// DEEP-NOT: PLEASE submit a bug report
// DEEP-REGIONS: regions.mlir:2:32000: error: nesting deeper than 1000 levels of (, [ and {

// Progress lines on stderr: each phase at its start for a large module
// (1000 functions or more, or 8 MB), else once a phase has run 5 s
// (--progress-after, hidden; 0 announces every phase); --quiet: none.
// RUN: retnet-compile %s -o %t.so --progress-after=0 2>&1 | FileCheck %s --check-prefix=PROGRESS
// RUN: retnet-compile %s -o %t.so --progress-after=0 --quiet 2>&1 | count 0
// RUN: retnet-compile %s -o %t.so 2>&1 | count 0
// RUN: %python -c "[print('func.func @f%%d(%%%%a: tensor<4xf32>) -> tensor<4xf32> { return %%%%a : tensor<4xf32> }' %% i) for i in range(1000)]" > %t.many.mlir
// RUN: retnet-compile %t.many.mlir --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=LARGE
// RUN: retnet-compile %t.many.mlir --emit=mlir -o /dev/null --quiet 2>&1 | count 0
// PROGRESS:      retnet-compile: {{[0-9]+}} KB, parsing...
// PROGRESS-NEXT: retnet-compile: 1 function, lowering...
// PROGRESS-NEXT: retnet-compile: 1 function, translating to LLVM IR...
// PROGRESS-NEXT: retnet-compile: 1 function, optimizing...
// PROGRESS-NEXT: retnet-compile: 1 function, generating code...
// PROGRESS-NEXT: retnet-compile: 1 function, linking...
// PROGRESS-NOT:  retnet-compile
// LARGE:      retnet-compile: 1000 functions, lowering...
// LARGE-NOT:  retnet-compile

func.func @f(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
