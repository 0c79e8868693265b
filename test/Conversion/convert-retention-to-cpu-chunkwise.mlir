// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=NOTXT

// The chunkwise schedule: per (b, h), one scf.for over chunks of C rows,
// stepping by C and carrying the Dk x Dv f32 state and the output rows; the
// last chunk may be partial (arith.minsi). Inside a chunk, the parallel form
// on C x C tiles; across chunks, the state.
// NOTXT-NOT: tensor<4096x4096
// NOTXT-NOT: retention.retention

// CHECK-LABEL: func.func @chunkwise_static
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<2x4x4096x16xf32>, %[[V:[a-z0-9_]+]]: tensor<2x4x4096x32xf32>, %[[LD:[a-z0-9_]+]]: tensor<4xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C48:.*]] = arith.constant 48 : index
// CHECK-DAG:     %[[T:.*]] = arith.constant 4096 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (2, 4)
// CHECK:           %[[QH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 16]
// CHECK:           %[[KH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 16]
// CHECK:           %[[VH:[a-z0-9_]+]] = tensor.extract_slice %[[V]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 32]
// CHECK:           %[[LOGDECAY:[a-z0-9_]+]] = tensor.extract %[[LD]][%[[H]]] : tensor<4xf32>
// No initial state: the carried state starts at zero.
// CHECK:           %[[S0:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<16x32xf32>) -> tensor<16x32xf32>
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[C0IV:[a-z0-9_]+]] = %[[C0]] to %[[T]] step %[[C48]] iter_args(%[[STATE:[a-z0-9_]+]] = %[[S0]], %[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>) {
// CHECK:             %[[REST:[a-z0-9_]+]] = arith.subi %[[T]], %[[C0IV]] : index
// CHECK:             %[[LEN:[a-z0-9_]+]] = arith.minsi %[[C48]], %[[REST]] : index
// CHECK:             %[[QI:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[C0IV]], 0] [%[[LEN]], 16] [1, 1] : tensor<4096x16xf32> to tensor<?x16xf32>
// CHECK:             %[[KI:[a-z0-9_]+]] = tensor.extract_slice %[[KH]][%[[C0IV]], 0] [%[[LEN]], 16] [1, 1] : tensor<4096x16xf32> to tensor<?x16xf32>
// CHECK:             %[[VI:[a-z0-9_]+]] = tensor.extract_slice %[[VH]][%[[C0IV]], 0] [%[[LEN]], 32] [1, 1] : tensor<4096x32xf32> to tensor<?x32xf32>
// Intra-chunk scores, C x C at most:
// CHECK:             tensor.empty(%[[LEN]], %[[LEN]]) : tensor<?x?xf32>
// CHECK:             %[[S:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[QI]], %[[KI]] : tensor<?x16xf32>, tensor<?x16xf32>)
// CHECK:             %[[P:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[S]] : tensor<?x?xf32>)
// CHECK:               linalg.index 0
// CHECK:               linalg.index 1
// CHECK:               arith.cmpi sge
// CHECK:               math.exp
// CHECK:             %[[INNER:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[P]], %[[VI]] : tensor<?x?xf32>, tensor<?x32xf32>)
// Cross-chunk term (q R), fused with the inner term:
// CHECK:             %[[QR:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[QI]], %[[STATE]] : tensor<?x16xf32>, tensor<16x32xf32>)
// CHECK:             %[[O:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[INNER]] : tensor<?x32xf32>) outs(%[[QR]] : tensor<?x32xf32>)
// CHECK:               math.exp
// CHECK:               arith.addf
// State update: R' = gamma^len R + (k * zeta)^T v.
// CHECK:             %[[LASTROW:[a-z0-9_]+]] = arith.subi %[[LEN]], %[[C1]] : index
// CHECK:             %[[KZ:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[KI]] : tensor<?x16xf32>)
// CHECK:               arith.subi %[[LASTROW]], %{{.*}} : index
// CHECK:             %[[LENI:[a-z0-9_]+]] = arith.index_cast %[[LEN]] : index to i64
// CHECK:             %[[GLEN:[a-z0-9_]+]] = math.exp
// CHECK:             %[[DECAYED:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[STATE]] : tensor<16x32xf32>)
// CHECK:             %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[KZ]], %[[VI]] : tensor<?x16xf32>, tensor<?x32xf32>) outs(%[[DECAYED]] : tensor<16x32xf32>)
// CHECK:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[O]] into %[[OUT]][%[[C0IV]], 0]
// CHECK:             scf.yield %[[NEXT]], %[[INS]] : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK:           }
// Only the output leaves the forall: no final state was asked for.
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %{{.*}} into %{{.*}}[%[[B]], %[[H]], 0, 0] [1, 1, 4096, 32] [1, 1, 1, 1] : tensor<4096x32xf32> into tensor<2x4x4096x32xf32>
// CHECK-NEXT:      }
func.func @chunkwise_static(%q: tensor<2x4x4096x16xf32>, %v: tensor<2x4x4096x32xf32>,
                            %ld: tensor<4xf32>) -> tensor<2x4x4096x32xf32> {
  %o = retention.retention %q, %q, %v, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 48>}
      : (tensor<2x4x4096x16xf32>, tensor<2x4x4096x16xf32>, tensor<2x4x4096x32xf32>,
         tensor<4xf32>) -> tensor<2x4x4096x32xf32>
  return %o : tensor<2x4x4096x32xf32>
}

// -----

// Dynamic B and T, an initial state carried from the start, and the final
// state returned: the loop's state result.
// CHECK-LABEL: func.func @chunkwise_dynamic_states
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<?x4x?x16xf32>, %[[V:[a-z0-9_]+]]: tensor<?x4x?x32xf32>, %[[LD:[a-z0-9_]+]]: tensor<4xf32>, %[[S0:[a-z0-9_]+]]: tensor<?x4x16x32xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK:         %[[BATCH:[a-z0-9_]+]] = tensor.dim %[[Q]], %[[C0]]
// CHECK:         %[[T:[a-z0-9_]+]] = tensor.dim %[[Q]], %[[C2]]
// CHECK:         %[[EO:[a-z0-9_]+]] = tensor.empty(%[[BATCH]], %[[T]]) : tensor<?x4x?x32xf32>
// CHECK:         %[[ES:[a-z0-9_]+]] = tensor.empty(%[[BATCH]]) : tensor<?x4x16x32xf32>
// CHECK:         %[[FORALL:[a-z0-9_]+]]:2 = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (%[[BATCH]], 4) shared_outs(%[[SO:[a-z0-9_]+]] = %[[EO]], %[[SS:[a-z0-9_]+]] = %[[ES]]) -> (tensor<?x4x?x32xf32>, tensor<?x4x16x32xf32>)
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<?x4x16x32xf32> to tensor<16x32xf32>
// CHECK-NOT:       linalg.fill
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[IV:[a-z0-9_]+]] = %[[C0]] to %[[T]] step %[[C64]] iter_args(%{{.*}} = %[[INIT]], %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// CHECK:             arith.minsi %[[C64]], %{{.*}} : index
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#1 into %[[SO]][%[[B]], %[[H]], 0, 0] [1, 1, %[[T]], 32] [1, 1, 1, 1] : tensor<?x32xf32> into tensor<?x4x?x32xf32>
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#0 into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<16x32xf32> into tensor<?x4x16x32xf32>
// CHECK-NEXT:      }
// CHECK:         return %[[FORALL]]#0, %[[FORALL]]#1 : tensor<?x4x?x32xf32>, tensor<?x4x16x32xf32>
func.func @chunkwise_dynamic_states(%q: tensor<?x4x?x16xf32>, %v: tensor<?x4x?x32xf32>,
                                    %ld: tensor<4xf32>, %s0: tensor<?x4x16x32xf32>)
    -> (tensor<?x4x?x32xf32>, tensor<?x4x16x32xf32>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0)
      {schedule = #retention.schedule<chunkwise, chunk_size = 64>}
      : (tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x32xf32>,
         tensor<4xf32>, tensor<?x4x16x32xf32>)
      -> (tensor<?x4x?x32xf32>, tensor<?x4x16x32xf32>)
  return %o, %s : tensor<?x4x?x32xf32>, tensor<?x4x16x32xf32>
}

// -----

// A chunk larger than T: one partial chunk, the loop bound and step are T
// and C as written.
// CHECK-LABEL: func.func @chunk_larger_than_t
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK:         scf.for %[[IV:[a-z0-9_]+]] = %{{.*}} to %[[C10]] step %[[C256]] iter_args
// CHECK:           %[[REST:[a-z0-9_]+]] = arith.subi %[[C10]], %[[IV]] : index
// CHECK:           arith.minsi %[[C256]], %[[REST]] : index
func.func @chunk_larger_than_t(%q: tensor<1x1x10x8xf32>, %ld: tensor<1xf32>)
    -> tensor<1x1x10x8xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 256>}
      : (tensor<1x1x10x8xf32>, tensor<1x1x10x8xf32>, tensor<1x1x10x8xf32>,
         tensor<1xf32>) -> tensor<1x1x10x8xf32>
  return %o : tensor<1x1x10x8xf32>
}
