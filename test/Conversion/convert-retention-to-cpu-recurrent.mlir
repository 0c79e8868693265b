// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=NOVEC
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefix=NOVEC

// The recurrent schedule: per (b, h), one scf.for over tokens with step 1,
// carrying the Dk x Dv state: S = gamma S + k_t^T v_t, o_t = q_t S. A static
// T = 1 (decode) has no loop, and its state update is out of place.
//
// The recurrent form has no matrix contraction to register-tile (a rank-1
// update and a vector-matrix product per token, both linalg.generic): the
// default and the plain (register-tile-rows=0 register-tile-lanes=0)
// lowerings are the same, and neither has a vector op.
// NOVEC-NOT: vector.

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
// The decayed rank-1 update of the state:
// CHECK:             %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[KT]], %[[VT]] : tensor<16xf32>, tensor<24xf32>) outs(%[[STATE]] : tensor<16x24xf32>) {
// CHECK-NEXT:        ^bb0(%[[K:[a-z0-9_]+]]: f32, %[[VV:[a-z0-9_]+]]: f32, %[[SV:[a-z0-9_]+]]: f32):
// CHECK-NEXT:          %[[KV:[a-z0-9_]+]] = arith.mulf %[[K]], %[[VV]] fastmath<contract> : f32
// CHECK-NEXT:          %[[DEC:[a-z0-9_]+]] = arith.mulf %[[SV]], %[[GAMMA]] fastmath<contract> : f32
// CHECK-NEXT:          %[[SUM:[a-z0-9_]+]] = arith.addf %[[DEC]], %[[KV]] fastmath<contract> : f32
// CHECK-NEXT:          linalg.yield %[[SUM]] : f32
// One output row, q_t S:
// CHECK:             %[[QT:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[TOK]], 0] [1, 16] [1, 1] : tensor<8x16xf32> to tensor<16xf32>
// CHECK:             %[[ROW:[a-z0-9_]+]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%[[QT]], %[[NEXT]] : tensor<16xf32>, tensor<16x24xf32>) outs(%{{.*}} : tensor<24xf32>)
// CHECK:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[ROW]] into %[[OUT]][%[[TOK]], 0] [1, 24] [1, 1] : tensor<24xf32> into tensor<?x24xf32>
// CHECK:             scf.yield %[[NEXT]], %[[INS]] : tensor<16x24xf32>, tensor<?x24xf32>
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

// Decode: T = 1 with an initial and a final state. No token loop: the
// update reads S0 (an input of the generic) and writes a fresh tensor
// (out of place, so the read-only S0 is never copied), which is the final
// state; the output row is q_0 S'.
// CHECK-LABEL: func.func @recurrent_decode_states
// CHECK-SAME:    %[[S0:[a-z0-9_]+]]: tensor<?x2x16x16xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[FORALL:[a-z0-9_]+]]:2 = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (%{{.*}}, 2) shared_outs(%[[SO:[a-z0-9_]+]] = %{{.*}}, %[[SS:[a-z0-9_]+]] = %{{.*}})
// CHECK-NOT:       scf.for
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 16]
// CHECK-NOT:       scf.for
// CHECK:           tensor.extract_slice %{{.*}}[%[[C0]], 0] [1, 16] [1, 1] : tensor<1x16xf32> to tensor<16xf32>
// CHECK:           %[[FRESH:[a-z0-9_]+]] = tensor.empty() : tensor<16x16xf32>
// CHECK:           %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[INIT]] : tensor<16xf32>, tensor<16xf32>, tensor<16x16xf32>) outs(%[[FRESH]] : tensor<16x16xf32>)
// CHECK-NOT:       scf.for
// CHECK:           %[[ROW:[a-z0-9_]+]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]} ins(%{{.*}}, %[[NEXT]] : tensor<16xf32>, tensor<16x16xf32>)
// CHECK:           %[[OUT:[a-z0-9_]+]] = tensor.insert_slice %[[ROW]] into %{{.*}}[0, 0] [1, 16] [1, 1] : tensor<16xf32> into tensor<1x16xf32>
// CHECK-NOT:       scf.for
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[OUT]] into %[[SO]][%[[B]], %[[H]], 0, 0] [1, 1, 1, 16] [1, 1, 1, 1] : tensor<1x16xf32> into tensor<?x2x1x16xf32>
// CHECK-NEXT:        tensor.parallel_insert_slice %[[NEXT]] into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 16] [1, 1, 1, 1] : tensor<16x16xf32> into tensor<?x2x16x16xf32>
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
