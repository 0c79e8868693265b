// RUN: retnet-opt %s -retnet-cpu-pipeline | FileCheck %s
// RUN: retnet-opt %s -retnet-cpu-pipeline=openmp=0 | FileCheck %s
// RUN: retnet-opt %s -retnet-cpu-pipeline | FileCheck %s --check-prefix=ONLY-LLVM
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0' | FileCheck %s --check-prefix=LOOPS
// RUN: retnet-opt %s -retnet-cpu-pipeline='lower-to-llvm=0 openmp=0' | FileCheck %s --check-prefix=LOOPS

// Every schedule, element type and option combination reaches the LLVM
// dialect, each public function with its C wrapper and a call to its op's
// kernel, an internal, never-inlined function before it
// (retention-outline-ops). The register tiles of
// the contractions become vector<32xf32> llvm.intr.fmuladd (vector.fma) and
// masked loads and stores at the tile edges (vector.transfer_read/write,
// fully unrolled by convert-vector-to-scf).
// ONLY-LLVM-NOT: retention.
// ONLY-LLVM-NOT: func.func
// ONLY-LLVM-NOT: tensor.
// ONLY-LLVM-NOT: memref.
// ONLY-LLVM-NOT: linalg.
// ONLY-LLVM-NOT: scf.
// ONLY-LLVM-NOT: arith.
// ONLY-LLVM-NOT: math.
// ONLY-LLVM-NOT: unrealized_conversion_cast

// f16 in, f32 compute, f16 out; the decay normalization in f64 (rsqrt
// becomes 1 / sqrt).
// CHECK-LABEL: llvm.func internal @__retention_parallel(
// CHECK-DAG:     llvm.fpext %{{.*}} : f16 to f32
// CHECK-DAG:     llvm.fpext %{{.*}} : f32 to f64
// CHECK-DAG:     llvm.intr.sqrt(%{{.*}}) : (f64) -> f64
// CHECK-DAG:     llvm.fptrunc %{{.*}} : f64 to f32
// CHECK-DAG:     llvm.fptrunc %{{.*}} : f32 to f16
// CHECK-LABEL: llvm.func @parallel_f16_normalized(
// CHECK:         llvm.call @__retention_parallel(
// CHECK:       llvm.func @_mlir_ciface_parallel_f16_normalized(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
func.func @parallel_f16_normalized(%q: tensor<2x2x?x16xf16>, %ld: tensor<2xf32>) -> tensor<2x2x?x16xf16> {
  %o = retention.retention %q, %q, %q, %ld {decay_normalization, schedule = #retention.schedule<parallel>}
      : (tensor<2x2x?x16xf16>, tensor<2x2x?x16xf16>, tensor<2x2x?x16xf16>,
         tensor<2xf32>) -> tensor<2x2x?x16xf16>
  return %o : tensor<2x2x?x16xf16>
}

// bf16 with a bf16 state, dynamic batch, a partial last chunk (40 = 2 x 16 + 8).
// The 2 full chunks run in a loop, the 8 remaining rows are peeled off with
// static tiles: no chunk length is computed with a min anywhere (LOOPS checks
// the loop and the 8 x 8 score tile of the peeled chunk before LLVM).
// CHECK-LABEL: llvm.func internal @__retention_chunkwise(
// CHECK-NOT:     llvm.intr.smin
// CHECK:         llvm.fpext %{{.*}} : bf16 to f32
// CHECK-NOT:     llvm.intr.smin
// CHECK:         llvm.intr.fmuladd(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
// CHECK-NOT:     llvm.intr.smin
// CHECK:         llvm.intr.masked.store
// CHECK-NOT:     llvm.intr.smin
// CHECK:         llvm.fptrunc %{{.*}} : f32 to bf16
// CHECK-NOT:     llvm.intr.smin
// CHECK-LABEL: llvm.func @chunkwise_bf16_state(
// CHECK:         llvm.call @__retention_chunkwise(
// CHECK:       llvm.func @_mlir_ciface_chunkwise_bf16_state(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// LOOPS-LABEL: func.func private @__retention_chunkwise(
// LOOPS:         scf.for %{{.*}} = %{{.*}} to %c32 step %c16 {
// LOOPS:           vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<32xf32>
// LOOPS:         memref.view {{.*}} to memref<8x8xf32>
// LOOPS:         vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<32xf32>
// LOOPS:         return
func.func @chunkwise_bf16_state(%q: tensor<?x2x40x16xbf16>, %ld: tensor<2xf32>,
                                %s0: tensor<?x2x16x16xbf16>)
    -> (tensor<?x2x40x16xbf16>, tensor<?x2x16x16xbf16>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      {schedule = #retention.schedule<chunkwise, chunk_size = 16>}
      : (tensor<?x2x40x16xbf16>, tensor<?x2x40x16xbf16>, tensor<?x2x40x16xbf16>,
         tensor<2xf32>, tensor<?x2x16x16xbf16>)
      -> (tensor<?x2x40x16xbf16>, tensor<?x2x16x16xbf16>)
  return %o, %s : tensor<?x2x40x16xbf16>, tensor<?x2x16x16xbf16>
}

// Decode step with an f32 state.
// CHECK-LABEL: llvm.func internal @__retention_recurrent(
// CHECK:         llvm.intr.exp
// CHECK-LABEL: llvm.func @recurrent_decode(
// CHECK:         llvm.call @__retention_recurrent(
// CHECK:       llvm.func @_mlir_ciface_recurrent_decode(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
func.func @recurrent_decode(%q: tensor<1x2x1x16xf32>, %ld: tensor<2xf32>,
                            %s0: tensor<1x2x16x16xf32>)
    -> (tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>, tensor<1x2x1x16xf32>,
         tensor<2xf32>, tensor<1x2x16x16xf32>)
      -> (tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>)
  return %o, %s : tensor<1x2x1x16xf32>, tensor<1x2x16x16xf32>
}
