// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=8 register-tile-lanes=32' | FileCheck %s --check-prefixes=CHECK,TILED
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefixes=CHECK,PLAIN
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu | FileCheck %s --check-prefix=NOTXT
// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu='register-tile-rows=0 register-tile-lanes=0' | FileCheck %s --check-prefix=NOTXT

// The parallel schedule: an scf.forall over (B, H); per head, query tiles of
// 64 rows x key tiles of 64 up to the diagonal (i0 + len), each score tile
// masked and decayed in a linalg.generic from linalg.index and math.exp.
// No T x T tensor (mask or scores) exists anywhere.
//
// The contractions (q k^T, P V, q S0, (k z)^T v) are register-tiled by
// default (prefix TILED, 8 rows x 32 f32 lanes): an scf.for over 8-row blocks, one
// over 32-lane blocks, a vector.transfer_read of the 8 x 32 accumulator
// block, the reduction loop (step 1) carrying its 8 rows as vector<32xf32>
// with one vector.fma per row, and a vector.transfer_write of the block.
// Operands are read along unit stride: A^T [K, M] and B [K, N], made by a
// transposing linalg.generic where needed. register-tile-rows=0
// register-tile-lanes=0 (prefix PLAIN) keeps one linalg.generic per contraction and
// no vector op.
// PLAIN-NOT: vector.
// NOTXT-NOT: tensor<128x128x
// NOTXT-NOT: tensor<128x128xf
// NOTXT-NOT: tensor<4096x4096
// NOTXT-NOT: retention.retention

// CHECK-LABEL: func.func @parallel_static
// CHECK-SAME:    (%[[Q:[a-z0-9]+]]: tensor<2x4x128x16xf32>, %[[V:[a-z0-9]+]]: tensor<2x4x128x32xf32>, %[[LD:[a-z0-9]+]]: tensor<4xf32>)
// CHECK-DAG:     %[[SCALE:[a-z0-9_]+]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG:     %[[ONE:[a-z0-9_]+]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[ZERO:[a-z0-9_]+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C128:[a-z0-9_]+]] = arith.constant 128 : index
// TILED-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// TILED-DAG:     %[[C8:[a-z0-9_]+]] = arith.constant 8 : index
// TILED-DAG:     %[[C16:[a-z0-9_]+]] = arith.constant 16 : index
// TILED-DAG:     %[[C32:[a-z0-9_]+]] = arith.constant 32 : index
// CHECK:         %[[EMPTY:[a-z0-9_]+]] = tensor.empty() : tensor<2x4x128x32xf32>
// CHECK:         %[[FORALL:[a-z0-9_]+]] = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (2, 4) shared_outs(%[[SHARED:[a-z0-9_]+]] = %[[EMPTY]]) -> (tensor<2x4x128x32xf32>) {
// CHECK:           %[[QH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 128, 16] [1, 1, 1, 1] : tensor<2x4x128x16xf32> to tensor<128x16xf32>
// CHECK:           %[[KH:[a-z0-9_]+]] = tensor.extract_slice %[[Q]][%[[B]], %[[H]], 0, 0] [1, 1, 128, 16] [1, 1, 1, 1] : tensor<2x4x128x16xf32> to tensor<128x16xf32>
// CHECK:           %[[VH:[a-z0-9_]+]] = tensor.extract_slice %[[V]][%[[B]], %[[H]], 0, 0] [1, 1, 128, 32] [1, 1, 1, 1] : tensor<2x4x128x32xf32> to tensor<128x32xf32>
// CHECK:           %[[LOGDECAY:[a-z0-9_]+]] = tensor.extract %[[LD]][%[[H]]] : tensor<4xf32>
// Query tiles.
// CHECK:           %[[ROWS:[a-z0-9_]+]] = scf.for %[[I0:[a-z0-9_]+]] = %[[C0]] to %[[C128]] step %[[C64]] iter_args(%[[OUT:[a-z0-9_]+]] = %{{.*}}) -> (tensor<?x32xf32>) {
// CHECK:             %[[REST:[a-z0-9_]+]] = arith.subi %[[C128]], %[[I0]] : index
// CHECK:             %[[LI:[a-z0-9_]+]] = arith.minsi %[[C64]], %[[REST]] : index
// CHECK:             %[[QI:[a-z0-9_]+]] = tensor.extract_slice %[[QH]][%[[I0]], 0] [%[[LI]], 16] [1, 1] : tensor<128x16xf32> to tensor<?x16xf32>
// CHECK:             %[[ACC0:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x32xf32>)
// CHECK:             %[[JEND:[a-z0-9_]+]] = arith.addi %[[I0]], %[[LI]] : index
// Key tiles, up to and including the diagonal.
// CHECK:             %[[COLS:[a-z0-9_]+]] = scf.for %[[J0:[a-z0-9_]+]] = %[[C0]] to %[[JEND]] step %[[C64]] iter_args(%[[ACC:[a-z0-9_]+]] = %[[ACC0]]) -> (tensor<?x32xf32>) {
// CHECK:               %[[JREST:[a-z0-9_]+]] = arith.subi %[[JEND]], %[[J0]] : index
// CHECK:               %[[LJ:[a-z0-9_]+]] = arith.minsi %[[C64]], %[[JREST]] : index
// CHECK:               %[[KJ:[a-z0-9_]+]] = tensor.extract_slice %[[KH]][%[[J0]], 0] [%[[LJ]], 16] [1, 1] : tensor<128x16xf32> to tensor<?x16xf32>
// CHECK:               %[[VJ:[a-z0-9_]+]] = tensor.extract_slice %[[VH]][%[[J0]], 0] [%[[LJ]], 32] [1, 1] : tensor<128x32xf32> to tensor<?x32xf32>
// CHECK:               %[[SEMPTY:[a-z0-9_]+]] = tensor.empty(%[[LI]], %[[LJ]]) : tensor<?x?xf32>
// CHECK:               %[[SZERO:[a-z0-9_]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[SEMPTY]] : tensor<?x?xf32>)
// q k^T of one tile:
// PLAIN:               %[[S:[a-z0-9_]+]] = linalg.generic {{{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[QI]], %[[KJ]] : tensor<?x16xf32>, tensor<?x16xf32>) outs(%[[SZERO]] : tensor<?x?xf32>)
// PLAIN:                 arith.mulf
// PLAIN:                 arith.addf
// Register-tiled: k^T (16 x len) by 16 x 16 register blocks
// (vector.transpose), then the 8 x 32 blocks of the score tile, reduced over
// Dk = 16, each row broadcasting its q element loaded from q itself.
// TILED:               %[[KT:[a-z0-9_]+]] = scf.for
// TILED:                   vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// TILED:               %[[S:[a-z0-9_]+]] = scf.for %[[BI:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C8]] iter_args(%[[SB:[a-z0-9_]+]] = %[[SZERO]]) -> (tensor<?x?xf32>)
// TILED:                 scf.for %[[BJ:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C32]] iter_args(%[[SBJ:[a-z0-9_]+]] = %[[SB]]) -> (tensor<?x?xf32>)
// TILED:                   %[[BLK:[a-z0-9_]+]] = vector.transfer_read %[[SBJ]][%[[BI]], %[[BJ]]], %[[ZERO]] : tensor<?x?xf32>, vector<8x32xf32>
// TILED:                   scf.for %[[P:[a-z0-9_]+]] = %[[C0]] to %[[C16]] step %[[C1]] iter_args({{.*}}) -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// TILED:                     %[[BROW:[a-z0-9_]+]] = vector.transfer_read %[[KT]][%[[P]], %[[BJ]]], %[[ZERO]] : tensor<16x?xf32>, vector<32xf32>
// TILED:                     tensor.extract %[[QI]][%{{.*}}, %[[P]]] : tensor<?x16xf32>
// TILED-COUNT-8:             vector.fma %{{.*}}, %[[BROW]], %{{.*}} : vector<32xf32>
// TILED:                   vector.transfer_write %{{.*}}, %[[SBJ]][%[[BI]], %[[BJ]]] : vector<8x32xf32>, tensor<?x?xf32>
// The decay depends on n - m only: one exp per diagonal of the tile, in a
// table of rows + cols - 1 entries starting at exponent i0 - j0 - (cols - 1),
// zero where the exponent is negative (non-causal):
// CHECK:               %[[BASE:[a-z0-9_]+]] = arith.subi %[[I0]], %[[J0]] : index
// CHECK:               %[[CM1:[a-z0-9_]+]] = arith.subi %{{.*}}, %{{.*}} : index
// CHECK:               %[[DIAGS:[a-z0-9_]+]] = arith.addi %{{.*}}, %[[CM1]] : index
// CHECK:               %[[FIRST:[a-z0-9_]+]] = arith.subi %[[BASE]], %[[CM1]] : index
// CHECK:               %[[TABLE:[a-z0-9_]+]] = linalg.generic {{{.*}}iterator_types = ["parallel"]} outs(%{{.*}} : tensor<?xf32>) {
// CHECK-NEXT:          ^bb0(%{{.*}}: f32):
// CHECK-NEXT:            %[[T:[a-z0-9_]+]] = linalg.index 0 : index
// CHECK-NEXT:            %[[D:[a-z0-9_]+]] = arith.addi %[[FIRST]], %[[T]] : index
// CHECK-NEXT:            %[[CAUSALD:[a-z0-9_]+]] = arith.cmpi sge, %[[D]], %[[C0]] : index
// CHECK-NEXT:            %[[DELTA:[a-z0-9_]+]] = arith.select %[[CAUSALD]], %[[D]], %[[C0]] : index
// CHECK-NEXT:            %[[DI:[a-z0-9_]+]] = arith.index_cast %[[DELTA]] : index to i64
// CHECK-NEXT:            %[[DF:[a-z0-9_]+]] = arith.sitofp %[[DI]] : i64 to f32
// CHECK-NEXT:            %[[EXPONENT:[a-z0-9_]+]] = arith.mulf %[[DF]], %[[LOGDECAY]] : f32
// CHECK-NEXT:            %[[POW:[a-z0-9_]+]] = math.exp %[[EXPONENT]] : f32
// CHECK-NEXT:            %[[ISZERO:[a-z0-9_]+]] = arith.cmpi eq, %[[DELTA]], %[[C0]] : index
// CHECK-NEXT:            %[[DECAY:[a-z0-9_]+]] = arith.select %[[ISZERO]], %[[ONE]], %[[POW]] : f32
// CHECK-NEXT:            %[[ENTRY:[a-z0-9_]+]] = arith.select %[[CAUSALD]], %[[DECAY]], %[[ZERO]] : f32
// CHECK-NEXT:            linalg.yield %[[ENTRY]] : f32
// The causal mask from indices, the decay from the table (no exp per element):
// CHECK:               %[[P:[a-z0-9_]+]] = linalg.generic {{{.*}}iterator_types = ["parallel", "parallel"]} outs(%[[S]] : tensor<?x?xf32>) {
// CHECK-NEXT:          ^bb0(%[[SV:[a-z0-9_]+]]: f32):
// CHECK-NEXT:            %[[R:[a-z0-9_]+]] = linalg.index 0 : index
// CHECK-NEXT:            %[[C:[a-z0-9_]+]] = linalg.index 1 : index
// CHECK-NEXT:            %[[N:[a-z0-9_]+]] = arith.addi %[[I0]], %[[R]] : index
// CHECK-NEXT:            %[[M:[a-z0-9_]+]] = arith.addi %[[J0]], %[[C]] : index
// CHECK-NEXT:            %[[CAUSAL:[a-z0-9_]+]] = arith.cmpi sge, %[[N]], %[[M]] : index
// CHECK-NEXT:            %[[RC:[a-z0-9_]+]] = arith.subi %[[R]], %[[C]] : index
// CHECK-NEXT:            %[[IDX:[a-z0-9_]+]] = arith.addi %[[RC]], %{{.*}} : index
// CHECK-NEXT:            %[[DEC:[a-z0-9_]+]] = tensor.extract %[[TABLE]][%[[IDX]]] : tensor<?xf32>
// CHECK-NEXT:            %[[SCALED:[a-z0-9_]+]] = arith.mulf %[[SV]], %[[DEC]] : f32
// CHECK-NEXT:            %[[MASKED:[a-z0-9_]+]] = arith.select %[[CAUSAL]], %[[SCALED]], %[[ZERO]] : f32
// CHECK-NEXT:            linalg.yield %[[MASKED]] : f32
// CHECK-NOT:             math.exp
// (P V) accumulated over key tiles:
// PLAIN:               %[[PV:[a-z0-9_]+]] = linalg.generic {{{.*}}} ins(%[[P]], %[[VJ]] : tensor<?x?xf32>, tensor<?x32xf32>) outs(%[[ACC]] : tensor<?x32xf32>)
// Register-tiled: the accumulator blocks read from and written back to the
// carried tile, V read along its rows, P element by element (no P^T).
// TILED-NOT:           linalg.generic {{.*}} ins(%[[P]] : tensor<?x?xf32>)
// TILED:               %[[PV:[a-z0-9_]+]] = scf.for %[[BI2:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C8]] iter_args(%{{.*}} = %[[ACC]]) -> (tensor<?x32xf32>)
// TILED:                 scf.for %[[BJ2:[a-z0-9_]+]] = %[[C0]] to %[[C32]] step %[[C32]]
// TILED:                   vector.transfer_read %{{.*}} : tensor<?x32xf32>, vector<8x32xf32>
// TILED:                   scf.for %[[P2:[a-z0-9_]+]] = %[[C0]] to %{{.*}} step %[[C1]]
// TILED:                     %[[VROW:[a-z0-9_]+]] = vector.transfer_read %[[VJ]][%[[P2]], %[[BJ2]]], %[[ZERO]] : tensor<?x32xf32>, vector<32xf32>
// TILED:                     tensor.extract %[[P]][%{{.*}}, %[[P2]]] : tensor<?x?xf32>
// TILED-COUNT-8:             vector.fma %{{.*}}, %[[VROW]], %{{.*}} : vector<32xf32>
// TILED:                   vector.transfer_write %{{.*}} : vector<8x32xf32>, tensor<?x32xf32>
// CHECK:               scf.yield %[[PV]] : tensor<?x32xf32>
// CHECK:             }
// Epilogue, on the finished query tile before it is stored: the scale.
// CHECK:             %[[SCALEDOUT:[a-z0-9_]+]] = linalg.generic {{{.*}}} outs(%[[COLS]] : tensor<?x32xf32>) {
// CHECK:               arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice %[[SCALEDOUT]] into %[[OUT]][%[[I0]], 0] [%{{.*}}, 32] [1, 1] : tensor<?x32xf32> into tensor<?x32xf32>
// CHECK:             scf.yield %[[INS]] : tensor<?x32xf32>
// CHECK:           }
// CHECK:           %[[CAST:[a-z0-9_]+]] = tensor.cast %[[ROWS]] : tensor<?x32xf32> to tensor<128x32xf32>
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[CAST]] into %[[SHARED]][%[[B]], %[[H]], 0, 0] [1, 1, 128, 32] [1, 1, 1, 1] : tensor<128x32xf32> into tensor<2x4x128x32xf32>
// CHECK-NEXT:      }
// CHECK:         return %[[FORALL]] : tensor<2x4x128x32xf32>
func.func @parallel_static(%q: tensor<2x4x128x16xf32>, %v: tensor<2x4x128x32xf32>,
                           %ld: tensor<4xf32>) -> tensor<2x4x128x32xf32> {
  %o = retention.retention %q, %q, %v, %ld
      {scale = 0.25 : f32, schedule = #retention.schedule<parallel>}
      : (tensor<2x4x128x16xf32>, tensor<2x4x128x16xf32>, tensor<2x4x128x32xf32>,
         tensor<4xf32>) -> tensor<2x4x128x32xf32>
  return %o : tensor<2x4x128x32xf32>
}

// -----

// A long static T: still 64 x 64 tiles, never a 4096 x 4096 tensor.
// CHECK-LABEL: func.func @parallel_long
// CHECK-DAG:     %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// CHECK-DAG:     %[[C4096:[a-z0-9_]+]] = arith.constant 4096 : index
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (1, 2)
// CHECK:           scf.for %[[I0:[a-z0-9_]+]] = %{{.*}} to %[[C4096]] step %[[C64]]
// CHECK:             %[[LI:[a-z0-9_]+]] = arith.minsi %[[C64]], %{{.*}} : index
// CHECK:             %[[JEND:[a-z0-9_]+]] = arith.addi %[[I0]], %[[LI]] : index
// CHECK:             scf.for %{{.*}} = %{{.*}} to %[[JEND]] step %[[C64]]
// CHECK:               tensor.empty(%[[LI]], %{{.*}}) : tensor<?x?xf32>
// CHECK:               linalg.index 0
// CHECK:               math.exp
func.func @parallel_long(%q: tensor<1x2x4096x64xf32>, %ld: tensor<2xf32>)
    -> tensor<1x2x4096x64xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<1x2x4096x64xf32>, tensor<1x2x4096x64xf32>, tensor<1x2x4096x64xf32>,
         tensor<2xf32>) -> tensor<1x2x4096x64xf32>
  return %o : tensor<1x2x4096x64xf32>
}

// -----

// Dynamic B and T: the forall runs over (dim 0, H), the loops up to dim 2.
// Without a scale (1.0) there is no scaling epilogue.
// CHECK-LABEL: func.func @parallel_dynamic
// CHECK-SAME:    (%[[Q:[a-z0-9]+]]: tensor<?x3x?x8xf32>
// CHECK-DAG:     %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C2:[a-z0-9_]+]] = arith.constant 2 : index
// CHECK:         %[[BATCH:[a-z0-9_]+]] = tensor.dim %[[Q]], %[[C0]] : tensor<?x3x?x8xf32>
// CHECK:         %[[T:[a-z0-9_]+]] = tensor.dim %[[Q]], %[[C2]] : tensor<?x3x?x8xf32>
// CHECK:         %[[EMPTY:[a-z0-9_]+]] = tensor.empty(%[[BATCH]], %[[T]]) : tensor<?x3x?x8xf32>
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (%[[BATCH]], 3) shared_outs(%{{.*}} = %[[EMPTY]]) -> (tensor<?x3x?x8xf32>)
// CHECK:           %[[ROWS:[a-z0-9_]+]] = scf.for %{{.*}} = %[[C0]] to %[[T]] step %{{.*}} iter_args
// CHECK:             %[[INS:[a-z0-9_]+]] = tensor.insert_slice
// CHECK-NEXT:        scf.yield %[[INS]] : tensor<?x8xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[ROWS]] into %{{.*}} [1, 1, %[[T]], 8] [1, 1, 1, 1] : tensor<?x8xf32> into tensor<?x3x?x8xf32>
func.func @parallel_dynamic(%q: tensor<?x3x?x8xf32>, %ld: tensor<3xf32>) -> tensor<?x3x?x8xf32> {
  %o = retention.retention %q, %q, %q, %ld {schedule = #retention.schedule<parallel>}
      : (tensor<?x3x?x8xf32>, tensor<?x3x?x8xf32>, tensor<?x3x?x8xf32>,
         tensor<3xf32>) -> tensor<?x3x?x8xf32>
  return %o : tensor<?x3x?x8xf32>
}

// -----

// With an initial state, each query tile adds (q * gamma^(n + 1)) S0 with
// n = i0 + r; the final state is gamma^T S0 + (k * gamma^(T - 1 - m))^T v.
// CHECK-LABEL: func.func @parallel_states
// CHECK-SAME:    %[[S0:[a-z0-9]+]]: tensor<2x4x16x32xf32>) -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
// CHECK-DAG:     %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK-DAG:     %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// CHECK:         %[[EO:[a-z0-9_]+]] = tensor.empty(%{{.*}}) : tensor<2x4x?x32xf32>
// CHECK:         %[[ES:[a-z0-9_]+]] = tensor.empty() : tensor<2x4x16x32xf32>
// CHECK:         %[[FORALL:[a-z0-9_]+]]:2 = scf.forall (%[[B:[a-z0-9_]+]], %[[H:[a-z0-9_]+]]) in (2, 4) shared_outs(%[[SO:[a-z0-9_]+]] = %[[EO]], %[[SS:[a-z0-9_]+]] = %[[ES]]) -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
// CHECK:           %[[INIT:[a-z0-9_]+]] = tensor.extract_slice %[[S0]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<2x4x16x32xf32> to tensor<16x32xf32>
// CHECK:           %[[ROWS:[a-z0-9_]+]] = scf.for %[[I0:[a-z0-9_]+]] = {{.*}} -> (tensor<?x32xf32>) {
// CHECK:             linalg.fill {{.*}} -> tensor<?x32xf32>
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C64]]
// After the key tiles, q S0 from zero:
// CHECK:             %[[QSZERO:[a-z0-9_]+]] = linalg.fill {{.*}} -> tensor<?x32xf32>
// PLAIN:             %[[QS:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%{{.*}}, %[[INIT]] : tensor<?x16xf32>, tensor<16x32xf32>) outs(%[[QSZERO]] : tensor<?x32xf32>)
// TILED:             %[[QS:[a-z0-9_]+]] = scf.for {{.*}} iter_args(%{{.*}} = %[[QSZERO]]) -> (tensor<?x32xf32>)
// TILED:                 vector.transfer_read %[[INIT]][%{{.*}}, %{{.*}}], %{{.*}} : tensor<16x32xf32>, vector<32xf32>
// TILED:                 vector.fma
// CHECK:             linalg.generic {{.*}} outs(%[[QS]] : tensor<?x32xf32>)
// CHECK:               %[[R:[a-z0-9_]+]] = linalg.index 0 : index
// CHECK:               %[[N:[a-z0-9_]+]] = arith.addi %[[I0]], %[[R]] : index
// CHECK:               %[[N1:[a-z0-9_]+]] = arith.addi %[[N]], %[[C1]] : index
// CHECK:               arith.index_cast %[[N1]]
// CHECK:               math.exp
// CHECK:               arith.addf
// CHECK:             tensor.insert_slice
// CHECK-NEXT:        scf.yield
// CHECK-NEXT:      }
// gamma^T S0, with the dynamic T:
// CHECK-NEXT:      %[[TI:[a-z0-9_]+]] = arith.index_cast %[[T:[a-z0-9_]+]] : index to i64
// CHECK:           %[[GT:[a-z0-9_]+]] = math.exp
// CHECK:           %[[GTS:[a-z0-9_]+]] = arith.select %{{.*}}, %{{.*}}, %[[GT]] : f32
// CHECK:           %[[DECAYED:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%[[INIT]] : tensor<16x32xf32>)
// CHECK-NEXT:      ^bb0(%[[X:[a-z0-9_]+]]: f32):
// CHECK-NEXT:        arith.mulf %[[X]], %[[GTS]] : f32
// CHECK:           %[[LAST:[a-z0-9_]+]] = arith.subi %[[T]], %[[C1]] : index
// CHECK:           %[[KZ:[a-z0-9_]+]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x16xf32>)
// CHECK:             linalg.index 0
// CHECK:             arith.subi %[[LAST]], %{{.*}} : index
// PLAIN:           %[[STATE:[a-z0-9_]+]] = linalg.generic {{.*}} ins(%[[KZ]], %{{.*}} : tensor<?x16xf32>, tensor<?x32xf32>) outs(%[[DECAYED]] : tensor<16x32xf32>)
// (k z)^T v register-tiled: k z is already [K = T, M = Dk], no transpose;
// the blocks start from the decayed S0.
// TILED-NOT:         linalg.generic
// TILED:             %[[STATE:[a-z0-9_]+]] = scf.for %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[DECAYED]]) -> (tensor<16x32xf32>)
// TILED:                 vector.transfer_read %[[KZ]][%{{.*}}, %{{.*}}], %{{.*}} : tensor<?x16xf32>, vector<8xf32>
// TILED:                 vector.fma
// CHECK:           scf.forall.in_parallel {
// CHECK-NEXT:        tensor.parallel_insert_slice %[[ROWS]] into %[[SO]]
// CHECK-NEXT:        tensor.parallel_insert_slice %[[STATE]] into %[[SS]][%[[B]], %[[H]], 0, 0] [1, 1, 16, 32] [1, 1, 1, 1] : tensor<16x32xf32> into tensor<2x4x16x32xf32>
// CHECK:         return %[[FORALL]]#0, %[[FORALL]]#1
func.func @parallel_states(%q: tensor<2x4x?x16xf32>, %v: tensor<2x4x?x32xf32>,
                           %ld: tensor<4xf32>, %s0: tensor<2x4x16x32xf32>)
    -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>) {
  %o, %s = retention.retention %q, %q, %v, %ld init(%s0)
      {schedule = #retention.schedule<parallel>}
      : (tensor<2x4x?x16xf32>, tensor<2x4x?x16xf32>, tensor<2x4x?x32xf32>,
         tensor<4xf32>, tensor<2x4x16x32xf32>)
      -> (tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>)
  return %o, %s : tensor<2x4x?x32xf32>, tensor<2x4x16x32xf32>
}
