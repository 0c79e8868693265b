//===- TargetInfo.h - facts about a code generation target ------*- C++ -*-===//
//
// Plain data describing a target (CPU or CUDA GPU): what the cost model
// decides from. Only facts about the target (units, vector width, caches,
// peaks, the fitted efficiency of its kernels); the code generation choices
// derived from them are the cost model's (retnet::CodegenPolicy and
// retnet::LoweringConfig in CostModel.h). No MLIR dependency: the cost model
// is unit-tested on it.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_TARGET_TARGETINFO_H
#define RETNET_TARGET_TARGETINFO_H

#include <cstdint>
#include <optional>
#include <string>

namespace retnet {

enum class TargetKind { CPU, CUDA };

/// The defaults are the host CPU class's figures (a Zen 4 / AVX-512 core: 2 x
/// 256-bit FMA ports at ~3.7 GHz), the efficiency constants fitted to the
/// compiled kernels by bench/calibrate_cost_model.py and bench/bench_cpu.py
/// (one thread, executed FLOPs: chunkwise 63-64 GFLOP/s at C = 16-32 and
/// 94-108 at C = 64-128, parallel 95-102, recurrent 154 with the state in L1
/// and 85-95 in L2).
/// What the CUDA lowering emits, which the CUDA target's cost model must
/// match: the warp-level tensor-core MMA shape of its 16-bit chunkwise
/// products (mma.sync m16n8k16) and the largest chunk whose C x C f32 score
/// tile it keeps in shared memory.
struct CudaKernelShape {
  static constexpr int64_t mmaM = 16, mmaN = 8, mmaK = 16;
  static constexpr int64_t maxSharedChunk = 64;
};

/// cpu() adds the host's core count; cuda() overrides.
struct TargetInfo {
  TargetKind kind = TargetKind::CPU;
  /// Short name as accepted on command lines ("cpu", "cuda").
  std::string name = "cpu";
  /// Independent compute units: CPU cores or GPU streaming multiprocessors.
  int computeUnits = 2;
  /// SIMD width in bits (CPU) or warp width in lanes * 32 bits (GPU).
  int vectorBits = 512;
  /// Architectural vector registers (CPU: 32 with AVX-512, 16 with AVX2).
  int vectorRegisters = 32;
  /// Per-unit fast memory: L1 data cache (CPU) or shared memory per SM (GPU).
  int64_t l1Bytes = 32 * 1024;
  /// Per-unit second level: L2 per core (CPU) or L2 total (GPU).
  int64_t l2Bytes = 1024 * 1024;
  /// Last-level cache, shared (CPU; 0 where unknown).
  int64_t l3Bytes = 0;
  /// Peak f32 multiply-add throughput of one compute unit, GFLOP/s.
  double peakGflopsPerUnit = 117.0;
  /// Efficiency model of the contraction-based forms (parallel, chunkwise),
  /// measured by bench/calibrate_cost_model.py: a product whose smallest
  /// tile edge is n and whose vectorized length (min(Dk, Dv)) is d runs at
  ///   matmulPeakFraction * n / (n + matmulHalfEfficiencyEdge)
  ///                      * d / (d + vectorHalfEfficiencyLength)
  /// of peak.
  /// (A fit coefficient: it may exceed 1 because both size factors stay
  /// below 1 even for large tiles.)
  /// (Fitted on the 2-thread benchmark of bench/bench_cpu.py, after the
  /// contractions stopped transposing A: on its 16 shapes the model's pick
  /// is within 3% of the fastest pinned schedule. The chunk-size term is
  /// weak, matmulHalfEfficiencyEdge = 4: the measured chunk-size
  /// differences are within 20% and not monotonic.)
  double matmulPeakFraction = 1.2;
  double matmulHalfEfficiencyEdge = 4.0;
  double vectorHalfEfficiencyLength = 32.0;
  /// The parallel form's cost per FLOP relative to the chunkwise products
  /// (its tile loops are shorter and its masking generic runs on every
  /// visited tile).
  double parallelFactor = 0.8;
  /// The recurrent step (one fused pass over the state per token) runs at
  ///   recurrentPeakFraction * Dv / (Dv + recurrentHalfLength)
  /// of peak, at recurrentL1Fraction (if > 0) when the Dk x Dv state fits in
  /// l1Bytes,
  /// and times recurrentBeyondL2Factor when it does not fit in l2Bytes.
  double recurrentPeakFraction = 0.8;
  double recurrentHalfLength = 25.0;
  double recurrentL1Fraction = 1.4;
  double recurrentBeyondL2Factor = 0.5;
  /// Tensor cores (GPU): the warp-level MMA shape the GPU lowering emits for
  /// 16-bit operands (m16n8k16 on sm_80+; 0 where there are none) and their
  /// dense f32-accumulate peak per compute unit, GFLOP/s. Chunkwise products
  /// with 16-bit operands whose chunk is a multiple of mmaM, Dk of mmaK and
  /// Dv of mmaN run at this peak instead of peakGflopsPerUnit.
  int64_t mmaM = 0, mmaN = 0, mmaK = 0;
  double tensorCorePeakGflopsPerUnit = 0.0;
  /// Fixed cost of one sequential step (a chunk or a token), in ns.
  double stepOverheadNs = 20.0;
  /// The host CPU: cores, vector width and registers (x86: AVX-512, AVX2
  /// or SSE) and the L1d / L2 / L3 sizes read from the host (Linux sysfs);
  /// the efficiency constants are the AVX-512 class's fits.
  static TargetInfo cpu();
  /// The same CPU facts for code generated for another vector width (a
  /// --mcpu other than the host): 512 (AVX-512, 32 registers), 256 (AVX2,
  /// 16) or 128 (SSE, 16).
  TargetInfo withVectorBits(int bits) const;
  /// An NVIDIA GPU of the given compute capability (e.g. "sm_90").
  static TargetInfo cuda(const std::string &arch = "sm_90");
  /// Looks a target up by name: "cpu", "host", "cpu:<cores>", "cuda",
  /// "cuda:sm_<NN>[a]".
  static std::optional<TargetInfo> lookup(const std::string &name);
};

} // namespace retnet

#endif // RETNET_TARGET_TARGETINFO_H
