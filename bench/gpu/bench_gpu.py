"""Numerics and timing of the CUDA artifacts on a GPU (see run.sh).

Numerics: host_* artifacts on numpy arrays against the float64 numpy
reference (f32 within 1e-4, f16 within 5e-3 relative); dev_*_bf16_small on
bf16 device tensors against the same reference (within 2e-2).
Timing: dev_* artifacts on device tensors (no host copies), median of
repetitions, side by side with PyTorch eager and torch.compile on the same
forms, and flash-linear-attention's chunk_retention when installed.
"""
import argparse
import ctypes
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
import retnet_mlir as rm  # noqa: E402
from retnet_mlir import reference as ref  # noqa: E402
from retnet_mlir.runtime import descriptor_type  # noqa: E402
import torch_forms as tf  # noqa: E402

H200_BF16_DENSE_TFLOPS = 989.0  # NVIDIA H200 SXM datasheet, dense
H200_HBM_TBPS = 4.8


def device_descriptor(t):
    d = descriptor_type(t.dim())()
    d.allocated = d.aligned = t.data_ptr()
    d.offset = 0
    for i, (n, s) in enumerate(zip(t.shape, t.stride())):
        d.sizes[i] = n
        d.strides[i] = s
    return d


class DeviceFunction:
    """An entry of a --gpu-io=device artifact, called on CUDA tensors."""

    def __init__(self, path):
        self.lib = rm.runtime.Library(path)
        self.fn = self.lib.entry("retention")

    def __call__(self, *tensors):
        descs = [device_descriptor(t) for t in tensors]
        self.fn(*[ctypes.byref(d) for d in descs])
        self.lib._check_cuda("running retention")


def timed(fn, reps):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "min_s": min(times),
            "max_s": max(times), "reps": reps}


def rel(a, b):
    return float(np.abs(np.asarray(a, np.float64) - b).max() / np.abs(b).max())


def numerics(art, specs, report):
    rng = np.random.default_rng(0)
    for name, spec in specs.items():
        a = spec["args"]
        B, H, T, Dk, Dv = a["B"], a["H"], a["T"], a["Dk"], a["Dv"]
        ld = ref.default_log_decay(H).astype(np.float32)
        if name.startswith("host_"):
            dt = np.float16 if a.get("dtype") == "f16" else np.float32
            q, k, v = (rng.standard_normal((B, H, T, d)).astype(dt) for d in (Dk, Dk, Dv))
            init = a.get("initial_state", False)
            s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32) if init else None
            _, (ins, outs) = rm.retention_mlir(name="retention", **a)
            fn = rm.CompiledModule(art / f"{name}.so", {"retention": (ins, outs)})["retention"]
            res = fn(*([q, k, v, ld] + ([s0] if init else [])))
            eo, es = ref.parallel(q, k, v, ld, scale=a.get("scale", 1.0), initial_state=s0)
            if a.get("group_norm_eps") is not None:
                eo = ref.group_norm(eo, a["group_norm_eps"])
            err = rel(res[0] if init else res, eo)
            if init:
                err = max(err, rel(res[1], es))
            tol = 5e-3 if dt == np.float16 else 1e-4
        elif name.endswith("_bf16_small"):
            q, k, v = (torch.randn(B, H, T, d, device="cuda").to(torch.bfloat16) for d in (Dk, Dk, Dv))
            out = torch.empty(B, H, T, Dv, device="cuda", dtype=torch.bfloat16)
            DeviceFunction(art / f"{name}.so")(q, k, v, torch.from_numpy(ld).cuda(), out)
            torch.cuda.synchronize()
            f = [x.float().cpu().numpy() for x in (q, k, v)]
            eo, _ = ref.parallel(*f, ld)
            err, tol = rel(out.float().cpu().numpy(), eo), 2e-2
        else:
            continue
        ok = err < tol
        report["numerics"][name] = {"max_rel_err": err, "tol": tol, "pass": ok}
        print(f"numerics {name:36s} {err:.2e} (tol {tol:g}) {'PASS' if ok else 'FAIL'}", flush=True)


def chunkwise_flops(B, H, T, Dk, Dv, C):
    return B * H * (2 * T * C * (Dk + Dv) + 4 * T * Dk * Dv)


def bench_chunkwise(art, report, reps):
    B, H, T, D, C = 8, 16, 8192, 128, 64
    q, k, v = (torch.randn(B, H, T, D, device="cuda", dtype=torch.bfloat16) * 0.1 for _ in range(3))
    ld = torch.from_numpy(ref.default_log_decay(H).astype(np.float32)).cuda()
    out = torch.empty_like(q)
    ours = DeviceFunction(art / "dev_chunkwise_bf16_8x16x8192x128.so")
    row = {"shape": [B, H, T, D], "dtype": "bf16", "chunk": C,
           "ours": timed(lambda: ours(q, k, v, ld, out), reps)}
    consts = tuple(x.cuda() for x in tf.decay_consts(ld.cpu(), C))
    eager = lambda: tf.chunkwise(q, k, v, ld, C, consts=consts)  # noqa: E731
    row["torch_eager"] = timed(eager, reps)
    try:
        compiled = torch.compile(tf.chunkwise)
        row["torch_compile"] = timed(lambda: compiled(q, k, v, ld, C, consts=consts), reps)
    except Exception as e:  # noqa: BLE001
        row["torch_compile"] = {"error": str(e)[:300]}
    try:
        from fla.ops.retention import chunk_retention
        qt, kt, vt = (x.transpose(1, 2).contiguous() for x in (q, k, v))  # [B, T, H, D]
        row["fla_chunk_retention"] = timed(lambda: chunk_retention(qt, kt, vt, scale=1.0), reps)
    except Exception as e:  # noqa: BLE001
        row["fla_chunk_retention"] = {"error": str(e)[:300]}
    flops = chunkwise_flops(B, H, T, D, D, C)
    t = row["ours"]["median_s"]
    row["useful_tflops"] = flops / t / 1e12
    row["fraction_of_bf16_peak"] = row["useful_tflops"] / H200_BF16_DENSE_TFLOPS
    row["speedup_vs_torch_eager"] = row["torch_eager"]["median_s"] / t
    report["chunkwise"] = row
    print(json.dumps(row, indent=1), flush=True)


def bench_decode(art, report, reps):
    B, H, D = 64, 16, 128
    q, k, v = (torch.randn(B, H, 1, D, device="cuda", dtype=torch.bfloat16) for _ in range(3))
    ld = torch.from_numpy(ref.default_log_decay(H).astype(np.float32)).cuda()
    S = torch.randn(B, H, D, D, device="cuda")
    out = torch.empty(B, H, 1, D, device="cuda", dtype=torch.bfloat16)
    ours = DeviceFunction(art / "dev_decode_bf16_64x16x128.so")
    row = {"shape": [B, H, D], "ours": timed(lambda: ours(q, k, v, ld, S, out, S), reps)}
    g = torch.exp(ld)[None, :, None, None]
    qs, ks, vs = (x[:, :, 0].float() for x in (q, k, v))
    row["torch_eager"] = timed(lambda: tf.decode_step(qs, ks, vs, g, S), reps)
    state_bytes = B * H * D * D * 4 * 2
    bound = state_bytes / (H200_HBM_TBPS * 1e12)
    row["bandwidth_bound_s"] = bound
    row["ratio_to_bound"] = row["ours"]["median_s"] / bound
    row["speedup_vs_torch_eager"] = row["torch_eager"]["median_s"] / row["ours"]["median_s"]
    report["decode"] = row
    print(json.dumps(row, indent=1), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--artifacts", type=Path, required=True)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    specs = json.loads((args.artifacts / "specs.json").read_text())
    if not torch.cuda.is_available():
        sys.exit("bench_gpu: PyTorch sees no CUDA device; run this on a GPU machine")
    report = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__,
              "numerics": {}}
    try:
        numerics(args.artifacts, specs, report)
        reps = 5 if args.quick else 20
        bench_decode(args.artifacts, report, reps)
        bench_chunkwise(args.artifacts, report, reps)
    finally:
        args.json.write_text(json.dumps(report, indent=1))
        print(f"wrote {args.json}")
    sys.exit(0 if all(r["pass"] for r in report["numerics"].values()) else 1)


if __name__ == "__main__":
    main()
