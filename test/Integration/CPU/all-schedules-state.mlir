// Compile and run every schedule with an initial and a final state; compare
// with the float64 reference (tolerance 2e-5 relative to the max).
// RUN: retnet-compile %s -o %t.par.so --schedule=parallel
// RUN: %python %S/Inputs/check_artifact.py %t.par.so --fn=f --shape=2,3,45,16,24 --init --final --scale=0.25 | FileCheck %s
// RUN: retnet-compile %s -o %t.chunk.so --schedule=chunkwise --chunk-size=16
// RUN: %python %S/Inputs/check_artifact.py %t.chunk.so --fn=f --shape=2,3,45,16,24 --init --final --scale=0.25 | FileCheck %s
// RUN: retnet-compile %s -o %t.rec.so --schedule=recurrent
// RUN: %python %S/Inputs/check_artifact.py %t.rec.so --fn=f --shape=2,3,45,16,24 --init --final --scale=0.25 | FileCheck %s
// RUN: retnet-compile %s -o %t.auto.so
// RUN: %python %S/Inputs/check_artifact.py %t.auto.so --fn=f --shape=2,3,45,16,24 --init --final --scale=0.25 | FileCheck %s
// CHECK: PASS
func.func @f(%q: tensor<2x3x45x16xf32>, %k: tensor<2x3x45x16xf32>, %v: tensor<2x3x45x24xf32>,
             %ld: tensor<3xf32>, %s0: tensor<2x3x16x24xf32>)
    -> (tensor<2x3x45x24xf32>, tensor<2x3x16x24xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld init(%s0) {scale = 0.25 : f32}
      : (tensor<2x3x45x16xf32>, tensor<2x3x45x16xf32>, tensor<2x3x45x24xf32>, tensor<3xf32>,
         tensor<2x3x16x24xf32>) -> (tensor<2x3x45x24xf32>, tensor<2x3x16x24xf32>)
  return %o, %s : tensor<2x3x45x24xf32>, tensor<2x3x16x24xf32>
}
