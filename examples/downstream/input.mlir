// CHECK-LABEL: func.func @decode
// CHECK: retention.retention {{.*}}schedule = #retention.schedule<recurrent>
func.func @decode(%q: tensor<2x4x1x64xf32>, %ld: tensor<4xf32>) -> tensor<2x4x1x64xf32> {
  %o = retention.retention %q, %q, %q, %ld
      : (tensor<2x4x1x64xf32>, tensor<2x4x1x64xf32>, tensor<2x4x1x64xf32>, tensor<4xf32>)
      -> tensor<2x4x1x64xf32>
  return %o : tensor<2x4x1x64xf32>
}
// LOWERED-LABEL: llvm.func @decode
// LOWERED: llvm.func @_mlir_ciface_decode
