//===- TargetInfoTest.cpp - unit tests of target lookup -------------------===//

#include "retnet/Target/TargetInfo.h"

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
