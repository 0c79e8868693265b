/*===- Runtime.c - the call status of compiled artifacts ------------------===//
 *
 * Linked statically into every artifact retnet-compile builds (CPU and CUDA),
 * it holds the status of the last call of an entry point on each thread:
 *
 *   const char *retnet_last_error(void);  NULL when the last call on this
 *                                         thread succeeded, else why not
 *   void retnet_clear_error(void);
 *
 * Every public function starts with retnet_rt_begin_call() (which clears
 * the status) and checks the extents of its operands
 * (retention-insert-shape-checks, retention-emit-shape-checks): when they
 * disagree it calls retnet_rt_extent_error() and returns without computing,
 * its outputs unwritten. Only retnet_last_error and retnet_clear_error are
 * exported; the retnet_rt_* functions are hidden, internal to the artifact.
 *
 * In CUDA artifacts (RETNET_RUNTIME_WITH_CUDA) the CUDA runtime's sticky
 * error (retnetCudaLastError: no driver, a failed launch) is reported too
 * when the call itself recorded nothing: such a call did not compute either.
 *
 *===----------------------------------------------------------------------===*/

#include "retnet-c/Runtime.h"

#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define RETNET_EXPORT __attribute__((visibility("default")))
#define RETNET_HIDDEN __attribute__((visibility("hidden")))
#else
#define RETNET_EXPORT
#define RETNET_HIDDEN
#endif

#ifdef RETNET_RUNTIME_WITH_CUDA
const char *retnetCudaLastError(void);
void retnetCudaClearError(void);
#endif

/* One status per thread: calls on different threads do not see each other's
 * errors. */
static _Thread_local char lastError[512];

RETNET_EXPORT const char *retnet_last_error(void) {
  if (lastError[0])
    return lastError;
#ifdef RETNET_RUNTIME_WITH_CUDA
  return retnetCudaLastError();
#else
  return NULL;
#endif
}

RETNET_EXPORT void retnet_clear_error(void) {
  lastError[0] = '\0';
#ifdef RETNET_RUNTIME_WITH_CUDA
  retnetCudaClearError();
#endif
}

RETNET_HIDDEN void retnet_rt_begin_call(void) { lastError[0] = '\0'; }

RETNET_HIDDEN void retnet_rt_extent_error(const char *format, int64_t a,
                                          int64_t b) {
  if (lastError[0])
    return; /* keep the first mismatch of the call */
  /* The format is the compiler's: its only conversions are two %lld. */
  snprintf(lastError, sizeof(lastError), format, (long long)a, (long long)b);
}
