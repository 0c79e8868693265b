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


# CPU features that decide which kernels a library can use (amx_*: Intel AMX).
CPU_FLAGS = ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16")


def machine():
    """The host: CPU model, cores, clock as /proc/cpuinfo reports it (a VM
    reports the TSC rate), the CPU_FLAGS it has, and cpu0's caches (size of
    one instance, from /sys)."""
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count()}
    flags = set()
    try:
        for line in open("/proc/cpuinfo"):
            key, _, value = line.partition(":")
            key = key.strip()
            if key == "model name":
                info["cpu"] = value.strip()
            elif key == "cpu MHz":
                info["mhz"] = float(value)
            elif key == "flags":
                flags = set(value.split())
                break
    except OSError:
        pass
    info["flags"] = {f: f in flags for f in CPU_FLAGS}
    caches = {}
    for d in sorted(Path("/sys/devices/system/cpu/cpu0/cache").glob("index*")):
        try:
            level, kind, size = ((d / f).read_text().strip() for f in ("level", "type", "size"))
        except OSError:
            continue
        caches[f"L{level}" + {"Data": "d", "Instruction": "i"}.get(kind, "")] = size
    info["caches"] = caches
    return info


def write_json(name, payload):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    payload = dict(payload, machine=machine(), time=time.strftime("%Y-%m-%dT%H:%M:%S"))
    path.write_text(json.dumps(payload, indent=2))
    return path
