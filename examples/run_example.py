"""Compile examples/retention_example.mlir with retnet-compile under the
automatic schedule and each pinned one, run every artifact on the same random
inputs, and print how the results agree (with each other and with the float64
numpy reference)."""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

HERE = Path(__file__).resolve().parent


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mlir", default=str(HERE / "retention_example.mlir"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    B, H, T, Dk, Dv = 2, 4, 300, 64, 96
    specs_in = [rm.TensorSpec((B, H, T, Dk)), rm.TensorSpec((B, H, T, Dk)),
                rm.TensorSpec((B, H, T, Dv)), rm.TensorSpec((H,)), rm.TensorSpec((B, H, Dk, Dv))]
    specs_out = [rm.TensorSpec((B, H, T, Dv)), rm.TensorSpec((B, H, Dk, Dv))]

    rng = np.random.default_rng(args.seed)
    q = rng.standard_normal((B, H, T, Dk)).astype(np.float32)
    k = rng.standard_normal((B, H, T, Dk)).astype(np.float32)
    v = rng.standard_normal((B, H, T, Dv)).astype(np.float32)
    ld = ref.default_log_decay(H).astype(np.float32)
    s0 = (0.1 * rng.standard_normal((B, H, Dk, Dv))).astype(np.float32)
    o_ref, s_ref = ref.chunkwise(q, k, v, ld, chunk_size=64, scale=0.125, initial_state=s0)

    tool = rm.find_tool("retnet-compile")
    results = {}
    print(f"example: {Path(args.mlir).name}  B={B} H={H} T={T} Dk={Dk} Dv={Dv}")
    print(f"{'schedule':<10} {'chosen':<48} {'compile s':>9} {'run ms':>8} "
          f"{'max rel err vs f64 (out, state)':>32}")
    with tempfile.TemporaryDirectory() as tmp:
        for schedule in ["auto", "parallel", "chunkwise", "recurrent"]:
            so = Path(tmp) / f"{schedule}.so"
            t0 = time.perf_counter()
            proc = subprocess.run([tool, args.mlir, "-o", str(so), f"--schedule={schedule}",
                                   "--print-schedules"], capture_output=True, text=True)
            compile_s = time.perf_counter() - t0
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            chosen = proc.stderr.strip().splitlines()[0].split(": ", 2)[-1].split(" T=")[0]
            mod = rm.CompiledModule(so, {"retention_block": (specs_in, specs_out)})
            fn = mod["retention_block"]
            out, st = fn(q, k, v, ld, s0)
            t0 = time.perf_counter()
            fn(q, k, v, ld, s0)
            run_ms = (time.perf_counter() - t0) * 1e3
            e_o = float(np.abs(out - o_ref).max() / np.abs(o_ref).max())
            e_s = float(np.abs(st - s_ref).max() / np.abs(s_ref).max())
            results[schedule] = (out, st)
            print(f"{schedule:<10} {chosen:<48} {compile_s:9.2f} {run_ms:8.2f} {e_o:16.2e} {e_s:15.2e}")
    print("agreement between schedules (max |a - b| / max |b|, out):")
    names = list(results)
    worst = 0.0
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            d = float(np.abs(results[a][0] - results[b][0]).max() / np.abs(results[b][0]).max())
            worst = max(worst, d)
            print(f"  {a:>9} vs {b:<9} {d:.2e}")
    ok = worst < 2e-5
    print(f"{'OK' if ok else 'MISMATCH'}: all schedules agree within 2e-5 (worst {worst:.2e})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
