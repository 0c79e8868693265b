// torchscale's large head dims (Dk = 256, Dv = 432), T not a multiple of 64.
// RUN: retnet-compile %s -o %t.p.so --schedule=parallel
// RUN: %python %S/Inputs/check_artifact.py %t.p.so --fn=f --shape=1,2,70,256,432 --scale=0.0625 --final | FileCheck %s
// RUN: retnet-compile %s -o %t.c.so --schedule=chunkwise --chunk-size=64
// RUN: %python %S/Inputs/check_artifact.py %t.c.so --fn=f --shape=1,2,70,256,432 --scale=0.0625 --final | FileCheck %s
// RUN: retnet-compile %s -o %t.r.so --schedule=recurrent
// RUN: %python %S/Inputs/check_artifact.py %t.r.so --fn=f --shape=1,2,70,256,432 --scale=0.0625 --final | FileCheck %s
// CHECK: PASS
func.func @f(%q: tensor<1x2x70x256xf32>, %k: tensor<1x2x70x256xf32>, %v: tensor<1x2x70x432xf32>,
             %ld: tensor<2xf32>) -> (tensor<1x2x70x432xf32>, tensor<1x2x256x432xf32>) {
  %o, %s = retention.retention %q, %k, %v, %ld {scale = 0.0625 : f32}
      : (tensor<1x2x70x256xf32>, tensor<1x2x70x256xf32>, tensor<1x2x70x432xf32>, tensor<2xf32>)
      -> (tensor<1x2x70x432xf32>, tensor<1x2x256x432xf32>)
  return %o, %s : tensor<1x2x70x432xf32>, tensor<1x2x256x432xf32>
}
