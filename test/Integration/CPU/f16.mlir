// f16 inputs and outputs, accumulated in f32, for every schedule.
// RUN: retnet-compile %s -o %t.p.so --schedule=parallel
// RUN: %python %S/Inputs/check_artifact.py %t.p.so --fn=f --shape=2,2,37,32,32 --dtype=f16 --tol=5e-3 | FileCheck %s
// RUN: retnet-compile %s -o %t.c.so --schedule=chunkwise --chunk-size=16
// RUN: %python %S/Inputs/check_artifact.py %t.c.so --fn=f --shape=2,2,37,32,32 --dtype=f16 --tol=5e-3 | FileCheck %s
// RUN: retnet-compile %s -o %t.r.so --schedule=recurrent
// RUN: %python %S/Inputs/check_artifact.py %t.r.so --fn=f --shape=2,2,37,32,32 --dtype=f16 --tol=5e-3 | FileCheck %s
// CHECK: PASS
func.func @f(%q: tensor<2x2x37x32xf16>, %k: tensor<2x2x37x32xf16>, %v: tensor<2x2x37x32xf16>,
             %ld: tensor<2xf32>) -> tensor<2x2x37x32xf16> {
  %o = retention.retention %q, %k, %v, %ld
      : (tensor<2x2x37x32xf16>, tensor<2x2x37x32xf16>, tensor<2x2x37x32xf16>, tensor<2xf32>)
      -> tensor<2x2x37x32xf16>
  return %o : tensor<2x2x37x32xf16>
}
