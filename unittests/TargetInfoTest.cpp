//===- TargetInfoTest.cpp - unit tests of target lookup -------------------===//

#include "retnet/Target/TargetInfo.h"
#include "retnet/Dialect/Retention/Analysis/CostModel.h"

#include <gtest/gtest.h>

using namespace retnet;

TEST(TargetInfo, LookupKnownNames) {
  auto cpu = TargetInfo::lookup("cpu");
  ASSERT_TRUE(cpu.has_value());
  EXPECT_EQ(cpu->kind, TargetKind::CPU);
  EXPECT_GE(cpu->computeUnits, 1);
  auto host = TargetInfo::lookup("host");
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->kind, TargetKind::CPU);
  auto cuda = TargetInfo::lookup("cuda");
  ASSERT_TRUE(cuda.has_value());
  EXPECT_EQ(cuda->kind, TargetKind::CUDA);
  EXPECT_EQ(cuda->computeUnits, 132);
  auto ampere = TargetInfo::lookup("cuda:sm_80");
  ASSERT_TRUE(ampere.has_value());
  EXPECT_EQ(ampere->computeUnits, 108);
}

TEST(TargetInfo, LookupRejectsUnknownNames) {
  EXPECT_FALSE(TargetInfo::lookup("tpu").has_value());
  EXPECT_FALSE(TargetInfo::lookup("cuda:").has_value());
  EXPECT_FALSE(TargetInfo::lookup("").has_value());
  EXPECT_FALSE(TargetInfo::lookup("cuda:sm90").has_value());
  EXPECT_FALSE(TargetInfo::lookup("cuda:sm_").has_value());
  EXPECT_FALSE(TargetInfo::lookup("cpu:0").has_value());
  EXPECT_FALSE(TargetInfo::lookup("cpu:x").has_value());
}

TEST(TargetInfo, CpuWithCoreCount) {
  auto cpu = TargetInfo::lookup("cpu:16");
  ASSERT_TRUE(cpu.has_value());
  EXPECT_EQ(cpu->computeUnits, 16);
  ASSERT_TRUE(TargetInfo::lookup("cuda:sm_90a").has_value());
}

TEST(TargetInfo, VectorWidthSizesTheRegisterTile) {
  TargetInfo avx512 = TargetInfo::cpu().withVectorBits(512);
  EXPECT_EQ(avx512.vectorRegisters, 32);
  EXPECT_EQ(registerTileFor(avx512).rows, 8);
  EXPECT_EQ(registerTileFor(avx512).lanes, 32);
  TargetInfo avx2 = TargetInfo::cpu().withVectorBits(256);
  EXPECT_EQ(avx2.vectorRegisters, 16);
  // Two vectors of accumulators per row and the row of B must fit in 16.
  EXPECT_EQ(registerTileFor(avx2).rows, 6);
  EXPECT_EQ(registerTileFor(avx2).lanes, 16);
  EXPECT_LE(registerTileFor(avx2).rows * 2 + 2 + 1, avx2.vectorRegisters);
  // No register tile on a GPU.
  EXPECT_EQ(registerTileFor(TargetInfo::cuda()).rows, 0);
  EXPECT_EQ(TargetInfo::cpu().withVectorBits(100).vectorBits, 128);
}

TEST(TargetInfo, HostCachesAreRead) {
  // Linux hosts publish their caches in sysfs; what is read must be sane
  // (an L1d of 16 KiB to 1 MiB, an L2 above it).
  TargetInfo host = TargetInfo::cpu();
  EXPECT_GE(host.l1Bytes, 16 * 1024);
  EXPECT_LE(host.l1Bytes, 1024 * 1024);
  EXPECT_GT(host.l2Bytes, host.l1Bytes);
  EXPECT_TRUE(host.vectorBits == 128 || host.vectorBits == 256 ||
              host.vectorBits == 512);
}
