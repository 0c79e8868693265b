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
 * The workspace (retention-plan-buffers): a function whose temporaries were
 * planned takes one block of retnet_rt_workspace_acquire(bytes) at entry
 * and gives it back with retnet_rt_workspace_release() before it returns.
 * Each thread keeps its blocks from call to call, one per nesting level (a
 * planned function calling another, to any depth), grown when a call needs
 * more: a call allocates nothing once its thread has run it. An iteration
 * of a parallel loop that cannot get its workspace (on an OpenMP worker,
 * whose status nobody reads) is reported on the calling thread with
 * retnet_rt_workspace_failed() after the loop. retnet_release_workspace()
 * frees the calling thread's blocks; a thread's blocks are freed when it
 * exits, and the calling thread's when the artifact is unloaded.
 *
 * In CUDA artifacts (RETNET_RUNTIME_WITH_CUDA) the CUDA runtime's sticky
 * error (retnetCudaLastError: no driver, a failed launch) is reported too
 * when the call itself recorded nothing: such a call did not compute either.
 *
 *===----------------------------------------------------------------------===*/

#include "retnet-c/Runtime.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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

/* The workspace ---------------------------------------------------------- */

enum { kWorkspaceAlign = 64 };

/* One block per nesting level (a planned function calling another), as many
 * levels as calls nest. */
typedef struct {
  void **block;
  int64_t *capacity;
  int levels; /* allocated entries of block and capacity */
  int depth;  /* levels in use */
} Workspace;

static pthread_key_t workspaceKey;
static pthread_once_t workspaceOnce = PTHREAD_ONCE_INIT;
static int workspaceKeyOk;

static void freeWorkspace(void *p) {
  Workspace *ws = (Workspace *)p;
  if (!ws)
    return;
  for (int i = 0; i < ws->levels; ++i)
    free(ws->block[i]);
  free(ws->block);
  free(ws->capacity);
  free(ws);
}

static void makeWorkspaceKey(void) {
  workspaceKeyOk = pthread_key_create(&workspaceKey, freeWorkspace) == 0;
}

static Workspace *threadWorkspace(int create) {
  pthread_once(&workspaceOnce, makeWorkspaceKey);
  if (!workspaceKeyOk)
    return NULL;
  Workspace *ws = (Workspace *)pthread_getspecific(workspaceKey);
  if (!ws && create) {
    ws = (Workspace *)calloc(1, sizeof(Workspace));
    if (ws && pthread_setspecific(workspaceKey, ws) != 0) {
      free(ws);
      ws = NULL;
    }
  }
  return ws;
}

static void *alignedBlock(int64_t bytes) {
  size_t size =
      ((size_t)bytes + kWorkspaceAlign - 1) / kWorkspaceAlign * kWorkspaceAlign;
  return aligned_alloc(kWorkspaceAlign, size ? size : kWorkspaceAlign);
}

static void *workspaceError(int64_t bytes) {
  if (!lastError[0])
    snprintf(lastError, sizeof(lastError),
             "cannot allocate %lld bytes of workspace", (long long)bytes);
  return NULL;
}

/* Room for one more level; 0 when memory is out. */
static int growLevels(Workspace *ws) {
  if (ws->depth < ws->levels)
    return 1;
  int levels = ws->levels ? 2 * ws->levels : 4;
  void **block = (void **)realloc(ws->block, sizeof(void *) * levels);
  if (!block)
    return 0;
  ws->block = block;
  int64_t *capacity =
      (int64_t *)realloc(ws->capacity, sizeof(int64_t) * levels);
  if (!capacity)
    return 0;
  ws->capacity = capacity;
  for (int i = ws->levels; i < levels; ++i) {
    ws->block[i] = NULL;
    ws->capacity[i] = 0;
  }
  ws->levels = levels;
  return 1;
}

RETNET_HIDDEN void *retnet_rt_workspace_acquire(int64_t bytes) {
  if (bytes < 0)
    return workspaceError(bytes);
  Workspace *ws = threadWorkspace(1);
  if (!ws || !growLevels(ws))
    return workspaceError(bytes);
  int level = ws->depth;
  if (ws->capacity[level] < bytes || !ws->block[level]) {
    void *p = alignedBlock(bytes);
    if (!p)
      return workspaceError(bytes);
    free(ws->block[level]);
    ws->block[level] = p;
    ws->capacity[level] = bytes;
  }
  ws->depth++;
  return ws->block[level];
}

RETNET_HIDDEN void retnet_rt_workspace_release(void) {
  Workspace *ws = threadWorkspace(0);
  if (ws && ws->depth > 0)
    ws->depth--;
}

RETNET_HIDDEN void retnet_rt_workspace_failed(void) {
  if (!lastError[0])
    snprintf(lastError, sizeof(lastError),
             "cannot allocate the workspace of a parallel loop's iteration");
}

RETNET_EXPORT void retnet_release_workspace(void) {
  Workspace *ws = threadWorkspace(0);
  if (!ws || ws->depth != 0)
    return; /* a call on this thread is still running (from a callback) */
  for (int i = 0; i < ws->levels; ++i) {
    free(ws->block[i]);
    ws->block[i] = NULL;
    ws->capacity[i] = 0;
  }
}

/* Unloading the artifact: no destructor may run code that is gone, so the
 * key goes (other threads' blocks are then not freed at their exit). */
__attribute__((destructor)) static void unloadWorkspace(void) {
  if (!workspaceKeyOk)
    return;
  Workspace *ws = (Workspace *)pthread_getspecific(workspaceKey);
  pthread_setspecific(workspaceKey, NULL);
  freeWorkspace(ws);
  pthread_key_delete(workspaceKey);
  workspaceKeyOk = 0;
}
