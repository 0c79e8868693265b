// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu -verify-diagnostics | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu -gpu-kernel-outlining | FileCheck %s --check-prefix=OUTLINED
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-gpu=block-size=100 2>&1 | FileCheck %s --check-prefix=BLOCK

// GPU step 2 on host functions as retention-outline-gpu-calls leaves them.

// Chunkwise, C = 64, T = 256: operands copied in, one kernel per
// (batch, head) with the 64 x 64 score tile and two decay vectors in shared
// memory, barriers between the phases, the output copied back, every device
// buffer freed, one wait. No T x T (256 x 256) buffer anywhere.
// CHECK-LABEL: func.func private @chunkwise
// CHECK-NOT:     retention.gpu_inputs
// CHECK:         %[[T0:.*]] = gpu.wait async
// CHECK:         %[[DQ:.*]], %{{.*}} = gpu.alloc async [%[[T0]]] () : memref<2x4x256x64xf32>
// CHECK:         gpu.memcpy async {{.*}} %[[DQ]], %arg0
// CHECK-COUNT-3: gpu.memcpy async
// CHECK:         gpu.alloc async {{.*}} : memref<2x4x256x64xf32>
// CHECK:         %[[WORK:.*]], %{{.*}} = gpu.alloc async {{.*}} : memref<?x4x64x64xf32>
// CHECK:         gpu.launch async
// CHECK-SAME:      threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %c256,
// CHECK-SAME:      workgroup(%{{.*}} : memref<64xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<64xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<4096xf32, #gpu.address_space<workgroup>>)
// CHECK:           gpu.barrier
// CHECK:           scf.for
// CHECK:             gpu.barrier
// CHECK:             gpu.barrier
// CHECK:             gpu.barrier
// CHECK:           gpu.terminator
// CHECK:         gpu.memcpy async {{.*}} %arg4, %{{.*}}
// CHECK-COUNT-6: gpu.dealloc async
// CHECK:         gpu.wait [%{{.*}}]
// CHECK-NOT:     256x256
// CHECK:         return
// OUTLINED:      gpu.launch_func async {{.*}} @chunkwise_kernel::@chunkwise_kernel
// OUTLINED:      gpu.module @chunkwise_kernel
// OUTLINED:        gpu.func @chunkwise_kernel({{.*}}) workgroup({{.*}}memref<4096xf32, #gpu.address_space<workgroup>>) kernel
// BLOCK: convert-retention-to-gpu: block-size must be a multiple of 32 in [32, 1024], got 100
func.func private @chunkwise(memref<2x4x256x64xf32>, memref<2x4x256x64xf32>, memref<2x4x256x64xf32>, memref<4xf32>, memref<2x4x256x64xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 64>}}

// -----

// A chunk too big for shared memory keeps its score tiles in a global
// scratch buffer, one C x C tile per (batch, head).
// CHECK-LABEL: func.func private @big_chunk
// CHECK:         gpu.alloc async {{.*}} : memref<?x16384xf32>
// CHECK:         gpu.launch async
// CHECK-SAME:      workgroup(%{{.*}} : memref<128xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<128xf32, #gpu.address_space<workgroup>>)
// CHECK-NOT:     16384xf32, #gpu.address_space<workgroup>
func.func private @big_chunk(memref<1x2x512x256xf32>, memref<1x2x512x256xf32>, memref<1x2x512x256xf32>, memref<2xf32>, memref<1x2x512x256xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 128>}}

// -----

// A chunk longer than a static T is one chunk of T rows: the largest chunk
// size (4096) on T = 40 keeps a 40 x 40 score tile in shared memory, not a
// 4096 x 4096 scratch tile (64 MiB) per (batch, head).
// CHECK-LABEL: func.func private @chunk_size_at_the_bound
// CHECK-NOT:     gpu.alloc async {{.*}} : memref<?x16777216xf32>
// CHECK:         gpu.launch async
// CHECK-SAME:      workgroup(%{{.*}} : memref<40xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<40xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<1600xf32, #gpu.address_space<workgroup>>)
// CHECK-NOT:     4096
// CHECK:         return
func.func private @chunk_size_at_the_bound(memref<1x2x40x16xf32>, memref<1x2x40x16xf32>, memref<1x2x40x16xf32>, memref<2xf32>, memref<1x2x40x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 4096>}}

// -----

// Parallel with a final state: a grid over (batch * head, ceil(T / 16)
// query row tiles) with a 16 x 64 score tile in shared memory, key tiles
// visited up to the diagonal (loop bound r0 + rows), then a state kernel.
// CHECK-LABEL: func.func private @parallel
// CHECK:         %[[ROWTILES:.*]] = arith.ceildivui %{{.*}}, %c16
// CHECK:         gpu.launch async {{.*}} blocks({{.*}}) in (%{{.*}} = %{{.*}}, %{{.*}} = %[[ROWTILES]],
// CHECK-SAME:      workgroup(%{{.*}} : memref<1024xf32, #gpu.address_space<workgroup>>)
// CHECK:           %[[R0:.*]] = arith.muli %{{.*}}, %c16
// CHECK:           %[[ROWS:.*]] = arith.minui %c16
// CHECK:           %[[END:.*]] = arith.addi %[[R0]], %[[ROWS]]
// CHECK:           scf.for %{{.*}} = %c0{{.*}} to %[[END]] step %c64
// CHECK:         gpu.launch async
// CHECK-NOT:       workgroup
// CHECK:         gpu.memcpy async {{.*}} %arg4,
// CHECK:         gpu.memcpy async {{.*}} %arg5,
// CHECK-NOT:     256x256
func.func private @parallel(memref<1x2x256x32xf32>, memref<1x2x256x32xf32>, memref<1x2x256x32xf32>, memref<2xf32>, memref<1x2x256x32xf32>, memref<1x2x32x32xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<parallel>}}

// -----

// The score tile comes from the op's lowering_config: 8 query rows x 32 key
// columns (a 256-float tile) instead of the CUDA default 16 x 64.
// CHECK-LABEL: func.func private @parallel_config_tile
// CHECK:         arith.ceildivui %{{.*}}, %c8
// CHECK:         gpu.launch async
// CHECK-SAME:      workgroup(%{{.*}} : memref<256xf32, #gpu.address_space<workgroup>>)
// CHECK:           scf.for %{{.*}} step %c32
func.func private @parallel_config_tile(memref<1x2x256x32xf32>, memref<1x2x256x32xf32>, memref<1x2x256x32xf32>, memref<2xf32>, memref<1x2x256x32xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {lowering_config = #retention.lowering_config<tile = [8, 32], register_tile = [0, 0], causal_skip_from = 0>, schedule = #retention.schedule<parallel>}}

// -----

// Recurrent decode step in f16 with an initial state and the group norm: a
// thread per state column (Dv = 48 -> 64 threads, no shared memory), f16
// widened on load and narrowed on store, the f32 final state written in
// place; then the row kernel of the group norm (128 threads, a block sum).
// CHECK-LABEL: func.func private @recurrent
// CHECK:         gpu.memcpy async {{.*}} %arg4
// CHECK:         %[[STATE:.*]], %{{.*}} = gpu.alloc async {{.*}} : memref<1x2x64x48xf32>
// CHECK:         gpu.launch async
// CHECK-SAME:      in (%{{.*}} = %c64,
// CHECK-NOT:       workgroup
// CHECK:           arith.extf {{.*}} : f16 to f32
// CHECK:           memref.store %{{.*}}, %[[STATE]]
// CHECK:           gpu.terminator
// CHECK:         gpu.launch async
// CHECK-SAME:      in (%{{.*}} = %c128,
// CHECK-SAME:      workgroup(%{{.*}} : memref<128xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<1xf32, #gpu.address_space<workgroup>>)
// CHECK:           math.rsqrt
// CHECK:           arith.truncf {{.*}} : f32 to f16
// CHECK:         gpu.memcpy async {{.*}} %arg6, %[[STATE]]
func.func private @recurrent(memref<1x2x1x64xf16>, memref<1x2x1x64xf16>, memref<1x2x1x48xf16>, memref<2xf32>, memref<1x2x64x48xf32>, memref<1x2x1x48xf16>, memref<1x2x64x48xf32>) attributes {retention.gpu_inputs = 5 : i64, retention.gpu_kernel = {group_norm_eps = 1.0e-6 : f32, schedule = #retention.schedule<recurrent>}}

