// RUN: retnet-compile %s --emit=llvm -o - | FileCheck %s --check-prefix=OMP
// RUN: retnet-compile %s --openmp=0 --emit=llvm -o - | FileCheck %s --check-prefix=SEQ

// A model's layer-level ops run on OpenMP threads too: the projection's
// rows are split into tiles (retention-parallelize-linalg) and its outlined
// loop nest forks through the OpenMP runtime. Without --openmp it is one
// loop nest.
// OMP: define internal {{.*}}void @__linalg_generic(
// OMP: call void {{.*}}@__kmpc_fork_call({{.*}}@__linalg_generic..omp_par
// OMP: define internal void @__linalg_generic..omp_par(
// SEQ-NOT: __kmpc
// SEQ: define internal {{.*}}void @__linalg_generic(
// SEQ-NOT: __kmpc

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>
func.func @proj(%x: tensor<1x?x256xf32>, %w: tensor<512x256xf32>) -> tensor<1x?x512xf32> {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %t = tensor.dim %x, %c1 : tensor<1x?x256xf32>
  %e = tensor.empty(%t) : tensor<1x?x512xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x?x512xf32>) -> tensor<1x?x512xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x?x256xf32>, tensor<512x256xf32>) outs(%z : tensor<1x?x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x?x512xf32>
  return %r : tensor<1x?x512xf32>
}
