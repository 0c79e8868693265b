// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s

// f16 and bf16 inputs are widened to f32 per head (arith.extf in a
// linalg.generic), computed in f32, and the results narrowed back
// (arith.truncf). An f32 state is never narrowed; a state of the inputs'
// type is widened and narrowed like the inputs. The register tiles (default)
// and the plain loops (register-tile-rows=0 register-tile-lanes=0) work on
// the same f32 tiles: the conversions are the same.

// CHECK-LABEL: func.func @f16_f32_state
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<1x2x8x16xf16>, %[[LD:[a-z0-9_]+]]: tensor<2xf32>, %[[S0:[a-z0-9_]+]]: tensor<1x2x16x16xf32>)
// CHECK:         %[[EO:[a-z0-9_]+]] = tensor.empty() : tensor<1x2x8x16xf16>
// CHECK:         %[[ES:[a-z0-9_]+]] = tensor.empty() : tensor<1x2x16x16xf32>
// CHECK:         scf.forall ({{.*}}) in (1, 2) shared_outs(%{{.*}} = %[[EO]], %{{.*}} = %[[ES]]) -> (tensor<1x2x8x16xf16>, tensor<1x2x16x16xf32>)
// q, k and v, each widened:
// CHECK-COUNT-3:   linalg.generic {{.*}} ins(%{{.*}} : tensor<8x16xf16>) outs(%{{.*}} : tensor<8x16xf32>) {
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]]{{.*}} to tensor<16x16xf32>
// CHECK-NOT:       arith.extf
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %[[INIT]], %{{.*}} = %{{.*}}) -> (tensor<16x16xf32>, tensor<?x16xf32>)
// CHECK:           }
// CHECK:           %[[NARROW:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[LOOP]]#1 : tensor<?x16xf32>) outs(%{{.*}} : tensor<?x16xf16>) {
// CHECK-NEXT:      ^bb0(%[[IN:[a-z0-9_]+]]: f32, %{{.*}}: f16):
// CHECK-NEXT:        %[[T:[a-z0-9_]+]] = arith.truncf %[[IN]] : f32 to f16
// CHECK-NEXT:        linalg.yield %[[T]] : f16
// CHECK:           %[[CAST:[a-z0-9_]+]] = tensor.cast %[[NARROW]] : tensor<?x16xf16> to tensor<8x16xf16>
// CHECK-NOT:       arith.truncf
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[CAST]] into {{.*}} : tensor<8x16xf16> into tensor<1x2x8x16xf16>
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#0 into {{.*}} : tensor<16x16xf32> into tensor<1x2x16x16xf32>
func.func @f16_f32_state(%q: tensor<1x2x8x16xf16>, %ld: tensor<2xf32>,
                         %s0: tensor<1x2x16x16xf32>)
    -> (tensor<1x2x8x16xf16>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x8x16xf16>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x8x16xf16>, tensor<1x2x16x16xf32>
}

// -----

// The widening generic itself.
// CHECK-LABEL: func.func @f16_widen_body
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : tensor<4x8xf16>) outs(%{{.*}} : tensor<4x8xf32>) {
// CHECK-NEXT:    ^bb0(%[[IN:[a-z0-9_]+]]: f16, %{{.*}}: f32):
// CHECK-NEXT:      %[[W:[a-z0-9_]+]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT:      linalg.yield %[[W]] : f32
func.func @f16_widen_body(%q: tensor<1x1x4x8xf16>, %ld: tensor<1xf32>) -> tensor<1x1x4x8xf16> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x1x4x8xf16>, tensor<1x1x4x8xf16>, tensor<1x1x4x8xf16>,
         tensor<1xf32>) -> tensor<1x1x4x8xf16>
  return %o : tensor<1x1x4x8xf16>
}

// -----

// bf16 with a bf16 state: the initial state is widened too, the final state
// narrowed back to bf16.
// CHECK-LABEL: func.func @bf16_bf16_state
// CHECK-SAME:    %[[S0:[a-z0-9_]+]]: tensor<?x2x16x8xbf16>)
// CHECK:         scf.forall
// CHECK:           arith.extf %{{.*}} : bf16 to f32
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]]{{.*}} to tensor<16x8xbf16>
// CHECK:           %[[WINIT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[INIT]] : tensor<16x8xbf16>) outs(%{{.*}} : tensor<16x8xf32>)
// CHECK:             arith.extf %{{.*}} : bf16 to f32
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for {{.*}} step %{{.*}} iter_args(%{{.*}} = %[[WINIT]], %{{.*}} = %{{.*}}) -> (tensor<16x8xf32>, tensor<?x8xf32>)
// The partial last chunk of the dynamic T, still in f32:
// CHECK-NOT:       arith.truncf
// CHECK:           %[[LAST:[a-z0-9_]+]]:2 = scf.if %{{.*}} -> (tensor<16x8xf32>, tensor<?x8xf32>)
// CHECK-NOT:       arith.truncf
// CHECK:           linalg.generic {{.*}} ins(%[[LAST]]#1 : tensor<?x8xf32>) outs(%{{.*}} : tensor<?x8xbf16>)
// CHECK:             arith.truncf %{{.*}} : f32 to bf16
// CHECK:           %[[NSTATE:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[LAST]]#0 : tensor<16x8xf32>) outs(%{{.*}} : tensor<16x8xbf16>)
// CHECK:             arith.truncf %{{.*}} : f32 to bf16
// CHECK:           scf.forall.in_parallel {
// CHECK:             tensor.parallel_insert_slice %[[NSTATE]] into {{.*}} : tensor<16x8xbf16> into tensor<?x2x16x8xbf16>
func.func @bf16_bf16_state(%q: tensor<?x2x?x16xbf16>, %v: tensor<?x2x?x8xbf16>,
                           %ld: tensor<2xf32>, %s0: tensor<?x2x16x8xbf16>)
    -> (tensor<?x2x?x8xbf16>, tensor<?x2x16x8xbf16>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0)
      {schedule = #retention.schedule<chunkwise, chunk_size = 32>}
      : (tensor<?x2x?x16xbf16>, tensor<?x2x?x16xbf16>, tensor<?x2x?x8xbf16>,
         tensor<2xf32>, tensor<?x2x16x8xbf16>)
      -> (tensor<?x2x?x8xbf16>, tensor<?x2x16x8xbf16>)
  return %o, %s : tensor<?x2x?x8xbf16>, tensor<?x2x16x8xbf16>
}

// -----

// The f32 path has no conversions at all.
// CHECK-LABEL: func.func @f32_no_conversions
// CHECK-NOT:     arith.extf
// CHECK-NOT:     arith.truncf
// CHECK:         return
func.func @f32_no_conversions(%q: tensor<1x1x4x8xf32>, %ld: tensor<1xf32>)
    -> (tensor<1x1x4x8xf32>, tensor<1x1x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<chunkwise, chunk_size = 2>}
      : (tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>, tensor<1x1x4x8xf32>,
         tensor<1xf32>) -> (tensor<1x1x4x8xf32>, tensor<1x1x8x8xf32>)
  return %o, %s : tensor<1x1x4x8xf32>, tensor<1x1x8x8xf32>
}
