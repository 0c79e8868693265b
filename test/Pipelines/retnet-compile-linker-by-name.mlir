// RUN: rm -f %t.so %t.env.so %t.both.so %t.missing.so %t.env-missing.so
// RUN: retnet-compile %s -o %t.so --linker=clang-22
// RUN: test -s %t.so
// RUN: env RETNET_LINKER=clang-22 retnet-compile %s -o %t.env.so
// RUN: test -s %t.env.so
// --linker wins over RETNET_LINKER, even when the environment's name is not
// on PATH.
// RUN: env RETNET_LINKER=retnet-no-such-linker retnet-compile %s -o %t.both.so --linker=clang-22
// RUN: test -s %t.both.so
// A name that is not on PATH is an error (no fallback to the default search)
// and leaves no library behind.
// RUN: not retnet-compile %s -o %t.missing.so --linker=retnet-no-such-linker 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not test -e %t.missing.so
// RUN: env RETNET_LINKER=retnet-no-such-linker not retnet-compile %s -o %t.env-missing.so 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not test -e %t.env-missing.so

// --linker and RETNET_LINKER take a path (used as is, see
// retnet-compile-linker.mlir) or a program name, searched on PATH like the
// default drivers.

// MISSING: retnet-compile: error: no C compiler driver found to link the shared library (install clang-22 or gcc, or pass --linker; a --linker or RETNET_LINKER name must be on PATH)

func.func @f(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
