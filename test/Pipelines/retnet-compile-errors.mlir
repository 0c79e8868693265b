// RUN: not retnet-compile %s --target=tpu -o %t.so 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not retnet-compile %s --target=cuda:sm_90 --emit=llvm -o - 2>&1 | FileCheck %s --check-prefix=TARGET-SM
// RUN: not retnet-compile %s --target=cuda --gpu-arch=volta -o %t.so 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not retnet-compile %s --target=cuda --cuda-toolkit=%t.no-toolkit -o %t.so 2>&1 | FileCheck %s --check-prefix=TOOLKIT
// RUN: not retnet-compile %s --emit=ptx -o - 2>&1 | FileCheck %s --check-prefix=PTX-CPU
// RUN: not retnet-compile %s --gpu-emulate -o %t.so 2>&1 | FileCheck %s --check-prefix=EMULATE-CPU
// RUN: not retnet-compile %s --gpu-io=device -o %t.so 2>&1 | FileCheck %s --check-prefix=OTHER-TARGET
// RUN: not retnet-compile %s --gpu-arch=sm_90 -o %t.so 2>&1 | FileCheck %s --check-prefix=OTHER-TARGET
// RUN: not retnet-compile %s --target=cuda --openmp=0 --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=OPENMP-CUDA
// A manifest that cannot be written takes the artifact with it.
// RUN: rm -f %t.abi-fail.so
// RUN: not retnet-compile %s -o %t.abi-fail.so --emit-abi=%t.no-such-dir/x.json
// RUN: not test -e %t.abi-fail.so
// RUN: not retnet-compile %s --schedule=bogus -o %t.so 2>&1 | FileCheck %s --check-prefix=SCHEDULE
// RUN: not retnet-compile %s --schedule=auto --chunk-size=-1 -o %t.so 2>&1 | FileCheck %s --check-prefix=CHUNK
// RUN: not retnet-compile %s --chunk-size=4097 -o %t.so 2>&1 | FileCheck %s --check-prefix=CHUNK-MAX -DVALUE=4097
// RUN: not retnet-compile %s --schedule=chunkwise --chunk-size=1099511627776 -o %t.so 2>&1 | FileCheck %s --check-prefix=CHUNK-MAX -DVALUE=1099511627776
// RUN: not retnet-compile %s --chunk-size=9223372036854775807 --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=CHUNK-MAX -DVALUE=9223372036854775807
// RUN: not retnet-compile %s 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// RUN: not retnet-compile %s --emit=so 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// RUN: not retnet-compile %s --emit=obj 2>&1 | FileCheck %s --check-prefix=NO-OBJ-OUTPUT
// RUN: not retnet-compile %s --emit=obj -o - 2>&1 | FileCheck %s --check-prefix=NO-OBJ-OUTPUT
// An object file is never written to stdout.
// RUN: not retnet-compile %s --emit=obj 2>/dev/null | count 0
// RUN: not retnet-compile %s --emit=wasm -o %t.so 2>&1 | FileCheck %s --check-prefix=EMIT
// RUN: not retnet-compile %s.does-not-exist -o %t.so 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not retnet-compile %s --emit=llvm -o %t.no-such-dir/out.ll 2>&1 | FileCheck %s --check-prefix=BAD-OUT
// RUN: rm -f %t.none.so
// RUN: not retnet-compile %s --target=cuda --cuda-toolkit=%t.no-toolkit -o %t.none.so
// RUN: not test -e %t.none.so

// Command-line errors are reported before anything is compiled, and no
// artifact is written.

// TARGET: retnet-compile: error: unsupported target 'tpu'; this build supports: cpu, cuda
// TARGET-SM: retnet-compile: error: unsupported target 'cuda:sm_90'; this build supports: cpu, cuda
// ARCH: retnet-compile: error: unknown GPU architecture 'volta'; expected sm_<N>[a], e.g. sm_80, sm_90, sm_90a
// TOOLKIT: retnet-compile: error: no CUDA toolkit at '{{.*}}.no-toolkit' (bin/ptxas is missing); install CUDA 12.x/13.x or pass --cuda-toolkit=<dir> or set CUDA_HOME
// PTX-CPU: retnet-compile: error: --emit=ptx needs --target=cuda
// EMULATE-CPU: retnet-compile: error: --gpu-emulate needs --target=cuda and no --emit=ptx
// OTHER-TARGET: retnet-compile: error: --gpu-arch and --gpu-io need --target=cuda
// OPENMP-CUDA: retnet-compile: error: --openmp is for the CPU target (the CUDA target's host code is sequential)
// SCHEDULE: retnet-compile: for the --schedule option: Cannot find option named 'bogus'!
// CHUNK: retnet-compile: error: --chunk-size must be positive
// CHUNK-MAX: retnet-compile: error: --chunk-size must be at most 4096 (a C x C f32 tile of 64 MiB), got [[VALUE]]{{$}}
// NO-OUTPUT: retnet-compile: error: a shared library needs an output file: -o <file>.so
// NO-OBJ-OUTPUT: retnet-compile: error: an object file needs an output file: -o <file>.o{{$}}
// EMIT: for the --emit option: Cannot find option named 'wasm'!
// MISSING: retnet-compile: error: cannot open input file '{{.*}}retnet-compile-errors.mlir.does-not-exist': No such file or directory
// BAD-OUT: retnet-compile: error: cannot open output file '{{.*}}.no-such-dir/out.ll': No such file or directory

func.func @f(%q: tensor<1x2x8x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x8x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>,
         tensor<2xf32>) -> tensor<1x2x8x16xf32>
  return %o : tensor<1x2x8x16xf32>
}
