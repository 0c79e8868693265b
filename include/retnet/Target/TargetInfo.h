//===- TargetInfo.h - facts about a code generation target ------*- C++ -*-===//
//
// Plain data describing a target (CPU or CUDA GPU) that the cost model and the
// lowerings read. No MLIR dependency: the cost model is unit-tested on it.
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
/// compiled kernels by bench/calibrate_cost_model.py (one thread: chunkwise
/// 69-88 GFLOP/s executed at D = 64 and 89-115 at D = 128, parallel 64-85,
/// recurrent 45-63). cpu() adds the host's core count; cuda() overrides.
struct TargetInfo {
  TargetKind kind = TargetKind::CPU;
  /// Short name as accepted on command lines ("cpu", "cuda").
  std::string name = "cpu";
  /// Independent compute units: CPU cores or GPU streaming multiprocessors.
  int computeUnits = 2;
  /// SIMD width in bits (CPU) or warp width in lanes * 32 bits (GPU).
  int vectorBits = 512;
  /// Per-unit fast memory: L1 data cache (CPU) or shared memory per SM (GPU).
  int64_t l1Bytes = 32 * 1024;
  /// Per-unit second level: L2 per core (CPU) or L2 total (GPU).
  int64_t l2Bytes = 1024 * 1024;
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
  double matmulPeakFraction = 1.6;
  double matmulHalfEfficiencyEdge = 6.0;
  double vectorHalfEfficiencyLength = 64.0;
  /// The parallel form's extra cost per FLOP (per-element decay and mask of
  /// every score tile) relative to the chunkwise products.
  double parallelFactor = 0.78;
  /// The recurrent rank-1 update runs at
  ///   recurrentPeakFraction * Dv / (Dv + vectorHalfEfficiencyLength)
  /// of peak, times recurrentBeyondL2Factor when the Dk x Dv state does not
  /// fit in l2Bytes.
  double recurrentPeakFraction = 0.76;
  double recurrentBeyondL2Factor = 0.5;
  /// Fixed cost of one sequential step (a chunk or a token), in ns.
  double stepOverheadNs = 20.0;
  /// Chunk size used when T is not known at compile time.
  int64_t defaultChunkSize = 64;
  /// Query/key tile edge of the parallel schedule.
  int64_t parallelTile = 64;

  /// The host CPU (2 cores, AVX-512 class figures unless detected otherwise).
  static TargetInfo cpu();
  /// An NVIDIA GPU of the given compute capability (e.g. "sm_90").
  static TargetInfo cuda(const std::string &arch = "sm_90");
  /// Looks a target up by name: "cpu", "host", "cpu:<cores>", "cuda",
  /// "cuda:sm_<NN>[a]".
  static std::optional<TargetInfo> lookup(const std::string &name);
};

} // namespace retnet

#endif // RETNET_TARGET_TARGETINFO_H
