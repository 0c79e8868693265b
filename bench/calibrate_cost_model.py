"""Measures the compiled kernels on one core and derives the CPU cost model's
constants (TargetInfo::cpu() in lib/Target/TargetInfo.cpp):

  * achieved GFLOP/s of the contraction-based forms vs the smallest tile edge
    (fit of  eff(n) = n / (n + n_half) * eff_max  over chunk sizes),
  * recurrent-update GFLOP/s for states in L1 / L2 / beyond,
  * per-step overhead (chunk or token).

Writes bench/results/cost_model_calibration.json. Run with OMP_NUM_THREADS=1.
"""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from common import compiled_retention, inputs, timeit, write_json  # noqa: E402


def executed_flops(schedule, B, H, T, Dk, Dv, chunk=None, tile=64):
    # What the kernels actually execute (diagonal/intra-chunk tiles whole).
    if schedule == "parallel":
        return B * H * (T * T + T * min(T, tile)) * (Dk + Dv)
    if schedule == "chunkwise":
        return B * H * (2 * T * chunk * (Dk + Dv) + 4 * T * Dk * Dv)
    return B * H * 4 * T * Dk * Dv


def main():
    rows = []
    B, H = 1, 4
    for T, D, chunk in [(4096, 64, 16), (4096, 64, 32), (4096, 64, 64), (4096, 64, 128),
                        (2048, 128, 32), (2048, 128, 64)]:
        fn = compiled_retention(B, H, T, D, D, "chunkwise", chunk)
        arrs = inputs(B, H, T, D, D)
        t = timeit(lambda: fn(*arrs), reps=5)
        gf = executed_flops("chunkwise", B, H, T, D, D, chunk) / t["median_s"] / 1e9
        rows.append(dict(schedule="chunkwise", T=T, D=D, chunk=chunk, gflops=gf, **t))
    for T, D in [(256, 64), (1024, 64), (1024, 128)]:
        fn = compiled_retention(B, H, T, D, D, "parallel")
        arrs = inputs(B, H, T, D, D)
        t = timeit(lambda: fn(*arrs), reps=5)
        gf = executed_flops("parallel", B, H, T, D, D) / t["median_s"] / 1e9
        rows.append(dict(schedule="parallel", T=T, D=D, gflops=gf, **t))
    for T, Dk, Dv in [(2048, 64, 64), (1024, 128, 128), (256, 256, 432)]:
        fn = compiled_retention(B, H, T, Dk, Dv, "recurrent")
        arrs = inputs(B, H, T, Dk, Dv)
        t = timeit(lambda: fn(*arrs), reps=5)
        gf = executed_flops("recurrent", B, H, T, Dk, Dv) / t["median_s"] / 1e9
        rows.append(dict(schedule="recurrent", T=T, Dk=Dk, Dv=Dv, state_kib=Dk * Dv * 4 / 1024,
                         gflops=gf, **t))
    for r in rows:
        print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()})
    path = write_json("cost_model_calibration.json", {"rows": rows, "threads": 1})
    print("wrote", path)


if __name__ == "__main__":
    main()
