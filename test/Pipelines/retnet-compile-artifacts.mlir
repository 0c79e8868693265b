// RUN: rm -f %t.so %t.o
// RUN: retnet-compile %s -o %t.so
// RUN: test -s %t.so
// RUN: llvm-readelf -h %t.so | FileCheck %s --check-prefix=SO
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s --check-prefix=SYMS
// RUN: retnet-compile %s --emit=obj -o %t.o
// RUN: test -s %t.o
// RUN: llvm-readelf -h %t.o | FileCheck %s --check-prefix=OBJ
// RUN: llvm-nm --defined-only %t.o | FileCheck %s --check-prefix=SYMS
// RUN: retnet-compile %s -O0 --mcpu=generic -o %t.generic.so
// RUN: llvm-nm -D --defined-only %t.generic.so | FileCheck %s --check-prefix=SYMS

// The default artifact is a shared library exporting the function and its
// C wrapper; --emit=obj gives the relocatable object before linking.

// SO: Type: DYN (Shared object file)
// OBJ: Type: REL (Relocatable file)
// SYMS-DAG: T _mlir_ciface_retention_layer
// SYMS-DAG: T retention_layer

func.func @retention_layer(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {scale = 0.25 : f32}
      : (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
         tensor<2xf32>) -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}
