//===- CostModelTest.cpp - unit tests of the schedule cost model ----------===//

#include "retnet/Dialect/Retention/Analysis/CostModel.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace retnet;

namespace {

RetentionShape shape(int64_t b, int64_t h, int64_t t, int64_t dk, int64_t dv,
                     bool init = false, bool fin = false) {
  RetentionShape s;
  s.batch = b;
  s.heads = h;
  s.seqLen = t;
  s.keyDim = dk;
  s.valueDim = dv;
  s.hasInitialState = init;
  s.hasFinalState = fin;
  return s;
}

TEST(CostModel, SingleTokenIsRecurrent) {
  TargetInfo cpu = TargetInfo::cpu();
  for (bool state : {false, true}) {
    ScheduleDecision d =
        selectSchedule(shape(1, 8, 1, 64, 64, state, state), cpu);
    EXPECT_EQ(d.schedule, Schedule::Recurrent);
    EXPECT_EQ(d.chunkSize, 0);
  }
}

TEST(CostModel, DynamicSequenceIsTheFasterLinearForm) {
  // Never the quadratic parallel form: the faster of chunkwise (default
  // chunk) and recurrent at a representative long prompt, as a static T of
  // that length would get among the two.
  TargetInfo cpu = TargetInfo::lookup("cpu:2").value();
  for (auto [dk, dv] : {std::pair<int64_t, int64_t>{64, 64},
                        {64, 128},
                        {128, 128},
                        {256, 432}}) {
    ScheduleDecision d =
        selectSchedule(shape(1, 8, kDynamicExtent, dk, dv), cpu);
    EXPECT_NE(d.schedule, Schedule::Parallel);
    RetentionShape rep = shape(1, 8, kRepresentativeSeqLen, dk, dv);
    double cw =
        estimateTimeNs(rep, Schedule::Chunkwise,
                       CodegenPolicy::forTarget(cpu).defaultChunkSize, cpu);
    double rec = estimateTimeNs(rep, Schedule::Recurrent, 0, cpu);
    EXPECT_EQ(d.schedule, rec < cw ? Schedule::Recurrent : Schedule::Chunkwise)
        << dk << "x" << dv;
    EXPECT_EQ(d.chunkSize, d.schedule == Schedule::Chunkwise
                               ? CodegenPolicy::forTarget(cpu).defaultChunkSize
                               : 0);
  }
  // Small states (the fused step from L1) are recurrent, big ones chunkwise.
  EXPECT_EQ(selectSchedule(shape(1, 8, kDynamicExtent, 64, 64), cpu).schedule,
            Schedule::Recurrent);
  EXPECT_EQ(selectSchedule(shape(1, 8, kDynamicExtent, 256, 432), cpu).schedule,
            Schedule::Chunkwise);
}

TEST(CostModel, ShortSequencesWithBigStatesAreParallel) {
  // Measured on one core (B=1 H=8): at D = 128, T = 32 / 64 / 128 parallel
  // takes 62 / 132 / 410 us against 145+ / 268+ / 560+ for the other forms;
  // at 256 x 432, T = 64 / 128: 308 / 1343 us against 1434+ / 2599+.
  TargetInfo cpu = TargetInfo::lookup("cpu:1").value();
  for (int64_t t : {32, 64, 128})
    EXPECT_EQ(selectSchedule(shape(1, 8, t, 128, 128), cpu).schedule,
              Schedule::Parallel)
        << "T = " << t;
  for (int64_t t : {64, 128})
    EXPECT_EQ(selectSchedule(shape(1, 8, t, 256, 432), cpu).schedule,
              Schedule::Parallel)
        << "T = " << t;
  // A handful of tokens is parallel at any head size (T = 8, D = 64: 22 us
  // against 25 us).
  EXPECT_EQ(selectSchedule(shape(1, 8, 8, 64, 64), cpu).schedule,
            Schedule::Parallel);
}

TEST(CostModel, LongSequencesUseALinearForm) {
  TargetInfo cpu = TargetInfo::cpu();
  for (int64_t t : {1024, 4096, 65536})
    for (int64_t d : {64, 128, 256}) {
      ScheduleDecision dec = selectSchedule(shape(1, 8, t, d, d), cpu);
      EXPECT_NE(dec.schedule, Schedule::Parallel)
          << "T = " << t << " " << dec.reason;
      if (dec.schedule == Schedule::Chunkwise) {
        EXPECT_GE(dec.chunkSize, 16);
        EXPECT_LE(dec.chunkSize, 256);
      } else {
        EXPECT_EQ(dec.chunkSize, 0);
      }
    }
}

TEST(CostModel, CpuFollowsMeasuredKernels) {
  // bench/bench_cpu.py (2 threads, B=1 H=8): with D = 64 the state (16 KiB)
  // stays in L1 and the fused recurrent step wins at long T (T = 4096:
  // 1.7 ms against 2.9 ms for the best chunk); with 256 x 432 heads
  // chunkwise wins at long T (T = 4096: C = 64 51 ms, C = 16 52 ms,
  // recurrent 72 ms) and parallel at T = 512 (4.8 ms against 5.9 ms); with
  // D = 128 chunkwise beats recurrent by 10-20% (T = 2048: C = 64 4.7 ms,
  // recurrent 5.3 ms).
  TargetInfo cpu = TargetInfo::lookup("cpu:2").value();
  ScheduleDecision d = selectSchedule(shape(1, 8, 4096, 64, 64), cpu);
  EXPECT_EQ(d.schedule, Schedule::Recurrent) << d.reason;
  ScheduleDecision big = selectSchedule(shape(1, 8, 4096, 256, 432), cpu);
  EXPECT_EQ(big.schedule, Schedule::Chunkwise) << big.reason;
  ScheduleDecision bigShort = selectSchedule(shape(1, 8, 512, 256, 432), cpu);
  EXPECT_EQ(bigShort.schedule, Schedule::Parallel) << bigShort.reason;
  ScheduleDecision wide = selectSchedule(shape(1, 8, 2048, 128, 128), cpu);
  EXPECT_EQ(wide.schedule, Schedule::Chunkwise) << wide.reason;
}

TEST(CostModel, TensorCoresSpeedUpSixteenBitChunkwiseOnCuda) {
  // The CUDA target's MMA shape is the one the GPU lowering emits
  // (WarpMma: mma.sync m16n8k16), and 16-bit chunkwise products in such
  // tiles are estimated at the tensor-core peak; f32, odd dims and the CPU
  // are not.
  TargetInfo gpu = TargetInfo::cuda("sm_90");
  EXPECT_EQ(gpu.mmaM, 16);
  EXPECT_EQ(gpu.mmaN, 8);
  EXPECT_EQ(gpu.mmaK, 16);
  RetentionShape s = shape(8, 16, 8192, 128, 128);
  double f32 = estimateTimeNs(s, Schedule::Chunkwise, 64, gpu);
  s.elementBits = 16;
  double bf16 = estimateTimeNs(s, Schedule::Chunkwise, 64, gpu);
  EXPECT_LT(bf16, f32 / 4);
  RetentionShape odd = shape(8, 16, 8192, 120, 128);
  odd.elementBits = 16;
  RetentionShape oddF32 = odd;
  oddF32.elementBits = 32;
  EXPECT_DOUBLE_EQ(estimateTimeNs(odd, Schedule::Chunkwise, 64, gpu),
                   estimateTimeNs(oddF32, Schedule::Chunkwise, 64, gpu));
  TargetInfo cpu = TargetInfo::lookup("cpu:2").value();
  EXPECT_DOUBLE_EQ(estimateTimeNs(s, Schedule::Chunkwise, 64, cpu),
                   estimateTimeNs(shape(8, 16, 8192, 128, 128),
                                  Schedule::Chunkwise, 64, cpu));
}

TEST(CostModel, IdleUnitsDoNotSlowAnItemDown) {
  // More compute units than (batch, head) items: the per-step overhead of
  // one item must not grow with the unit count.
  RetentionShape s = shape(2, 8, 64, 64, 64);
  double t16 = estimateTimeNs(s, Schedule::Recurrent, 0,
                              TargetInfo::lookup("cpu:16").value());
  double t256 = estimateTimeNs(s, Schedule::Recurrent, 0,
                               TargetInfo::lookup("cpu:256").value());
  EXPECT_LE(t256, t16 * 1.0001);
  // Fewer units than items: each unit runs several items' steps.
  double t1 = estimateTimeNs(s, Schedule::Recurrent, 0,
                             TargetInfo::lookup("cpu:1").value());
  EXPECT_GT(t1, 15 * t16);
}

TEST(CostModel, ChunkSizeIsAPowerOfTwoNotFarAboveT) {
  TargetInfo cpu = TargetInfo::cpu();
  for (int64_t t : {3, 17, 100, 300, 5000}) {
    int64_t c = selectChunkSize(shape(2, 4, t, 64, 128), cpu);
    EXPECT_EQ(c & (c - 1), 0) << c;
    EXPECT_GE(c, 16);
    // Never above T rounded up to a power of two (floor 16).
    int64_t cap = 16;
    while (cap < t && cap < 256)
      cap *= 2;
    EXPECT_LE(c, cap) << "T = " << t;
  }
}

TEST(CostModel, DecisionIsTheCheapestEstimate) {
  TargetInfo cpu = TargetInfo::cpu();
  for (int64_t t : {2, 7, 64, 200, 513, 4096})
    for (int64_t d : {16, 64, 128, 256})
      for (int64_t b : {1, 8}) {
        RetentionShape s = shape(b, 8, t, d, d == 256 ? 432 : d);
        ScheduleDecision dec = selectSchedule(s, cpu);
        double best =
            std::min({dec.parallelNs, dec.chunkwiseNs, dec.recurrentNs});
        double chosen = dec.schedule == Schedule::Parallel    ? dec.parallelNs
                        : dec.schedule == Schedule::Chunkwise ? dec.chunkwiseNs
                                                              : dec.recurrentNs;
        EXPECT_DOUBLE_EQ(chosen, best) << dec.reason;
        EXPECT_TRUE(std::isfinite(chosen));
        EXPECT_GT(chosen, 0.0);
      }
}

TEST(CostModel, ChunkwiseAndRecurrentAreLinearParallelQuadratic) {
  TargetInfo cpu = TargetInfo::cpu();
  RetentionShape s1 = shape(1, 8, 4096, 64, 64),
                 s4 = shape(1, 8, 16384, 64, 64);
  double c1 = estimateTimeNs(s1, Schedule::Chunkwise, 64, cpu);
  double c4 = estimateTimeNs(s4, Schedule::Chunkwise, 64, cpu);
  EXPECT_NEAR(c4 / c1, 4.0, 0.2);
  double r1 = estimateTimeNs(s1, Schedule::Recurrent, 0, cpu);
  double r4 = estimateTimeNs(s4, Schedule::Recurrent, 0, cpu);
  EXPECT_NEAR(r4 / r1, 4.0, 0.2);
  double p1 = estimateTimeNs(s1, Schedule::Parallel, 0, cpu);
  double p4 = estimateTimeNs(s4, Schedule::Parallel, 0, cpu);
  EXPECT_GT(p4 / p1, 14.0);
}

TEST(CostModel, StateBeyondL2LowersRecurrentEfficiency) {
  // The rule, not the host: caches of a fixed size (TargetInfo::cpu()
  // reads the host's, and a 2 MiB L2 holds the larger state below).
  TargetInfo cpu = TargetInfo::cpu();
  cpu.l1Bytes = 32 * 1024;
  cpu.l2Bytes = 1024 * 1024;
  // Same Dv; per element of state, a state beyond L2 must cost more.
  double inL2 =
      estimateTimeNs(shape(1, 8, 256, 64, 432), Schedule::Recurrent, 0, cpu) /
      (64.0 * 432.0);
  double beyond =
      estimateTimeNs(shape(1, 8, 256, 1024, 432), Schedule::Recurrent, 0, cpu) /
      (1024.0 * 432.0);
  EXPECT_GT(beyond, 1.5 * inL2);
}

TEST(CostModel, GpuAvoidsRecurrentForLongSequences) {
  TargetInfo gpu = TargetInfo::cuda("sm_90");
  for (int64_t t : {256, 8192}) {
    ScheduleDecision d = selectSchedule(shape(8, 16, t, 128, 128), gpu);
    EXPECT_NE(d.schedule, Schedule::Recurrent) << d.reason;
  }
}

TEST(CostModel, ScheduleNames) {
  EXPECT_STREQ(scheduleName(Schedule::Parallel), "parallel");
  EXPECT_STREQ(scheduleName(Schedule::Chunkwise), "chunkwise");
  EXPECT_STREQ(scheduleName(Schedule::Recurrent), "recurrent");
}

} // namespace

TEST(CostModel, LoweringConfigIsDerivedFromTheTarget) {
  TargetInfo avx512 = TargetInfo::cpu().withVectorBits(512);
  TargetInfo avx2 = TargetInfo::cpu().withVectorBits(256);
  TargetInfo gpu = TargetInfo::cuda("sm_90");
  RetentionShape prefill = shape(1, 8, 512, 64, 64);
  LoweringConfig c =
      selectLoweringConfig(prefill, Schedule::Parallel, 0, avx512);
  EXPECT_EQ(c.registerTileRows, 8);
  EXPECT_EQ(c.registerTileLanes, 32);
  EXPECT_EQ(c.tileRows, 64);
  EXPECT_EQ(c.causalSkipFrom, 64);
  EXPECT_FALSE(c.serial);
  c = selectLoweringConfig(prefill, Schedule::Parallel, 0, avx2);
  EXPECT_EQ(c.registerTileRows, 6);
  EXPECT_EQ(c.registerTileLanes, 16);
  c = selectLoweringConfig(prefill, Schedule::Parallel, 0, avx512,
                           /*registerTile=*/false);
  EXPECT_EQ(c.registerTileRows, 0);
  EXPECT_EQ(c.registerTileLanes, 0);
  // A small static decode step runs serially on a CPU, a big one or one
  // with a dynamic batch does not, and a GPU never does.
  EXPECT_TRUE(selectLoweringConfig(shape(1, 4, 1, 64, 64), Schedule::Recurrent,
                                   0, avx512)
                  .serial);
  EXPECT_FALSE(selectLoweringConfig(shape(1, 64, 1, 64, 64),
                                    Schedule::Recurrent, 0, avx512)
                   .serial);
  EXPECT_FALSE(selectLoweringConfig(shape(kDynamicExtent, 4, 1, 64, 64),
                                    Schedule::Recurrent, 0, avx512)
                   .serial);
  EXPECT_FALSE(
      selectLoweringConfig(shape(1, 4, 1, 64, 64), Schedule::Recurrent, 0, gpu)
          .serial);
  // Tensor cores: 16-bit chunkwise on the GPU, with the chunk clamped to T.
  RetentionShape half = shape(1, 8, 512, 64, 64);
  half.elementBits = 16;
  EXPECT_TRUE(
      selectLoweringConfig(half, Schedule::Chunkwise, 64, gpu).tensorCores);
  EXPECT_FALSE(
      selectLoweringConfig(half, Schedule::Parallel, 0, gpu).tensorCores);
  EXPECT_FALSE(
      selectLoweringConfig(half, Schedule::Chunkwise, 64, avx512).tensorCores);
  half.seqLen = 40;
  EXPECT_FALSE(
      selectLoweringConfig(half, Schedule::Chunkwise, 64, gpu).tensorCores);
  c = selectLoweringConfig(prefill, Schedule::Parallel, 0, gpu);
  EXPECT_EQ(c.tileRows, 16);
  EXPECT_EQ(c.tileCols, 64);
  EXPECT_EQ(c.causalSkipFrom, 0);
  EXPECT_EQ(c.registerTileRows, 0);
}

TEST(CostModel, EstimatesCountTheConfigsFlops) {
  // The FLOP terms come from the config the lowering will follow: without
  // causal skipping the diagonal tiles and the chunks' products are whole
  // (more FLOPs), and a wider register tile wastes more inside the diagonal.
  TargetInfo cpu = TargetInfo::lookup("cpu:2").value();
  RetentionShape s = shape(1, 8, 1024, 64, 64);
  LoweringConfig skip = selectLoweringConfig(s, Schedule::Parallel, 0, cpu);
  LoweringConfig whole = skip;
  whole.causalSkipFrom = 0;
  EXPECT_LT(estimateTimeNs(s, Schedule::Parallel, 0, skip, cpu),
            estimateTimeNs(s, Schedule::Parallel, 0, whole, cpu));
  EXPECT_LT(estimateTimeNs(s, Schedule::Chunkwise, 128, skip, cpu),
            estimateTimeNs(s, Schedule::Chunkwise, 128, whole, cpu));
  LoweringConfig wide = skip;
  wide.registerTileRows = 16;
  wide.registerTileLanes = 64;
  EXPECT_LT(estimateTimeNs(s, Schedule::Parallel, 0, skip, cpu),
            estimateTimeNs(s, Schedule::Parallel, 0, wide, cpu));
  // The default overload is the derived config's estimate.
  EXPECT_DOUBLE_EQ(estimateTimeNs(s, Schedule::Parallel, 0, cpu),
                   estimateTimeNs(s, Schedule::Parallel, 0, skip, cpu));
}
