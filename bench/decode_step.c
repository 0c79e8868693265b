/* Times one decode step of a compiled retention artifact from C: no Python
 * in the way. The artifact must export
 *   _mlir_ciface_retention(q, k, v, log_decay, state_in, out, state_out)
 * for q, k [B,H,1,D], v [B,H,1,D], log_decay [H], states [B,H,D,D] (f32).
 * Usage: decode_step <artifact.so> B H D [iterations] [inplace]
 * With "inplace" the final state is written over the initial state (one
 * buffer, as a decode loop carries it); otherwise into a second buffer.
 * Prints the median and minimum time per call in nanoseconds (JSON), and
 * the same statistics of the step's memory bound timed on the same buffers:
 * memcpy of the state into the final-state buffer (out of place: every
 * state byte read once and written once, as the step must), or in place
 * each state element read and written back once (scaled by 1). */
#include <string.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[4], strides[4];
} M4;
typedef struct {
  float *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} M1;
typedef void (*fn_t)(M4 *, M4 *, M4 *, M1 *, M4 *, M4 *, M4 *);

static M4 make4(int64_t a, int64_t b, int64_t c, int64_t d) {
  M4 m;
  float *p = calloc((size_t)(a * b * c * d), sizeof(float));
  for (int64_t i = 0; i < a * b * c * d; ++i)
    p[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  m.allocated = m.aligned = p;
  m.offset = 0;
  m.sizes[0] = a;
  m.sizes[1] = b;
  m.sizes[2] = c;
  m.sizes[3] = d;
  m.strides[3] = 1;
  m.strides[2] = d;
  m.strides[1] = c * d;
  m.strides[0] = b * c * d;
  return m;
}

/* The in-place bound's traffic: each element read and written back once. */
__attribute__((noinline)) static void scale(float *restrict p, int64_t n,
                                            float f) {
  for (int64_t e = 0; e < n; ++e)
    p[e] *= f;
}

static int cmp(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s artifact.so B H D [iterations] [inplace]\n",
            argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  fn_t f = (fn_t)dlsym(lib, "_mlir_ciface_retention");
  if (!f) {
    fprintf(stderr, "no _mlir_ciface_retention in %s\n", argv[1]);
    return 1;
  }
  int64_t B = atoll(argv[2]), H = atoll(argv[3]), D = atoll(argv[4]);
  int iters = argc > 5 ? atoi(argv[5]) : 20000;
  int inplace = argc > 6 && strcmp(argv[6], "inplace") == 0;
  M4 q = make4(B, H, 1, D), k = make4(B, H, 1, D), v = make4(B, H, 1, D);
  M4 s0 = make4(B, H, D, D), out = make4(B, H, 1, D), s1 = make4(B, H, D, D);
  M4 *sout = inplace ? &s0 : &s1;
  M1 ld;
  ld.allocated = ld.aligned = calloc((size_t)H, sizeof(float));
  for (int64_t h = 0; h < H; ++h)
    ld.aligned[h] = -0.03f;
  ld.offset = 0;
  ld.sizes[0] = H;
  ld.strides[0] = 1;
  double *t = malloc(sizeof(double) * (size_t)iters);
  for (int i = 0; i < 200; ++i)
    f(&q, &k, &v, &ld, &s0, &out, sout);
  for (int i = 0; i < iters; ++i) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    f(&q, &k, &v, &ld, &s0, &out, sout);
    clock_gettime(CLOCK_MONOTONIC, &b);
    t[i] =
        (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
  }
  qsort(t, (size_t)iters, sizeof(double), cmp);
  /* The bound: the state's bytes moved once, on the same buffers. */
  size_t bytes = (size_t)(B * H * D * D) * sizeof(float);
  double *c = malloc(sizeof(double) * (size_t)iters);
  volatile float sink = 0, unit = 1.0f;
  float one = unit;
  int64_t n = B * H * D * D;
  for (int i = 0; i < iters; ++i) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (inplace)
      scale(s0.aligned, n, one);
    else
      memcpy(s1.aligned, s0.aligned, bytes);
    clock_gettime(CLOCK_MONOTONIC, &b);
    sink += sout->aligned[i % n];
    c[i] =
        (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
  }
  qsort(c, (size_t)iters, sizeof(double), cmp);
  printf("{\"median_ns\": %.1f, \"min_ns\": %.1f, \"p90_ns\": %.1f, "
         "\"iterations\": %d, \"inplace\": %s, \"state_bytes\": %zu, "
         "\"state_copy_median_ns\": %.1f, \"state_copy_min_ns\": %.1f, "
         "\"x_state_copy\": %.2f}\n",
         t[iters / 2], t[0], t[iters * 9 / 10], iters,
         inplace ? "true" : "false", bytes, c[iters / 2], c[0],
         t[iters / 2] / c[iters / 2]);
  return 0;
}
