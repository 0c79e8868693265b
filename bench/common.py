"""Shared helpers of the benchmarks: timing, FLOP counts, compiled kernels."""

import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

RESULTS = Path(__file__).resolve().parent / "results"


def timeit(fn, reps=7, warmup=1, min_time=0.0):
    """Median, min and max wall time (s) of `fn()` over `reps` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "reps": reps}


def useful_flops(schedule, B, H, T, Dk, Dv, chunk=None):
    """Useful FLOPs (retention-semantics.md section 5): the masked half of
    the parallel/intra-chunk products is not counted."""
    if schedule == "parallel":
        return B * H * T * T * (Dk + Dv)
    if schedule == "chunkwise":
        return B * H * (T * chunk * (Dk + Dv) + 4 * T * Dk * Dv)
    return B * H * 4 * T * Dk * Dv


def compiled_retention(B, H, T, Dk, Dv, schedule, chunk=None, openmp=True, state=False):
    """A compiled retention kernel called directly (no per-call checks in the
    way beyond the descriptor setup)."""
    text, sig = rm.retention_mlir(B, H, T, Dk, Dv, initial_state=state, return_state=state,
                                  scale=Dk ** -0.5)
    opts = [f"--schedule={schedule}", f"--openmp={int(openmp)}"]
    if chunk:
        opts.append(f"--chunk-size={chunk}")
    return rm.compile_module(text, {"retention": sig}, opts)["retention"]


def inputs(B, H, T, Dk, Dv, seed=0, state=False):
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((B, H, T, Dk), dtype=np.float32)
    k = rng.standard_normal((B, H, T, Dk), dtype=np.float32)
    v = rng.standard_normal((B, H, T, Dv), dtype=np.float32)
    ld = ref.default_log_decay(H).astype(np.float32)
    arrays = [q, k, v, ld]
    if state:
        arrays.append(rng.standard_normal((B, H, Dk, Dv), dtype=np.float32))
    return arrays


def machine():
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def write_json(name, payload):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    payload = dict(payload, machine=machine(), time=time.strftime("%Y-%m-%dT%H:%M:%S"))
    path.write_text(json.dumps(payload, indent=2))
    return path
