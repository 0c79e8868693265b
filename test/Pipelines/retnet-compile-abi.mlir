// RUN: retnet-compile %s --emit=mlir -o /dev/null --emit-abi=- 2>%t.err | FileCheck %s --check-prefixes=CHECK,HOST
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// RUN: rm -f %t.so %t.so.abi.json
// RUN: retnet-compile %s -o %t.so 2>/dev/null
// RUN: FileCheck %s --check-prefixes=CHECK,HOST < %t.so.abi.json
// RUN: %python -c "import json, sys; json.load(open(sys.argv[1]))" %t.so.abi.json
// RUN: rm -f %t.other.so %t.other.so.abi.json %t.json
// RUN: retnet-compile %s -o %t.other.so --emit-abi=%t.json --mcpu=x86-64-v3 2>/dev/null
// RUN: not test -e %t.other.so.abi.json
// RUN: FileCheck %s --check-prefixes=CHECK,V3 < %t.json
// RUN: retnet-compile %s --target=cuda --gpu-emulate --emit=mlir -o /dev/null --emit-abi=- 2>/dev/null | FileCheck %s --check-prefix=CUDA
// RUN: retnet-compile %s --emit=llvm -o %t.ll 2>/dev/null
// RUN: not test -e %t.ll.abi.json
// RUN: not retnet-compile %s --emit=mlir -o - --emit-abi=- 2>&1 | FileCheck %s --check-prefix=STDOUT
// RUN: rm -f %t.bad.so.abi.json
// RUN: not retnet-compile %S/Inputs/invalid-op.mlir -o %t.bad.so 2>/dev/null
// RUN: not test -e %t.bad.so.abi.json

// The ABI manifest: the public functions' signatures as the parsed module
// declares them (-1 for a dynamic extent), written next to a shared library
// (<output>.abi.json), to --emit-abi=PATH for any output, or to stdout with
// --emit-abi=-; "mcpu" is the CPU the code was built for, host resolved.
// A failed compile writes none.

// CHECK:      {
// CHECK-NEXT:   "format": "retnet-abi",
// CHECK-NEXT:   "version": 1,
// CHECK-NEXT:   "target": "cpu",
// HOST-NOT:     "mcpu": "host"
// HOST-NEXT:    "mcpu": "{{[a-z0-9_.-]+}}",
// V3-NEXT:      "mcpu": "x86-64-v3",
// CHECK-NEXT:   "functions": [

// CHECK-NEXT:     {"name": "ids", "symbol": "_mlir_ciface_ids",
// CHECK-NEXT:      "inputs": [{"shape": [-1, -1], "dtype": "i64"}],
// CHECK-NEXT:      "outputs": [{"shape": [-1, -1], "dtype": "i64"}],
// CHECK-NEXT:      "aliases": []},
func.func @ids(%t: tensor<?x?xi64>) -> tensor<?x?xi64> {
  return %t : tensor<?x?xi64>
}

// A decode step: the final state may be the initial state's buffer.
// CHECK-NEXT:     {"name": "decode", "symbol": "_mlir_ciface_decode",
// CHECK-NEXT:      "inputs": [{"shape": [-1, 2, 1, 8], "dtype": "f32"}, {"shape": [2], "dtype": "f32"}, {"shape": [-1, 2, 8, 8], "dtype": "f32"}],
// CHECK-NEXT:      "outputs": [{"shape": [-1, 2, 1, 8], "dtype": "f32"}, {"shape": [-1, 2, 8, 8], "dtype": "f32"}],
// CHECK-NEXT:      "aliases": [{"output": 1, "input": 2}]},
func.func @decode(%q: tensor<?x2x1x8xf32>, %ld: tensor<2xf32>, %s0: tensor<?x2x8x8xf32>)
    -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<2xf32>,
         tensor<?x2x8x8xf32>) -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>
}

// No alias where something else reads the initial state too (here: it is
// also returned).
// CHECK-NEXT:     {"name": "state_read_twice", "symbol": "_mlir_ciface_state_read_twice",
// CHECK-NEXT:      "inputs": [{"shape": [1, 2, 1, 8], "dtype": "f32"}, {"shape": [2], "dtype": "f32"}, {"shape": [1, 2, 8, 8], "dtype": "f32"}],
// CHECK-NEXT:      "outputs": [{"shape": [1, 2, 8, 8], "dtype": "f32"}, {"shape": [1, 2, 8, 8], "dtype": "f32"}],
// CHECK-NEXT:      "aliases": []},
func.func @state_read_twice(%q: tensor<1x2x1x8xf32>, %ld: tensor<2xf32>, %s0: tensor<1x2x8x8xf32>)
    -> (tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<1x2x1x8xf32>, tensor<2xf32>,
         tensor<1x2x8x8xf32>) -> (tensor<1x2x1x8xf32>, tensor<1x2x8x8xf32>)
  return %s, %s0 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>
}

// Every dtype the manifest names; a scalar is passed by value (not as a
// memref descriptor) and says so.
// CHECK-NEXT:     {"name": "types", "symbol": "_mlir_ciface_types",
// CHECK-NEXT:      "inputs": [{"shape": [2], "dtype": "f16"}, {"shape": [2], "dtype": "bf16"}, {"shape": [3], "dtype": "i32"}, {"shape": [1], "dtype": "i1"}, {"shape": [-1], "dtype": "f64"}, {"shape": [], "dtype": "i64", "scalar": true}],
// CHECK-NEXT:      "outputs": [{"shape": [2], "dtype": "f16"}],
// CHECK-NEXT:      "aliases": []}
// CHECK-NEXT:   ]
// CHECK-NEXT: }
func.func @types(%a: tensor<2xf16>, %b: tensor<2xbf16>, %c: tensor<3xi32>, %d: tensor<1xi1>,
                 %e: tensor<?xf64>, %p: i64) -> tensor<2xf16> {
  return %a : tensor<2xf16>
}

// A type the manifest cannot describe: the function is left out, with a
// warning at it.
// WARN: retnet-compile-abi.mlir:[[@LINE+1]]:1: warning: not in the ABI manifest: input 0 has type 'tensor<4xi8>', which the manifest cannot describe (ranked tensors of f32, f16, bf16, f64, i64, i32, i1)
func.func @bytes(%a: tensor<4xi8>) -> tensor<4xi8> {
  return %a : tensor<4xi8>
}

// Private functions are not entry points.
// CHECK-NOT: helper
func.func private @helper(%a: tensor<2xf32>) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}

// CUDA: "target": "cuda",
// CUDA: {"name": "decode", "symbol": "_mlir_ciface_decode",

// STDOUT: retnet-compile: error: --emit-abi=- and -o - would both write to stdout
