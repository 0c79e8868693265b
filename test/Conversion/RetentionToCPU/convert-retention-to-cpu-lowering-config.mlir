// RUN: retnet-opt %s -split-input-file -convert-retention-to-cpu -verify-diagnostics | FileCheck %s

// The CPU lowering takes its choices from the op's #retention.lowering_config
// (the pass's register-tile options only serve ops without one): each case
// asks for something the pass defaults (8 x 32 register tiles, 64 x 64
// parallel tiles, threads) would not give.

// register_tile = [0, 0]: plain linalg loop nests, whatever the pass's
// default register tile.
// CHECK-LABEL: func.func @plain_loops
// CHECK-NOT:     vector.
// CHECK:         linalg.generic
// CHECK-NOT:     vector.
// CHECK:         return
func.func @plain_loops(%q: tensor<1x2x64x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x64x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>,
       lowering_config = #retention.lowering_config<register_tile = [0, 0]>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>,
         tensor<2xf32>) -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}

// -----

// register_tile = [4, 16]: 4 x 16 accumulator blocks of vector<16xf32> rows.
// CHECK-LABEL: func.func @small_register_tile
// CHECK:         vector.transfer_read {{.*}} : tensor<?x?xf32>, vector<4x16xf32>
// CHECK-NOT:     vector<8x32xf32>
// CHECK:         return
func.func @small_register_tile(%q: tensor<1x2x64x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x64x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>,
       lowering_config = #retention.lowering_config<register_tile = [4, 16]>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>,
         tensor<2xf32>) -> tensor<1x2x64x16xf32>
  return %o : tensor<1x2x64x16xf32>
}

// -----

// tile = [32, 16]: query tiles of 32 rows, key tiles of 16 columns.
// CHECK-LABEL: func.func @parallel_tile
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         scf.forall
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C32]]
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C16]]
func.func @parallel_tile(%q: tensor<1x2x128x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x128x16xf32> {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<parallel>,
       lowering_config = #retention.lowering_config<tile = [32, 16]>}
      : (tensor<1x2x128x16xf32>, tensor<1x2x128x16xf32>, tensor<1x2x128x16xf32>,
         tensor<2xf32>) -> tensor<1x2x128x16xf32>
  return %o : tensor<1x2x128x16xf32>
}

// -----

// serial = true: the (batch, head) forall is marked for
// retention-serialize-foralls, even on a prefill; serial = false is not,
// even on a small decode step.
// CHECK-LABEL: func.func @serial
// CHECK:         scf.forall
// CHECK:         } {retention.serial}
// CHECK:         scf.forall
// CHECK-NOT:     retention.serial
// CHECK:         return
func.func @serial(%q: tensor<1x2x64x16xf32>, %d: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>)
    -> (tensor<1x2x64x16xf32>, tensor<1x2x1x16xf32>) {
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 32>,
       lowering_config = #retention.lowering_config<serial = true>}
      : (tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>,
         tensor<2xf32>) -> tensor<1x2x64x16xf32>
  %s = retention.retention %d, %d, %d, %ld
      {schedule = #retention.schedule<recurrent>,
       lowering_config = #retention.lowering_config<serial = false>}
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %o, %s : tensor<1x2x64x16xf32>, tensor<1x2x1x16xf32>
}

// -----

// Without a config, a small static decode step gets the cost model's
// (serial), like an op from retention-select-schedule.
// CHECK-LABEL: func.func @no_config
// CHECK:         scf.forall
// CHECK:         } {retention.serial}
func.func @no_config(%d: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>) -> tensor<1x2x1x16xf32> {
  %s = retention.retention %d, %d, %d, %ld {schedule = #retention.schedule<recurrent>}
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>) -> tensor<1x2x1x16xf32>
  return %s : tensor<1x2x1x16xf32>
}

// -----

// A GPU-only choice is refused on the CPU, not ignored.
func.func @tensor_cores(%q: tensor<1x2x64x16xf16>, %ld: tensor<2xf32>) -> tensor<1x2x64x16xf16> {
  // expected-error @+1 {{'retention.retention' op has lowering_config tensor_cores = true, which the CPU lowering cannot follow (no tensor cores)}}
  %o = retention.retention %q, %q, %q, %ld
      {schedule = #retention.schedule<chunkwise, chunk_size = 16>,
       lowering_config = #retention.lowering_config<tensor_cores = true>}
      : (tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>, tensor<1x2x64x16xf16>,
         tensor<2xf32>) -> tensor<1x2x64x16xf16>
  return %o : tensor<1x2x64x16xf16>
}
