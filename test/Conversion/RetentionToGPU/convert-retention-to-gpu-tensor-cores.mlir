// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu | FileCheck %s
// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu=tensor-cores=off | FileCheck %s --check-prefix=OFF
// RUN: retnet-opt %s -split-input-file -convert-retention-to-gpu=tensor-cores=emulate | FileCheck %s --check-prefix=EMU
// RUN: not retnet-opt %s -split-input-file -convert-retention-to-gpu=tensor-cores=maybe 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: for the --tensor-cores option: Cannot find option named 'maybe'!

// bf16 chunkwise, C = 64, Dk = Dv = 64: the three products of a chunk on
// tensor cores, m16n8k16 with bf16 operands (two per i32 register) and f32
// accumulators: Q K^T (4 k-steps of 16 over Dk), P V (up to the diagonal:
// each of the 4 k-steps under a warp-uniform scf.if) then (Q * xi) R (4
// steps), and (K * zeta)^T V (4 steps over the chunk). The score tile stays
// f32 in shared memory, the state in the f32 work buffer.
// CHECK-LABEL: func.func private @bf16_chunkwise
// CHECK:         gpu.launch
// CHECK-SAME:      workgroup(%{{.*}} : memref<64xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<64xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<4096xf32, #gpu.address_space<workgroup>>)
// Phase A:
// CHECK-COUNT-4:   nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK:           gpu.barrier
// Phase B: P V under the diagonal test, then the state term.
// CHECK:           scf.if %{{.*}} -> (f32, f32, f32, f32)
// CHECK:             nvvm.mma.sync
// CHECK-COUNT-4:   nvvm.mma.sync
// CHECK:           gpu.barrier
// Phase C:
// CHECK-COUNT-4:   nvvm.mma.sync
// CHECK:           gpu.barrier
// OFF-LABEL: func.func private @bf16_chunkwise
// OFF-NOT:     nvvm.mma.sync
// OFF:         return
// The emulated form: no NVVM op, each lane sums its own 16 products.
// EMU-LABEL: func.func private @bf16_chunkwise
// EMU-NOT:     nvvm.
// EMU:         scf.for {{.*}} iter_args
// EMU:           arith.truncf %{{.*}} : f32 to bf16
// EMU-NEXT:      arith.extf %{{.*}} : bf16 to f32
// EMU:         return
func.func private @bf16_chunkwise(memref<1x2x200x64xbf16>, memref<1x2x200x64xbf16>, memref<1x2x200x64xbf16>, memref<2xf32>, memref<1x2x200x64xbf16>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 64>}}

// -----

// f16: the operands are vector<2xf16> registers.
// CHECK-LABEL: func.func private @f16_chunkwise
// CHECK:         nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
func.func private @f16_chunkwise(memref<1x2x64x32xf16>, memref<1x2x64x32xf16>, memref<1x2x64x16xf16>, memref<2xf32>, memref<1x2x64x16xf16>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 16>}}

// -----

// f32 inputs, or f16 with a key dim that is not a multiple of 16: the
// SIMT kernel.
// CHECK-LABEL: func.func private @f32_chunkwise
// CHECK-NOT:     nvvm.mma.sync
// CHECK-LABEL: func.func private @f16_odd_key_dim
// CHECK-NOT:     nvvm.mma.sync
// CHECK:         return
func.func private @f32_chunkwise(memref<1x2x64x32xf32>, memref<1x2x64x32xf32>, memref<1x2x64x16xf32>, memref<2xf32>, memref<1x2x64x16xf32>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 16>}}
func.func private @f16_odd_key_dim(memref<1x2x64x24xf16>, memref<1x2x64x24xf16>, memref<1x2x64x16xf16>, memref<2xf32>, memref<1x2x64x16xf16>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {schedule = #retention.schedule<chunkwise, chunk_size = 16>}}

// -----

// The op's lowering_config decides: tensor_cores = false keeps a bf16 chunk
// that fits m16n8k16 on the SIMT kernel (without a config the cost model's
// choice, tensor cores, applies: @bf16_chunkwise).
// CHECK-LABEL: func.func private @bf16_config_says_simt
// CHECK-NOT:     nvvm.mma.sync
// CHECK:         return
func.func private @bf16_config_says_simt(memref<1x2x200x64xbf16>, memref<1x2x200x64xbf16>, memref<1x2x200x64xbf16>, memref<2xf32>, memref<1x2x200x64xbf16>) attributes {retention.gpu_inputs = 4 : i64, retention.gpu_kernel = {lowering_config = #retention.lowering_config<tile = [16, 64], register_tile = [0, 0], causal_skip_from = 0, tensor_cores = false>, schedule = #retention.schedule<chunkwise, chunk_size = 64>}}
