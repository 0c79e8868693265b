//===- RuntimeTest.cpp - the call status of compiled artifacts ------------===//
//
// lib/Runtime/Runtime.c as the generated code uses it: retnet_rt_begin_call
// at every entry, retnet_rt_extent_error on a mismatch, retnet_last_error /
// retnet_clear_error for the caller. The unit tests link the CUDA variant
// (libretnet_cuda_runtime.a), whose retnet_last_error falls back to the CUDA
// runtime's error, so "no error" may read as the CUDA runtime's message on a
// machine without a driver: the checks below compare against the extent
// message instead of NULL where that matters.
//
//===----------------------------------------------------------------------===//

#include "retnet-c/Runtime.h"
#include "retnet-c/CUDARuntime.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace {
std::string lastError() {
  const char *e = retnet_last_error();
  return e ? e : "";
}
std::string cudaError() {
  const char *e = retnetCudaLastError();
  return e ? e : "";
}
} // namespace

TEST(Runtime, ExtentErrorIsFormattedAndKeptUntilTheNextCall) {
  retnet_rt_begin_call();
  EXPECT_EQ(lastError(), cudaError());
  retnet_rt_extent_error("f: operand 1 (k) dim 2 is %lld but operand 0 (q) "
                         "dim 2 is %lld",
                         16, 4096);
  EXPECT_EQ(lastError(),
            "f: operand 1 (k) dim 2 is 16 but operand 0 (q) dim 2 is 4096");
  // The first mismatch of a call is the one reported.
  retnet_rt_extent_error("f: second %lld %lld", 1, 2);
  EXPECT_EQ(lastError(),
            "f: operand 1 (k) dim 2 is 16 but operand 0 (q) dim 2 is 4096");
  // The next call starts clean.
  retnet_rt_begin_call();
  EXPECT_EQ(lastError(), cudaError());
}

TEST(Runtime, ClearErrorClearsAndFormatsEscapes) {
  retnet_rt_begin_call();
  retnet_rt_extent_error("g%%: %lld != %lld", -1, 9223372036854775807LL);
  EXPECT_EQ(lastError(), "g%: -1 != 9223372036854775807");
  retnet_clear_error();
  EXPECT_EQ(lastError(), cudaError());
}

TEST(Runtime, StatusIsPerThread) {
  retnet_rt_begin_call();
  retnet_rt_extent_error("main: %lld %lld", 1, 2);
  std::string other;
  std::thread t([&] { other = lastError(); });
  t.join();
  EXPECT_EQ(other, cudaError());
  EXPECT_EQ(lastError(), "main: 1 2");
  retnet_clear_error();
}
