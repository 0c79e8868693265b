/*===- Runtime.h - the call status of compiled artifacts ----------*- C -*-===//
 *
 * Every artifact built by retnet-compile (CPU or CUDA) contains the project's
 * runtime (lib/Runtime/Runtime.c, libretnet_runtime.a) and exports these
 * three functions next to its `_mlir_ciface_*` entry points. An entry point
 * whose operands' extents disagree (q's T against k's, a state's B against the
 * tokens', an output against what the function produces) computes nothing,
 * leaves its outputs unwritten and records why; the next call clears it.
 *
 * An object file (`retnet-compile --emit=obj`) references the internal
 * retnet_rt_* functions: link it with libretnet_runtime.a.
 *
 *===----------------------------------------------------------------------===*/

#ifndef RETNET_C_RUNTIME_H
#define RETNET_C_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// NULL when the last call of an entry point on this thread succeeded, else
/// its error, e.g. "prefill: operand 1 (k) dim 2 is 16 but operand 0 (q) dim 2
/// is 4096". In CUDA artifacts also the CUDA runtime's pending error
/// (retnetCudaLastError) when the call recorded none.
const char *retnet_last_error(void);

/// Clears this thread's error (and a CUDA artifact's pending CUDA error).
void retnet_clear_error(void);

/// Frees the workspace blocks the calling thread keeps between calls (the
/// temporaries of planned functions, retention-plan-buffers); the next call
/// on this thread allocates them again. A thread's blocks are also freed
/// when it exits. Does nothing while a call is running on this thread.
void retnet_release_workspace(void);

/// Internal to artifacts (hidden): called by the generated code at the entry
/// of every public function, and when an extent check fails (`format` holds
/// two %lld: the two extents).
void retnet_rt_begin_call(void);
void retnet_rt_extent_error(const char *format, int64_t a, int64_t b);
/// The workspace of a planned function: a 64-byte-aligned block of at least
/// `bytes` that the thread keeps (NULL, with the error recorded, when it
/// cannot be had), and its release before the function returns.
void *retnet_rt_workspace_acquire(int64_t bytes);
void retnet_rt_workspace_release(void);
/// Records on the calling thread that an iteration of a parallel loop could
/// not get its workspace (and so computed nothing).
void retnet_rt_workspace_failed(void);

#ifdef __cplusplus
}
#endif

#endif // RETNET_C_RUNTIME_H
