/*===- CUDARuntime.h - status of the CUDA runtime in artifacts ----*- C -*-===//
 *
 * Every artifact built by `retnet-compile --target=cuda` contains the
 * project's CUDA runtime (lib/Runtime/CUDARuntime.c) and exports these
 * functions next to its `_mlir_ciface_*` entry points. The runtime loads
 * libcuda.so.1 with dlopen; without a driver or device the artifact still
 * loads, its entry points do nothing, and retnetCudaLastError() says why.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RETNET_C_CUDARUNTIME_H
#define RETNET_C_CUDARUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when a CUDA device is usable, else 0 (retnetCudaLastError() says why).
int retnetCudaAvailable(void);

/// NULL when no error happened, else the first error's message. Errors are
/// sticky: after one, entry points do nothing until it is cleared.
const char *retnetCudaLastError(void);

/// Clears a pending error (no effect when the driver could not be loaded).
void retnetCudaClearError(void);

#ifdef __cplusplus
}
#endif

#endif // RETNET_C_CUDARUNTIME_H
