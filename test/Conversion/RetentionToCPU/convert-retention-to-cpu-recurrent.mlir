// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefixes=CHECK,PLAIN

// The recurrent schedule: per (b, h), one scf.for over tokens with step 1,
// carrying the Dk x Dv state: S = gamma S + k_t^T v_t, o_t = q_t S. A static
// T = 1 (decode) has no token loop, and its state update is out of place.
//
// TILED (the default): each token is one fused pass over the state, per
// block of up to 128 lanes of Dv: for each state row i, read it once, write
// gamma * row + k_i v, and accumulate q_i * row into the output in vector
// registers. PLAIN (register-tile-rows=0): a linalg.generic for the rank-1
// update, then one for the vector-matrix product.
// PLAIN-NOT: vector.

// CHECK-LABEL: func.func @recurrent_static
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<1x2x8x16xf32>, %[[V:[a-z0-9_]+]]: tensor<1x2x8x24xf32>, %[[LD:[a-z0-9_]+]]: tensor<2xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[FORALL:[a-z0-9_]+]] = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (1, 2) shared_outs(%[[SO:[a-z0-9_]+]] = %{{.*}}) -> (tensor<1x2x8x24xf32>)
// CHECK:           %[[QH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 8, 16]
// CHECK:           %[[KH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 8, 16]
// CHECK:           %[[VH:[a-z0-9_]+]] = tensor.extract_slice %[[V]][%[[B]], %[[H]], 0, 0] [1, 1, 8, 24]
// CHECK:           %[[LOGDECAY:[a-z0-9_]+]] = tensor.extract %[[LD]][%[[H]]] : tensor<2xf32>
// gamma = exp(log_decay), computed once per head, outside the token loop:
// CHECK:           %[[EXPONENT:[a-z0-9_]+]] = arith.mulf %{{.*}}, %[[LOGDECAY]] : f32
// CHECK:           %[[POW:[a-z0-9_]+]] = math.exp %[[EXPONENT]] : f32
// CHECK:           %[[GAMMA:[a-z0-9_]+]] = arith.select %{{.*}}, %{{.*}}, %[[POW]] : f32
// CHECK:           %[[S0:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<16x24xf32>) -> tensor<16x24xf32>
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[TOK:[a-z0-9_]+]] = %[[C0]] to %[[C8]] step %[[C1]] iter_args(%[[STATE:[a-z0-9_]+]] = %[[S0]], %[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<16x24xf32>, tensor<?x24xf32>) {
// CHECK:             %[[VT:[a-z0-9_]+]] = tensor.extract_slice %[[VH]][%[[TOK]], 0] [1, 24] [1, 1] : tensor<8x24xf32> to tensor<24xf32>
// CHECK:             %[[KT:[a-z0-9_]+]] = tensor.extract_slice %[[KH]][%[[TOK]], 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
// CHECK:             %[[QT:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[TOK]], 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
// The fused step, in place on the carried state (Dv = 24: one 24-lane block):
// TILED:             %[[GV:[a-z0-9_]+]] = vector.broadcast %[[GAMMA]] : f32 to vector<24xf32>
// TILED:             %[[VV:[a-z0-9_]+]] = vector.transfer_read %[[VT]][%[[C0]]], %[[ZERO]] {in_bounds = [true]} : tensor<24xf32>, vector<24xf32>
// TILED:             %[[ROWS:[a-z0-9_]+]]:2 = scf.for %[[I:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C1]] iter_args(%[[CUR:[a-z0-9_]+]] = %[[STATE]], %[[ACC:[a-z0-9_]+]] = %{{.*}}) -> (tensor<16x24xf32>, vector<24xf32>)
// TILED:               %[[ROW:[a-z0-9_]+]] = vector.transfer_read %[[CUR]][%[[I]], %[[C0]]]
// TILED:               %[[KI:[a-z0-9_]+]] = tensor.extract %[[KT]][%[[I]]]
// TILED:               %[[QI:[a-z0-9_]+]] = tensor.extract %[[QT]][%[[I]]]
// TILED:               %[[DEC:[a-z0-9_]+]] = arith.mulf %[[ROW]], %[[GV]] : vector<24xf32>
// TILED:               %[[UPD:[a-z0-9_]+]] = vector.fma %{{.*}}, %[[VV]], %[[DEC]] : vector<24xf32>
// TILED:               %[[WR:[a-z0-9_]+]] = vector.transfer_write %[[UPD]], %[[CUR]][%[[I]], %[[C0]]]
// TILED:               %[[ACC2:[a-z0-9_]+]] = vector.fma %{{.*}}, %[[UPD]], %[[ACC]] : vector<24xf32>
// TILED:               scf.yield %[[WR]], %[[ACC2]]
// The output row goes straight into row t of the carried output:
// TILED:             %[[INS:[a-z0-9_]+]] = vector.transfer_write %[[ROWS]]#1, %[[OUT]][%[[TOK]], %[[C0]]] {in_bounds = [true]} : vector<24xf32>, tensor<?x24xf32>
// TILED:             scf.yield %[[ROWS]]#0, %[[INS]] : tensor<16x24xf32>, tensor<?x24xf32>
// PLAIN:             %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[KT]], %[[VT]] : tensor<16xf32>, tensor<24xf32>) outs(%[[STATE]] : tensor<16x24xf32>) {
// PLAIN-NEXT:        ^bb0(%[[K:[a-z0-9_]+]]: f32, %[[VV:[a-z0-9_]+]]: f32, %[[SV:[a-z0-9_]+]]: f32):
// PLAIN-NEXT:          %[[KV:[a-z0-9_]+]] = arith.mulf %[[K]], %[[VV]] fastmath<contract> : f32
// PLAIN-NEXT:          %[[DEC:[a-z0-9_]+]] = arith.mulf %[[SV]], %[[GAMMA]] fastmath<contract> : f32
// PLAIN-NEXT:          %[[SUM:[a-z0-9_]+]] = arith.addf %[[DEC]], %[[KV]] fastmath<contract> : f32
// PLAIN-NEXT:          linalg.yield %[[SUM]] : f32
// PLAIN:             %[[ROW:[a-z0-9_]+]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%[[QT]], %[[NEXT]] : tensor<16xf32>, tensor<16x24xf32>) outs(%{{.*}} : tensor<24xf32>)
// PLAIN:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[ROW]] into %[[OUT]][%[[TOK]], 0] [1, 24] [1, 1] : tensor<24xf32> into tensor<?x24xf32>
// PLAIN:             scf.yield %[[NEXT]], %[[INS]] : tensor<16x24xf32>, tensor<?x24xf32>
// CHECK:           }
// CHECK:           %[[CAST:[a-z0-9_]+]] = tensor.cast %[[LOOP]]#1 : tensor<?x24xf32> to tensor<8x24xf32>
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[CAST]] into %[[SO]][%[[B]], %[[H]], 0, 0] [1, 1, 8, 24] [1, 1, 1, 1] : tensor<8x24xf32> into tensor<1x2x8x24xf32>
// CHECK-NEXT:      }
// CHECK:         return %[[FORALL]]
func.func @recurrent_static(%q: tensor<1x2x8x16xf32>, %v: tensor<1x2x8x24xf32>,
                            %ld: tensor<2xf32>) -> tensor<1x2x8x24xf32> {
  %o = retention.retention %q, %q, %v, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x24xf32>,
         tensor<2xf32>) -> tensor<1x2x8x24xf32>
  return %o : tensor<1x2x8x24xf32>
}

// -----

// Decode: T = 1 with an initial and a final state (dynamic B: the forall
// stays). No token loop: the update reads S0 and writes a fresh tensor (out
// of place, so the read-only S0 is never copied), which is the final state.
// CHECK-LABEL: func.func @recurrent_decode_states
// CHECK-SAME:    %[[S0:[a-z0-9_]+]]: tensor<?x2x16x16xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[FORALL:[a-z0-9_]+]]:2 = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (%{{.*}}, 2) shared_outs(%[[SO:[a-z0-9_]+]] = %{{.*}}, %[[SS:[a-z0-9_]+]] = %{{.*}})
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 16]
// CHECK:           tensor.extract_slice %{{.*}}[%[[C0]], 0] [1, 16] [1, 1] : tensor<1x16xf32> to tensor<16xf32>
// CHECK:           %[[FRESH:[a-z0-9_]+]] = tensor.empty() : tensor<16x16xf32>
// TILED:           %[[ROWS:[a-z0-9_]+]]:2 = scf.for {{.*}} iter_args(%[[CUR:[a-z0-9_]+]] = %[[FRESH]], %{{.*}} = %{{.*}}) -> (tensor<16x16xf32>, vector<16xf32>)
// TILED:             vector.transfer_read %[[INIT]]
// TILED:             vector.transfer_write %{{.*}}, %[[CUR]]
// TILED:           %[[OUT:[a-z0-9_]+]] = vector.transfer_write %[[ROWS]]#1, %{{.*}}[%[[C0]], %[[C0]]] {in_bounds = [true]} : vector<16xf32>, tensor<1x16xf32>
// PLAIN:           %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[INIT]] : tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>) outs(%[[FRESH]] : tensor<16x16xf32>)
// PLAIN:           %[[ROW:[a-z0-9_]+]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%{{.*}}, %[[NEXT]] : tensor<16xf32>, tensor<16x16xf32>)
// PLAIN:           %[[OUT:[a-z0-9_]+]] = tensor.insert_slice %[[ROW]] into %{{.*}}[%[[C0]], 0] [1, 16] [1, 1] : tensor<16xf32> into tensor<1x16xf32>
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[OUT]] into %[[SO]][%[[B]], %[[H]], 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x16xf32> into tensor<?x2x1x16xf32>
// TILED-NEXT:        tensor.parallel_insert_slice %[[ROWS]]#0 into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 16] [1, 1, 1, 1] : tensor<16x16xf32> into tensor<?x2x16x16xf32>
// PLAIN-NEXT:        tensor.parallel_insert_slice %[[NEXT]] into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 16] [1, 1, 1, 1] : tensor<16x16xf32> into tensor<?x2x16x16xf32>
// CHECK:         return %[[FORALL]]#0, %[[FORALL]]#1
func.func @recurrent_decode_states(%q: tensor<?x2x1x16xf32>, %ld: tensor<2xf32>,
                                   %s0: tensor<?x2x16x16xf32>)
    -> (tensor<?x2x1x16xf32>, tensor<?x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      {schedule = #retention.schedule<recurrent>}
      : (tensor<?x2x1x16xf32>, tensor<?x2x1x16xf32>, tensor<?x2x1x16xf32>,
         tensor<2xf32>, tensor<?x2x16x16xf32>)
      -> (tensor<?x2x1x16xf32>, tensor<?x2x16x16xf32>)
  return %o, %s : tensor<?x2x1x16xf32>, tensor<?x2x16x16xf32>
}

// -----

// A small static decode step (B * H * Dk * Dv = 8 * 64 * 64 < 2^17): waking
// a second thread would cost more than the step, so the (batch, head) forall
// is marked to run serially (retention-serialize-foralls makes it a loop
// nest after bufferization); Dv = 64 is one 64-lane block.
// CHECK-LABEL: func.func @decode_small
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (1, 8)
// TILED:           vector<64xf32>
// CHECK:         } {retention.serial}
func.func @decode_small(%q: tensor<1x8x1x64xf32>, %ld: tensor<8xf32>, %s0: tensor<1x8x64x64xf32>)
    -> (tensor<1x8x1x64xf32>, tensor<1x8x64x64xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0) {schedule = #retention.schedule<recurrent>}
      : (tensor<1x8x1x64xf32>, tensor<1x8x1x64xf32>, tensor<1x8x1x64xf32>, tensor<8xf32>,
         tensor<1x8x64x64xf32>) -> (tensor<1x8x1x64xf32>, tensor<1x8x64x64xf32>)
  return %o, %s : tensor<1x8x1x64xf32>, tensor<1x8x64x64xf32>
}

// -----

// A big decode step (16 * 8 * 64 * 64 = 2^19) keeps the parallel forall; a
// torchscale value dim of 432 runs in 128-lane blocks (3 full + 48 masked).
// CHECK-LABEL: func.func @decode_big
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (16, 8)
// TILED-COUNT-4:   vector.transfer_read %{{.*}} : tensor<432xf32>, vector<128xf32>
// CHECK-NOT:     retention.serial
func.func @decode_big(%q: tensor<16x8x1x64xf32>, %v: tensor<16x8x1x432xf32>, %ld: tensor<8xf32>)
    -> tensor<16x8x1x432xf32> {
  %o = retention.retention %q, %q, %v, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<16x8x1x64xf32>, tensor<16x8x1x64xf32>, tensor<16x8x1x432xf32>, tensor<8xf32>)
      -> tensor<16x8x1x432xf32>
  return %o : tensor<16x8x1x432xf32>
}

// -----

// A dynamic T: the token loop runs to tensor.dim of q.
// CHECK-LABEL: func.func @recurrent_dynamic_t
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<3x2x?x16xf32>
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[T:[a-z0-9_]+]] = tensor.dim %[[Q]], %[[C2]] : tensor<3x2x?x16xf32>
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (3, 2)
// CHECK:           scf.for %{{.*}} = %{{.*}} to %[[T]] step %[[C1]] iter_args
func.func @recurrent_dynamic_t(%q: tensor<3x2x?x16xf32>, %ld: tensor<2xf32>)
    -> tensor<3x2x?x16xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<3x2x?x16xf32>, tensor<3x2x?x16xf32>, tensor<3x2x?x16xf32>,
         tensor<2xf32>) -> tensor<3x2x?x16xf32>
  return %o : tensor<3x2x?x16xf32>
}
