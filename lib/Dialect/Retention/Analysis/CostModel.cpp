//===- CostModel.cpp - choose a schedule for a retention op ---------------===//
//
// The model estimates the run time of each form as
//   time = useful FLOPs / (peak * efficiency * utilization) + steps * overhead
// where
//   * FLOPs are those the kernels execute (retention-semantics.md section 5,
//     plus what the register tiles waste), from the op's LoweringConfig
//     (R x L register tile, causal skipping from S rows on): parallel
//     T^2 (Dk + Dv) + 2 T (L/2 Dk + R/2 Dv) per head (tiles above the
//     diagonal skipped, inside the diagonal tiles at register-tile
//     granularity; 16 Dk + 4 Dv with 8 x 32), chunkwise 2 T C (Dk + Dv) +
//     4 T Dk Dv for C < S (intra-chunk products whole, then masked) and
//     2 T ((C/2 + L/2) Dk + (C/2 + R/2) Dv) + 4 T Dk Dv from C = S on
//     (register tiles above the diagonal skipped), recurrent 4 T Dk Dv; a
//     carried state adds its read/write terms to the parallel form;
//   * efficiency of the contraction forms grows with the smallest tile edge
//     n and the vectorized length d = min(Dk, Dv) as
//     f * n/(n + n_half) * d/(d + d_half) (times a factor for the parallel
//     form's masking work); the recurrent rank-1 update runs
//     at f_rec * Dv/(Dv + d_half), halved when the state is beyond L2. The
//     constants come from bench/calibrate_cost_model.py; the recurrent
//     step is fastest when the state stays in L1;
//   * utilization is min(1, (batch, head) items / compute units): the
//     lowerings parallelize over (batch, head);
//   * every sequential step of an item (a chunk, a token, a tile pair) pays
//     a fixed overhead, and a unit runs max(1, items / units) items.
// Two rules come before the estimates: a single static token (T = 1, decode)
// is recurrent, and a dynamic T is chunkwise (linear in T whatever it is).
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Analysis/CostModel.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <sstream>

using namespace retnet;

const char *retnet::scheduleName(Schedule s) {
  switch (s) {
  case Schedule::Parallel:
    return "parallel";
  case Schedule::Chunkwise:
    return "chunkwise";
  case Schedule::Recurrent:
    return "recurrent";
  }
  return "unknown";
}

static double matmulEfficiency(double edge, double vecLen,
                               const TargetInfo &t) {
  return t.matmulPeakFraction * edge / (edge + t.matmulHalfEfficiencyEdge) *
         vecLen / (vecLen + t.vectorHalfEfficiencyLength);
}

static double utilization(double items, const TargetInfo &t) {
  return std::min(1.0, items / std::max(1, t.computeUnits));
}

CodegenPolicy CodegenPolicy::forTarget(const TargetInfo &t) {
  CodegenPolicy p;
  if (t.kind == TargetKind::CUDA) {
    p.maxChunkSize = CudaKernelShape::maxSharedChunk;
    // 16 query rows x 64 key columns per block; tiles computed whole; no
    // serial decode rule (one kernel launch either way).
    p.parallelTileRows = 16;
    p.parallelTileCols = 64;
    p.causalSkipFrom = 0;
    p.minThreadedDecodeElements = 0;
  }
  return p;
}

RegisterTile retnet::registerTileFor(const TargetInfo &t) {
  if (t.kind != TargetKind::CPU)
    return {};
  // Two vectors of accumulators per row, plus the two vectors of B's row
  // and the broadcast: 8 rows of 32 registers (AVX-512), 6 of 16 (AVX2).
  return {t.vectorRegisters >= 32 ? 8 : 6, 2 * (t.vectorBits / 32)};
}

LoweringConfig retnet::selectLoweringConfig(const RetentionShape &s,
                                            Schedule schedule,
                                            int64_t chunkSize,
                                            const TargetInfo &t,
                                            bool registerTile) {
  CodegenPolicy p = CodegenPolicy::forTarget(t);
  LoweringConfig c;
  c.tileRows = p.parallelTileRows;
  c.tileCols = p.parallelTileCols;
  RegisterTile rt = registerTile ? registerTileFor(t) : RegisterTile{};
  c.registerTileRows = rt.rows;
  c.registerTileLanes = rt.lanes;
  c.causalSkipFrom = p.causalSkipFrom;
  c.serial =
      p.minThreadedDecodeElements > 0 && s.seqLen == 1 &&
      s.batch != kDynamicExtent &&
      s.batch * s.heads * s.keyDim * s.valueDim < p.minThreadedDecodeElements;
  // A chunk longer than a static T is one chunk of T rows.
  int64_t chunk = chunkSize;
  if (s.seqLen > 0)
    chunk = std::min(chunk, s.seqLen);
  c.tensorCores = schedule == Schedule::Chunkwise && s.elementBits == 16 &&
                  t.mmaM > 0 && chunk > 0 && chunk % t.mmaM == 0 &&
                  s.keyDim % t.mmaK == 0 && s.valueDim % t.mmaN == 0;
  return c;
}

double retnet::estimateTimeNs(const RetentionShape &s, Schedule schedule,
                              int64_t chunkSize, const TargetInfo &t) {
  return estimateTimeNs(s, schedule, chunkSize,
                        selectLoweringConfig(s, schedule, chunkSize, t), t);
}

double retnet::estimateTimeNs(const RetentionShape &s, Schedule schedule,
                              int64_t chunkSize, const LoweringConfig &config,
                              const TargetInfo &t) {
  assert(s.seqLen > 0 && "estimates need a static sequence length");
  double B = s.batch > 0 ? s.batch : 1, H = s.heads, T = s.seqLen,
         dk = s.keyDim, dv = s.valueDim;
  double bh = B * H;
  // FLOPs of the state terms: q S0 (2 T Dk Dv) and the final state
  // (2 T Dk Dv); the chunkwise and recurrent forms carry a state anyway.
  double stateIn = s.hasInitialState ? 2 * T * dk * dv : 0;
  double stateOut = s.hasFinalState ? 2 * T * dk * dv : 0;
  double peak = t.peakGflopsPerUnit; // GFLOP/s == FLOP/ns
  // The lowerings spread the (batch, head) items over the compute units; a
  // unit runs its items one after the other, each a chain of `steps`.
  double util = utilization(bh, t);
  double itemsPerUnit = std::max(1.0, bh / std::max(1, t.computeUnits));
  auto time = [&](double flops, double eff, double stepsPerItem) {
    return flops / (peak * t.computeUnits * eff * util) +
           stepsPerItem * itemsPerUnit * t.stepOverheadNs;
  };
  // Half a register tile of waste per row where the causal products stop
  // at register-tile granularity.
  double halfLanes = config.registerTileLanes / 2.0,
         halfRows = config.registerTileRows / 2.0;
  switch (schedule) {
  case Schedule::Parallel: {
    double tile = std::min<double>(T, config.tileCols);
    double tiles = std::ceil(T / tile);
    // The causal half, plus the diagonal tiles' waste at register-tile
    // granularity (or the whole diagonal tiles where nothing is skipped).
    double waste = config.skipsCausal(config.parallelDiagonalEdge())
                       ? 2 * T * (halfLanes * dk + halfRows * dv)
                       : T * tile * (dk + dv);
    double flops = bh * (T * T * (dk + dv) + waste + stateIn + stateOut);
    double eff = t.parallelFactor * matmulEfficiency(tile, std::min(dk, dv), t);
    // Query tiles x key tiles up to the diagonal.
    return time(flops, eff, tiles * (tiles + 1) / 2);
  }
  case Schedule::Chunkwise: {
    double c = std::min<double>(chunkSize, T);
    double chunks = std::ceil(T / c);
    double intra =
        config.skipsCausal(chunkSize)
            ? 2 * T * ((c / 2 + halfLanes) * dk + (c / 2 + halfRows) * dv)
            : 2 * T * c * (dk + dv);
    double flops = bh * (intra + 4 * T * dk * dv + chunks * dk * dv);
    double eff = matmulEfficiency(c, std::min(dk, dv), t);
    // 16-bit operands in MMA-sized tiles: the products run on tensor cores,
    // at their peak relative to the f32 one.
    if (config.tensorCores)
      eff *= t.tensorCorePeakGflopsPerUnit / t.peakGflopsPerUnit;
    return time(flops, eff, chunks);
  }
  case Schedule::Recurrent: {
    double flops = bh * 4 * T * dk * dv;
    double stateBytes = dk * dv * 4;
    double eff =
        stateBytes <= t.l1Bytes && t.recurrentL1Fraction > 0
            ? t.recurrentL1Fraction
            : t.recurrentPeakFraction * dv / (dv + t.recurrentHalfLength) *
                  (stateBytes <= t.l2Bytes ? 1.0 : t.recurrentBeyondL2Factor);
    return time(flops, eff, T);
  }
  }
  return 0;
}

int64_t retnet::selectChunkSize(const RetentionShape &s, const TargetInfo &t) {
  CodegenPolicy p = CodegenPolicy::forTarget(t);
  if (s.seqLen <= 0)
    return p.defaultChunkSize;
  int64_t cap = 16;
  while (cap < s.seqLen && cap < std::min<int64_t>(256, p.maxChunkSize))
    cap *= 2;
  int64_t best = 16;
  double bestNs = estimateTimeNs(s, Schedule::Chunkwise, 16, t);
  for (int64_t c = 32; c <= cap; c *= 2) {
    double ns = estimateTimeNs(s, Schedule::Chunkwise, c, t);
    if (ns < bestNs) {
      best = c;
      bestNs = ns;
    }
  }
  return best;
}

ScheduleDecision retnet::selectSchedule(const RetentionShape &s,
                                        const TargetInfo &t) {
  ScheduleDecision d;
  int64_t defaultChunk = CodegenPolicy::forTarget(t).defaultChunkSize;
  if (s.seqLen == kDynamicExtent || s.seqLen <= 0) {
    // Whatever T turns out to be, the form must be linear in it: the faster
    // of chunkwise (at the default chunk) and recurrent, estimated at a
    // representative long prompt (a quadratic form could be arbitrarily
    // slow; at short T all forms are fast).
    RetentionShape rep = s;
    rep.seqLen = kRepresentativeSeqLen;
    d.chunkwiseNs = estimateTimeNs(rep, Schedule::Chunkwise, defaultChunk, t);
    d.recurrentNs = estimateTimeNs(rep, Schedule::Recurrent, 0, t);
    std::ostringstream os;
    os << "dynamic T: the faster linear form at T = " << kRepresentativeSeqLen
       << ", estimates (us): chunkwise(C=" << defaultChunk << ") "
       << d.chunkwiseNs / 1e3 << ", recurrent " << d.recurrentNs / 1e3;
    d.reason = os.str();
    if (d.recurrentNs < d.chunkwiseNs) {
      d.schedule = Schedule::Recurrent;
      return d;
    }
    d.schedule = Schedule::Chunkwise;
    d.chunkSize = defaultChunk;
    return d;
  }
  if (s.seqLen == 1) {
    d.schedule = Schedule::Recurrent;
    d.reason = "T = 1: a single recurrent step (decode)";
    return d;
  }
  int64_t chunk = selectChunkSize(s, t);
  d.parallelNs = estimateTimeNs(s, Schedule::Parallel, 0, t);
  d.chunkwiseNs = estimateTimeNs(s, Schedule::Chunkwise, chunk, t);
  d.recurrentNs = estimateTimeNs(s, Schedule::Recurrent, 0, t);
  // Ties go to the earlier form in this order.
  d.schedule = Schedule::Parallel;
  double best = d.parallelNs;
  if (d.chunkwiseNs < best) {
    d.schedule = Schedule::Chunkwise;
    best = d.chunkwiseNs;
  }
  if (d.recurrentNs < best) {
    d.schedule = Schedule::Recurrent;
    best = d.recurrentNs;
  }
  if (d.schedule == Schedule::Chunkwise)
    d.chunkSize = chunk;
  std::ostringstream os;
  os << "estimates (us): parallel " << d.parallelNs / 1e3
     << ", chunkwise(C=" << chunk << ") " << d.chunkwiseNs / 1e3
     << ", recurrent " << d.recurrentNs / 1e3;
  d.reason = os.str();
  return d;
}
