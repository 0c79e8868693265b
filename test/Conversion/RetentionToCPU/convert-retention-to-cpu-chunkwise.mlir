// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=8 register-tile-lanes=32' | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefixes=CHECK,PLAIN
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=NOTXT
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefix=NOTXT

// The chunkwise schedule: per (b, h), one scf.for over the full chunks of C
// rows, stepping by C and carrying the Dk x Dv f32 state and the output rows;
// the partial last chunk (T mod C rows) is peeled off after the loop: inline
// with static tiles when T is static, under an scf.if (T mod C > 0) when T is
// dynamic. Inside a chunk, the parallel form on C x C tiles; across chunks,
// the state. No arith.minsi: every chunk's length is known where it is built
// (the causal bounds of the register tiles, which skip the tiles above the
// diagonal, are unsigned mins of non-negative indices).
//
// The contractions are register-tiled by default (prefix TILED, 8-row x
// 32-lane blocks, vector.transfer_read / vector.fma / vector.transfer_write);
// register-tile-rows=0 register-tile-lanes=0 (prefix PLAIN) keeps one
// linalg.generic per contraction and no vector op.
// NOTXT-NOT: tensor<4096x4096
// NOTXT-NOT: arith.minsi
// NOTXT-NOT: retention.retention
// PLAIN-NOT: vector.

// CHECK-LABEL: func.func @chunkwise_static
// CHECK-SAME:    (%[[Q:[a-z0-9_]+]]: tensor<2x4x4096x16xf32>, %[[V:[a-z0-9_]+]]: tensor<2x4x4096x32xf32>, %[[LD:[a-z0-9_]+]]: tensor<4xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C48:.*]] = arith.constant 48 : index
// 4096 = 85 * 48 + 16: full chunks up to 4080, then 16 rows.
// CHECK-DAG:     %[[FULLEND:.*]] = arith.constant 4080 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// TILED-DAG:     %[[C8:.*]] = arith.constant 8 : index
// TILED-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (2, 4)
// CHECK:           %[[QH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 16]
// CHECK:           %[[KH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 16]
// CHECK:           %[[VH:[a-z0-9_]+]] = tensor.extract_slice %[[V]][%[[B]], %[[H]], 0, 0] [1, 1, 4096, 32]
// CHECK:           %[[LOGDECAY:[a-z0-9_]+]] = tensor.extract %[[LD]][%[[H]]] : tensor<4xf32>
// No initial state: the carried state starts at zero.
// CHECK:           %[[S0:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<16x32xf32>) -> tensor<16x32xf32>
// The decays of a chunk, once per head (one exp per diagonal, 2C - 1 of
// them), read by every chunk's mask:
// CHECK:           %[[TABLE:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?xf32>)
// CHECK:             math.exp
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[C0IV:[a-z0-9_]+]] = %[[C0]] to %[[FULLEND]] step %[[C48]] iter_args(%[[STATE:[a-z0-9_]+]] = %[[S0]], %[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>) {
// A full chunk is C rows (the size a value: dynamic tile types).
// CHECK:             %[[QI:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[C0IV]], 0] [%[[C48]], 16] [1, 1] : tensor<4096x16xf32> to tensor<?x16xf32>
// CHECK:             %[[KI:[a-z0-9_]+]] = tensor.extract_slice %[[KH]][%[[C0IV]], 0] [%[[C48]], 16] [1, 1] : tensor<4096x16xf32> to tensor<?x16xf32>
// CHECK:             %[[VI:[a-z0-9_]+]] = tensor.extract_slice %[[VH]][%[[C0IV]], 0] [%[[C48]], 32] [1, 1] : tensor<4096x32xf32> to tensor<?x32xf32>
// Intra-chunk scores, C x C:
// CHECK:             %[[SE:[a-z0-9_]+]] = tensor.empty(%[[C48]], %[[C48]]) : tensor<?x?xf32>
// CHECK:             %[[SZ:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[SE]] : tensor<?x?xf32>)
// PLAIN:             %[[S:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[QI]], %[[KI]] : tensor<?x16xf32>, tensor<?x16xf32>) outs(%[[SZ]] : tensor<?x?xf32>)
// K^T by 16 x 16 register blocks (vector.transpose, shuffles in LLVM); Q is
// not transposed: each of the 8 accumulator rows broadcasts its own q
// element, loaded straight from Q.
// TILED:             %[[KT:[a-z0-9_]+]] = scf.for %{{.*}} step %[[C16:[a-z0-9_]+]] iter_args
// TILED:               scf.for %{{.*}} step %[[C16]] iter_args
// TILED:                 vector.transfer_read %[[KI]]{{.*}} : tensor<?x16xf32>, vector<16x16xf32>
// TILED:                 vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// TILED:                 vector.transfer_write {{.*}} : vector<16x16xf32>, tensor<16x?xf32>
// TILED:             %[[S:[a-z0-9_]+]] = scf.for %[[BI:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C8]] iter_args(%{{.*}} = %[[SZ]]) -> (tensor<?x?xf32>)
// The chunk's row count is a value here: rows past it load a clamped row
// (computed, never stored).
// TILED:               %[[R0:[a-z0-9_]+]] = arith.addi %[[BI]], %[[C0]] : index
// TILED:               %[[ROW0:[a-z0-9_]+]] = arith.minui %[[R0]], %{{.*}} : index
// TILED:               scf.for %[[BJ:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C32]] iter_args
// TILED:                 vector.transfer_read {{.*}} : tensor<?x?xf32>, vector<8x32xf32>
// TILED:                 scf.for %[[P:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C1]] iter_args({{.*}}) -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// TILED:                   %[[KROW:[a-z0-9_]+]] = vector.transfer_read %[[KT]][%[[P]], %[[BJ]]], %[[ZERO]] : tensor<16x?xf32>, vector<32xf32>
// TILED:                   %[[Q0:[a-z0-9_]+]] = tensor.extract %[[QI]][%[[ROW0]], %[[P]]] : tensor<?x16xf32>
// TILED:                   vector.broadcast %[[Q0]] : f32 to vector<32xf32>
// TILED-COUNT-8:           vector.fma %{{.*}}, %[[KROW]], %{{.*}} : vector<32xf32>
// TILED:                 vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<?x?xf32>
// CHECK:             %[[P:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[S]] : tensor<?x?xf32>)
// CHECK:               linalg.index 0
// CHECK:               linalg.index 1
// CHECK:               arith.cmpi sge
// CHECK:               tensor.extract %[[TABLE]]
// CHECK-NOT:           math.exp
// PLAIN:             %[[INNER:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[P]], %[[VI]] : tensor<?x?xf32>, tensor<?x32xf32>)
// TILED-NOT:         linalg.generic {{.*}} ins(%[[P]] : tensor<?x?xf32>)
// TILED:             %[[INNER:[a-z0-9_]+]] = scf.for
// TILED:                   vector.transfer_read %[[VI]][{{.*}}], %{{.*}} : tensor<?x32xf32>, vector<32xf32>
// TILED:                   tensor.extract %[[P]][{{.*}}] : tensor<?x?xf32>
// TILED:                   vector.fma
// Cross-chunk term (q R), fused with the inner term:
// PLAIN:             %[[QR:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[QI]], %[[STATE]] : tensor<?x16xf32>, tensor<16x32xf32>)
// TILED:             %[[QR:[a-z0-9_]+]] = scf.for
// TILED:                   vector.transfer_read %[[STATE]][{{.*}}], %{{.*}} : tensor<16x32xf32>, vector<32xf32>
// TILED:                   vector.fma
// CHECK:             %[[O:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[INNER]] : tensor<?x32xf32>) outs(%[[QR]] : tensor<?x32xf32>)
// CHECK:               math.exp
// CHECK:               arith.addf
// State update: R' = gamma^C R + (k * zeta)^T v.
// CHECK:             arith.index_cast %[[C48]] : index to i64
// CHECK:             math.exp
// CHECK:             %[[DECAYED:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[STATE]] : tensor<16x32xf32>)
// CHECK:             %[[LASTROW:[a-z0-9_]+]] = arith.subi %[[C48]], %[[C1]] : index
// CHECK:             %[[KZ:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[KI]] : tensor<?x16xf32>)
// CHECK:               arith.subi %[[LASTROW]], %{{.*}} : index
// PLAIN:             %[[NEXT:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[KZ]], %[[VI]] : tensor<?x16xf32>, tensor<?x32xf32>) outs(%[[DECAYED]] : tensor<16x32xf32>)
// TILED:             %[[NEXT:[a-z0-9_]+]] = scf.for %{{.*}} step %[[C8]] iter_args(%{{.*}} = %[[DECAYED]]) -> (tensor<16x32xf32>)
// TILED:                   vector.transfer_read %[[VI]][{{.*}}], %{{.*}} : tensor<?x32xf32>, vector<32xf32>
// TILED:                   vector.transfer_read %[[KZ]][{{.*}}], %{{.*}} : tensor<?x16xf32>, vector<8xf32>
// TILED:                   vector.fma
// CHECK:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[O]] into %[[OUT]][%[[C0IV]], 0]
// CHECK:             scf.yield %[[NEXT]], %[[INS]] : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK-NEXT:      }
// The peeled last chunk: 16 static rows at 4080, from the loop's state.
// CHECK:           %[[QL:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[FULLEND]], 0] [16, 16] [1, 1] : tensor<4096x16xf32> to tensor<16x16xf32>
// CHECK:           %[[KL:[a-z0-9_]+]] = tensor.extract_slice %[[KH]][%[[FULLEND]], 0] [16, 16] [1, 1] : tensor<4096x16xf32> to tensor<16x16xf32>
// CHECK:           %[[VL:[a-z0-9_]+]] = tensor.extract_slice %[[VH]][%[[FULLEND]], 0] [16, 32] [1, 1] : tensor<4096x32xf32> to tensor<16x32xf32>
// CHECK-NOT:       scf.for %{{.*}} step %[[C48]]
// CHECK:           linalg.fill {{.*}} -> tensor<16x16xf32>
// PLAIN:           linalg.generic {{.*}} ins(%[[QL]], %[[LOOP]]#0 : tensor<16x16xf32>, tensor<16x32xf32>)
// TILED:           vector.transfer_read %[[LOOP]]#0[{{.*}}], %{{.*}} : tensor<16x32xf32>, vector<32xf32>
// CHECK:           %[[LAST:[a-z0-9_]+]] = tensor.insert_slice %{{.*}} into %[[LOOP]]#1[%[[FULLEND]], 0] [16, 32] [1, 1] : tensor<16x32xf32> into tensor<?x32xf32>
// CHECK:           %[[CAST:[a-z0-9_]+]] = tensor.cast %[[LAST]] : tensor<?x32xf32> to tensor<4096x32xf32>
// Only the output leaves the forall: no final state was asked for.
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[CAST]] into %{{.*}}[%[[B]], %[[H]], 0, 0] [1, 1, 4096, 32] [1, 1, 1, 1] : tensor<4096x32xf32> into tensor<2x4x4096x32xf32>
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
// state returned. The full chunks run to (T / C) * C; the remaining
// T - (T / C) * C rows go through one more chunk under an scf.if, whose
// else branch passes the loop's state and rows through.
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
// CHECK:           %[[QH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0]
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<?x4x16x32xf32> to tensor<16x32xf32>
// CHECK-NOT:       linalg.fill
// CHECK:           %[[NFULL:[a-z0-9_]+]] = arith.divui %[[T]], %[[C64]] : index
// CHECK:           %[[FULLEND:[a-z0-9_]+]] = arith.muli %[[NFULL]], %[[C64]] : index
// CHECK:           %[[LOOP:[a-z0-9_]+]]:2 = scf.for %[[IV:[a-z0-9_]+]] = %[[C0]] to %[[FULLEND]] step %[[C64]] iter_args(%{{.*}} = %[[INIT]], %{{.*}} = %{{.*}}) -> (tensor<16x32xf32>, tensor<?x32xf32>)
// CHECK:             tensor.extract_slice %[[QH]][%[[IV]], 0] [%[[C64]], 16] [1, 1] : tensor<?x16xf32> to tensor<?x16xf32>
// TILED:             vector.fma
// CHECK:             scf.yield %{{.*}}, %{{.*}} : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK-NEXT:      }
// CHECK:           %[[REM:[a-z0-9_]+]] = arith.subi %[[T]], %[[FULLEND]] : index
// CHECK:           %[[HASREM:[a-z0-9_]+]] = arith.cmpi ugt, %[[REM]], %[[C0]] : index
// CHECK:           %[[IF:[a-z0-9_]+]]:2 = scf.if %[[HASREM]] -> (tensor<16x32xf32>, tensor<?x32xf32>) {
// CHECK:             tensor.extract_slice %[[QH]][%[[FULLEND]], 0] [%[[REM]], 16] [1, 1] : tensor<?x16xf32> to tensor<?x16xf32>
// CHECK:             tensor.empty(%[[REM]], %[[REM]]) : tensor<?x?xf32>
// PLAIN:             linalg.generic {{.*}} ins(%{{.*}}, %[[LOOP]]#0 : tensor<?x16xf32>, tensor<16x32xf32>)
// TILED:             vector.transfer_read %[[LOOP]]#0[{{.*}}], %{{.*}} : tensor<16x32xf32>, vector<32xf32>
// CHECK:             %[[LASTOUT:[a-z0-9_]+]] = tensor.insert_slice %{{.*}} into %[[LOOP]]#1[%[[FULLEND]], 0]
// CHECK:             scf.yield %{{.*}}, %[[LASTOUT]] : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK-NEXT:      } else {
// CHECK-NEXT:        scf.yield %[[LOOP]]#0, %[[LOOP]]#1 : tensor<16x32xf32>, tensor<?x32xf32>
// CHECK-NEXT:      }
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[IF]]#1 into %[[SO]][%[[B]], %[[H]], 0, 0] [1, 1, %[[T]], 32] [1, 1, 1, 1] : tensor<?x32xf32> into tensor<?x4x?x32xf32>
// CHECK-NEXT:        tensor.parallel_insert_slice %[[IF]]#0 into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<16x32xf32> into tensor<?x4x16x32xf32>
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

// A chunk larger than a static T is clamped to T: one full chunk of 10 rows
// (the loop from 0 to 10 step 10, which canonicalization unrolls), no peeled
// chunk, 10 x 10 tiles. The 256 x 256 tile of the chunk size is never built
// (buffer-loop-hoisting would allocate it even for a loop that never runs).
// CHECK-LABEL: func.func @chunk_larger_than_t
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK-NOT:     256
// CHECK:         %[[LOOP:[a-z0-9_]+]]:2 = scf.for %{{.*}} = %[[C0]] to %[[C10]] step %[[C10]] iter_args
// CHECK:         tensor.extract_slice %{{.*}}[%{{.*}}, 0] [%[[C10]], 8] [1, 1] : tensor<10x8xf32> to tensor<?x8xf32>
// CHECK:         tensor.empty(%[[C10]], %[[C10]]) : tensor<?x?xf32>
// CHECK-NOT:     256
// CHECK:         return
func.func @chunk_larger_than_t(%q: tensor<1x1x10x8xf32>, %ld: tensor<1xf32>)
    -> tensor<1x1x10x8xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 256>}
      : (tensor<1x1x10x8xf32>, tensor<1x1x10x8xf32>, tensor<1x1x10x8xf32>,
         tensor<1xf32>) -> tensor<1x1x10x8xf32>
  return %o : tensor<1x1x10x8xf32>
}

// -----

// The largest chunk size (retnet::kMaxChunkSize) on a short static T: no
// 4096 x 4096 tile (64 MiB), one chunk of 100 rows.
// CHECK-LABEL: func.func @chunk_size_at_the_bound
// CHECK-DAG:     %[[C100:.*]] = arith.constant 100 : index
// CHECK-NOT:     4096
// CHECK:         tensor.empty(%[[C100]], %[[C100]]) : tensor<?x?xf32>
// CHECK-NOT:     4096
// CHECK:         return
func.func @chunk_size_at_the_bound(%q: tensor<1x2x100x8xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x100x8xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 4096>}
      : (tensor<1x2x100x8xf32>, tensor<1x2x100x8xf32>, tensor<1x2x100x8xf32>,
         tensor<2xf32>) -> tensor<1x2x100x8xf32>
  return %o : tensor<1x2x100x8xf32>
}
