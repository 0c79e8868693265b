// torchscale's decay-mask normalization, output and final state, every schedule.
// RUN: retnet-compile %s -o %t.p.so --schedule=parallel
// RUN: %python %S/Inputs/check_artifact.py %t.p.so --fn=f --shape=1,4,130,64,64 --norm --final | FileCheck %s
// RUN: retnet-compile %s -o %t.c.so --schedule=chunkwise --chunk-size=32
// RUN: %python %S/Inputs/check_artifact.py %t.c.so --fn=f --shape=1,4,130,64,64 --norm --final | FileCheck %s
// RUN: retnet-compile %s -o %t.r.so --schedule=recurrent
// RUN: %python %S/Inputs/check_artifact.py %t.r.so --fn=f --shape=1,4,130,64,64 --norm --final | FileCheck %s
// CHECK: PASS
func.func @f(%q: tensor<1x4x130x64xf32>, %k: tensor<1x4x130x64xf32>, %v: tensor<1x4x130x64xf32>,
             %ld: tensor<4xf32>) -> (tensor<1x4x130x64xf32>, tensor<1x4x64x64xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld {decay_normalization}
      : (tensor<1x4x130x64xf32>, tensor<1x4x130x64xf32>, tensor<1x4x130x64xf32>, tensor<4xf32>)
      -> (tensor<1x4x130x64xf32>, tensor<1x4x64x64xf32>)
  return %o, %s : tensor<1x4x130x64xf32>, tensor<1x4x64x64xf32>
}
