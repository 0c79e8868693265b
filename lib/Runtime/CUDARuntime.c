/*===- CUDARuntime.c - the mgpu* calls of MLIR's GPU host code ------------===//
 *
 * MLIR's gpu-to-llvm lowering turns gpu.alloc / gpu.memcpy / gpu.launch_func
 * into calls to mgpu* functions, and the binary's global constructor calls
 * mgpuModuleLoad when the artifact is loaded. Debian's LLVM ships no
 * libmlir_cuda_runtime, and an artifact must not need LLVM at run time, so
 * this file implements those calls on the CUDA driver API. It is linked
 * statically into every CUDA artifact.
 *
 * The driver (libcuda.so.1) is opened with dlopen on first use: an artifact
 * loads on a machine without a GPU or driver, and the failure is reported
 * through retnetCudaLastError() instead of a loader error. Errors are
 * sticky: after the first one every call is a no-op (no launch on a null
 * function, no copy to a null pointer) until retnetCudaClearError().
 *
 * No CUDA header is needed: the few driver types are declared here.
 *
 *===----------------------------------------------------------------------===*/

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define RETNET_EXPORT __attribute__((visibility("default")))
#else
#define RETNET_EXPORT
#endif

typedef int CUresult; /* CUDA_SUCCESS == 0 */
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;

static struct {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
} cu;

static pthread_once_t initOnce = PTHREAD_ONCE_INIT;
static bool driverReady = false;
static CUcontext context = NULL;
static char lastError[512];
static int deviceOrdinal = 0;

static void setError(const char *fmt, ...) {
  if (lastError[0])
    return; /* keep the first error: it is the cause */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lastError, sizeof(lastError), fmt, ap);
  va_end(ap);
}

static bool check(CUresult r, const char *what) {
  if (r == 0)
    return true;
  const char *msg = NULL;
  if (cu.cuGetErrorString)
    cu.cuGetErrorString(r, &msg);
  setError("CUDA error in %s: %s (code %d)", what, msg ? msg : "unknown", r);
  return false;
}

static void initDriver(void) {
  const char *path = "libcuda.so.1";
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    setError("no CUDA driver: cannot load %s (%s); this artifact needs an "
             "NVIDIA GPU with its driver installed",
             path, why ? why : "not found");
    return;
  }
#define LOAD(name, sym)                                                        \
  do {                                                                         \
    *(void **)(&cu.name) = dlsym(lib, sym);                                    \
    if (!cu.name) {                                                            \
      setError("the CUDA driver %s lacks %s (driver too old?)", path, sym);    \
      return;                                                                  \
    }                                                                          \
  } while (0)
  LOAD(cuInit, "cuInit");
  LOAD(cuDeviceGet, "cuDeviceGet");
  LOAD(cuDeviceGetCount, "cuDeviceGetCount");
  LOAD(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
  LOAD(cuCtxSetCurrent, "cuCtxSetCurrent");
  LOAD(cuGetErrorString, "cuGetErrorString");
  LOAD(cuModuleLoadData, "cuModuleLoadData");
  LOAD(cuModuleUnload, "cuModuleUnload");
  LOAD(cuModuleGetFunction, "cuModuleGetFunction");
  LOAD(cuLaunchKernel, "cuLaunchKernel");
  LOAD(cuStreamCreate, "cuStreamCreate");
  LOAD(cuStreamDestroy, "cuStreamDestroy_v2");
  LOAD(cuStreamSynchronize, "cuStreamSynchronize");
  LOAD(cuMemAlloc, "cuMemAlloc_v2");
  LOAD(cuMemFree, "cuMemFree_v2");
  LOAD(cuMemcpyAsync, "cuMemcpyAsync");
  LOAD(cuMemsetD32Async, "cuMemsetD32Async");
#undef LOAD
  if (!check(cu.cuInit(0), "cuInit"))
    return;
  int count = 0;
  if (!check(cu.cuDeviceGetCount(&count), "cuDeviceGetCount"))
    return;
  if (count <= deviceOrdinal) {
    setError("no CUDA device %d: the driver reports %d device(s)",
             deviceOrdinal, count);
    return;
  }
  CUdevice dev;
  if (!check(cu.cuDeviceGet(&dev, deviceOrdinal), "cuDeviceGet") ||
      !check(cu.cuDevicePrimaryCtxRetain(&context, dev),
             "cuDevicePrimaryCtxRetain"))
    return;
  driverReady = true;
}

/* True when the driver is usable and no error is pending; makes the
 * primary context current on the calling thread. */
static bool ready(void) {
  pthread_once(&initOnce, initDriver);
  if (!driverReady || lastError[0])
    return false;
  return check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
}

/*===--- Status, for the Python runtime and C callers ---------------------===*/

/* NULL when no error happened, else the first error's message. */
RETNET_EXPORT const char *retnetCudaLastError(void) {
  return lastError[0] ? lastError : NULL;
}

RETNET_EXPORT void retnetCudaClearError(void) {
  if (driverReady)
    lastError[0] = '\0';
}

/* 1 when a CUDA device is usable, else 0 (retnetCudaLastError says why). */
RETNET_EXPORT int retnetCudaAvailable(void) {
  pthread_once(&initOnce, initDriver);
  return driverReady ? 1 : 0;
}

/*===--- The mgpu* ABI of MLIR's gpu-to-llvm lowering ---------------------===*/

RETNET_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  deviceOrdinal = device;
}

RETNET_EXPORT void *mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  CUmodule module = NULL;
  if (ready())
    check(cu.cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

RETNET_EXPORT void *mgpuModuleLoadJIT(void *data, int optLevel) {
  (void)optLevel;
  return mgpuModuleLoad(data, 0);
}

RETNET_EXPORT void mgpuModuleUnload(void *module) {
  /* Runs from a global destructor: never touch a dead or absent driver. */
  if (module && driverReady)
    cu.cuModuleUnload((CUmodule)module);
}

RETNET_EXPORT void *mgpuModuleGetFunction(void *module, const char *name) {
  CUfunction fn = NULL;
  if (!module) {
    setError("kernel %s: the GPU module was not loaded", name);
    return NULL;
  }
  if (ready())
    check(cu.cuModuleGetFunction(&fn, (CUmodule)module, name),
          "cuModuleGetFunction");
  return fn;
}

RETNET_EXPORT void mgpuLaunchKernel(void *function, intptr_t gridX,
                                    intptr_t gridY, intptr_t gridZ,
                                    intptr_t blockX, intptr_t blockY,
                                    intptr_t blockZ, int32_t smem, void *stream,
                                    void **params, void **extra,
                                    size_t paramsCount) {
  (void)paramsCount;
  if (!function || !ready())
    return;
  if (gridX <= 0 || gridY <= 0 || gridZ <= 0)
    return; /* empty problem (B = 0 or T = 0): nothing to launch */
  check(cu.cuLaunchKernel((CUfunction)function, (unsigned)gridX,
                          (unsigned)gridY, (unsigned)gridZ, (unsigned)blockX,
                          (unsigned)blockY, (unsigned)blockZ, (unsigned)smem,
                          (CUstream)stream, params, extra),
        "cuLaunchKernel");
}

/* Each call of an entry point creates a stream, waits on it and destroys
 * it. Creating and destroying a CUDA stream costs microseconds, as much as
 * a whole decode step, so each thread keeps one stream for its calls. */
static __thread CUstream threadStream = NULL;

RETNET_EXPORT void *mgpuStreamCreate(void) {
  if (!ready())
    return NULL;
  if (!threadStream)
    check(cu.cuStreamCreate(&threadStream, 1 /* CU_STREAM_NON_BLOCKING */),
          "cuStreamCreate");
  return threadStream;
}

RETNET_EXPORT void mgpuStreamDestroy(void *stream) {
  /* The thread's stream lives on; nothing else is handed out. */
  (void)stream;
}

RETNET_EXPORT void mgpuStreamSynchronize(void *stream) {
  if (stream && ready())
    check(cu.cuStreamSynchronize((CUstream)stream), "cuStreamSynchronize");
}

RETNET_EXPORT void *mgpuMemAlloc(uint64_t bytes, void *stream,
                                 bool isHostShared) {
  (void)stream;
  CUdeviceptr ptr = 0;
  if (isHostShared) {
    setError("host-shared GPU allocations are not supported");
    return NULL;
  }
  if (bytes == 0 || !ready())
    return NULL;
  check(cu.cuMemAlloc(&ptr, (size_t)bytes), "cuMemAlloc");
  return (void *)(uintptr_t)ptr;
}

RETNET_EXPORT void mgpuMemFree(void *ptr, void *stream) {
  if (!ptr || !driverReady)
    return;
  /* Pending work on the stream may still use the buffer. */
  if (stream)
    cu.cuStreamSynchronize((CUstream)stream);
  cu.cuMemFree((CUdeviceptr)(uintptr_t)ptr);
}

RETNET_EXPORT void mgpuMemcpy(void *dst, void *src, size_t bytes,
                              void *stream) {
  if (bytes == 0 || !dst || !src || !ready())
    return;
  check(cu.cuMemcpyAsync((CUdeviceptr)(uintptr_t)dst,
                         (CUdeviceptr)(uintptr_t)src, bytes, (CUstream)stream),
        "cuMemcpyAsync");
}

RETNET_EXPORT void mgpuMemset32(void *dst, unsigned value, size_t count,
                                void *stream) {
  if (count == 0 || !dst || !ready())
    return;
  check(cu.cuMemsetD32Async((CUdeviceptr)(uintptr_t)dst, value, count,
                            (CUstream)stream),
        "cuMemsetD32Async");
}
