//===- CUDARuntimeTest.cpp - the artifact runtime without a GPU -----------===//
//
// On machines without an NVIDIA driver (CI, build machines) the runtime must
// report "no CUDA driver" and turn every mgpu* call into a no-op instead of
// crashing. On a machine with a GPU the driver path is checked instead.
//
//===----------------------------------------------------------------------===//

#include "retnet-c/CUDARuntime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

extern "C" {
void *mgpuModuleLoad(void *data, size_t size);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuModuleUnload(void *module);
void mgpuLaunchKernel(void *function, intptr_t gx, intptr_t gy, intptr_t gz,
                      intptr_t bx, intptr_t by, intptr_t bz, int32_t smem,
                      void *stream, void **params, void **extra, size_t n);
void *mgpuStreamCreate(void);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamDestroy(void *stream);
void *mgpuMemAlloc(uint64_t bytes, void *stream, bool hostShared);
void mgpuMemFree(void *ptr, void *stream);
void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream);
}

TEST(CUDARuntime, NoDriverIsAClearErrorAndCallsAreNoOps) {
  if (retnetCudaAvailable())
    GTEST_SKIP() << "a CUDA device is present";
  const char *err = retnetCudaLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_NE(std::string(err).find("CUDA"), std::string::npos) << err;
  // The whole host sequence of an artifact, as gpu-to-llvm emits it.
  char blob[16] = {0};
  void *module = mgpuModuleLoad(blob, sizeof(blob));
  EXPECT_EQ(module, nullptr);
  void *fn = mgpuModuleGetFunction(module, "kernel");
  EXPECT_EQ(fn, nullptr);
  void *stream = mgpuStreamCreate();
  EXPECT_EQ(stream, nullptr);
  void *dev = mgpuMemAlloc(1024, stream, false);
  EXPECT_EQ(dev, nullptr);
  float host[4] = {1, 2, 3, 4};
  mgpuMemcpy(dev, host, sizeof(host), stream);
  mgpuLaunchKernel(fn, 1, 1, 1, 32, 1, 1, 0, stream, nullptr, nullptr, 0);
  mgpuMemcpy(host, dev, sizeof(host), stream);
  mgpuMemFree(dev, stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  EXPECT_EQ(host[3], 4.0f); // nothing was written
  // The first error stays: it names the cause, not a later symptom.
  EXPECT_STREQ(retnetCudaLastError(), err);
  retnetCudaClearError(); // no driver: the error cannot be cleared
  EXPECT_NE(retnetCudaLastError(), nullptr);
}

TEST(CUDARuntime, WithADeviceAllocationsRoundTrip) {
  if (!retnetCudaAvailable())
    GTEST_SKIP() << "no CUDA device: " << retnetCudaLastError();
  void *stream = mgpuStreamCreate();
  ASSERT_NE(stream, nullptr);
  float in[4] = {1, 2, 3, 4}, out[4] = {0, 0, 0, 0};
  void *dev = mgpuMemAlloc(sizeof(in), stream, false);
  ASSERT_NE(dev, nullptr);
  mgpuMemcpy(dev, in, sizeof(in), stream);
  mgpuMemcpy(out, dev, sizeof(out), stream);
  mgpuStreamSynchronize(stream);
  mgpuMemFree(dev, stream);
  mgpuStreamDestroy(stream);
  EXPECT_EQ(retnetCudaLastError(), nullptr);
  EXPECT_EQ(std::memcmp(in, out, sizeof(in)), 0);
}
