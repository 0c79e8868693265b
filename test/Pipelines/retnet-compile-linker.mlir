// RUN: rm -f %t.so
// RUN: not retnet-compile %s -o %t.so --linker=%t.no-such-linker 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not test -e %t.so
// RUN: env RETNET_LINKER=%t.no-such-linker not retnet-compile %s -o %t.so 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not test -e %t.so
// --linker wins over RETNET_LINKER.
// RUN: env RETNET_LINKER=%t.env-linker not retnet-compile %s -o %t.so --linker=%t.opt-linker 2>&1 | FileCheck %s --check-prefix=PRECEDENCE

// The linker driver comes from --linker, else RETNET_LINKER, else a search
// (clang-22, clang, cc, gcc); a linker that cannot run is an error and
// leaves no library behind.

// MISSING: retnet-compile: error: linking failed ({{.*}}.no-such-linker):
// PRECEDENCE: retnet-compile: error: linking failed ({{.*}}.opt-linker):

func.func @f(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
