"""CPU benchmark: compiled retention kernels side by side with peers in one run.

Peers (same math, each at its best chunk size and thread count):
  * PyTorch eager: chunkwise, parallel (T x T mask), recurrent (token loop), decode step
    (out of place and in place, the faster counts); our decode step is also
    timed from C (bench/decode_step.c, built here with the system compiler)
  * torch.compile (Inductor) of the chunkwise form
  * IREE (iree-base-compiler, llvm-cpu) compiling the chunkwise form exported
    from PyTorch (skipped with a note when the exporter is missing)
  * the machine's sgemm (torch.mm 4096^3) at 1 and 2 threads
Results: median/min/max of several repetitions, GFLOP/s of useful work
(retention-semantics.md section 5) and ratios, written to
bench/results/cpu.json, plus a PNG plot of GFLOP/s vs T per schedule.

Usage: .venv/bin/python bench/bench_cpu.py [--quick]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from common import compiled_retention, inputs, timeit, useful_flops, write_json, RESULTS  # noqa: E402


def torch_threads_best(fn, torch, threads=(1, 2), reps=5):
    best = None
    for n in threads:
        torch.set_num_threads(n)
        r = timeit(fn, reps=reps)
        r["threads"] = n
        if best is None or r["median_s"] < best["median_s"]:
            best = r
    return best


def sgemm(torch):
    out = {}
    a = torch.randn(4096, 4096)
    b = torch.randn(4096, 4096)
    for n in (1, 2):
        torch.set_num_threads(n)
        r = timeit(lambda: torch.mm(a, b), reps=3)
        out[f"threads_{n}"] = dict(r, gflops=2 * 4096 ** 3 / r["median_s"] / 1e9)
    return out


def ours_shape(B, H, T, Dk, Dv):
    """Our kernels at one shape: every pinned schedule and auto. Runs before
    any PyTorch computation of the run: PyTorch's OpenMP threads keep
    spinning after its parallel regions and would steal our second core."""
    arrs = inputs(B, H, T, Dk, Dv)
    row = {"B": B, "H": H, "T": T, "Dk": Dk, "Dv": Dv, "ours": {}, "peers": {}}
    # Our kernels (OpenMP over (B, H); 2 threads).
    cands = [("recurrent", None), ("chunkwise", 16), ("chunkwise", 32), ("chunkwise", 64),
             ("chunkwise", 128)]
    if T <= 4096:
        cands.append(("parallel", None))
    fns = {}
    for sched, chunk in cands + [("auto", None)]:
        key = sched if chunk is None else f"{sched}{chunk}"
        fns[key] = (sched, chunk, compiled_retention(B, H, T, Dk, Dv, sched, chunk))
    # Interleaved rounds, one call of each kernel per round: whatever drifts
    # over the run (clock, other load, the thread pool waking) hits every
    # schedule alike instead of the one timed first.
    for _, _, fn in fns.values():
        fn(*arrs)
    t0 = time.perf_counter()
    for _, _, fn in fns.values():
        fn(*arrs)
    round_s = time.perf_counter() - t0
    reps = 3 if T >= 16384 else max(5, min(101, int(2.0 / max(round_s, 1e-6))))
    times = {key: [] for key in fns}
    for _ in range(reps):
        for key, (_, _, fn) in fns.items():
            t0 = time.perf_counter()
            fn(*arrs)
            times[key].append(time.perf_counter() - t0)
    for key, (sched, chunk, _) in fns.items():
        ts = sorted(times[key])
        r = {"median_s": ts[len(ts) // 2], "min_s": ts[0], "max_s": ts[-1], "reps": reps}
        row["ours"][key] = dict(r, gflops=useful_flops(
            "chunkwise" if sched == "auto" else sched, B, H, T, Dk, Dv, chunk or 64) / r["median_s"] / 1e9)
    pinned = {k: v for k, v in row["ours"].items() if k != "auto"}
    best_key = min(pinned, key=lambda k: pinned[k]["median_s"])
    row["ours_best"] = best_key
    row["auto_vs_best"] = row["ours"]["auto"]["median_s"] / pinned[best_key]["median_s"]
    return row


def peers_shape(torch, tf, row, quick):
    """PyTorch eager forms at the row's shape, at their best chunk size and
    thread count."""
    B, H, T, Dk, Dv = (row[k] for k in ("B", "H", "T", "Dk", "Dv"))
    arrs = inputs(B, H, T, Dk, Dv)
    tq, tk, tv, tl = (torch.from_numpy(a) for a in arrs)
    # PyTorch eager chunkwise at its best chunk size and thread count.
    best = None
    for C in (32, 64, 128, 256):
        if T % C or C > T:
            continue
        consts = tf.decay_consts(tl, C)
        r = torch_threads_best(lambda: tf.chunkwise(tq, tk, tv, tl, C, consts=consts), torch,
                               reps=3 if T >= 16384 else 5)
        r["chunk"] = C
        if best is None or r["median_s"] < best["median_s"]:
            best = r
    if best:
        best["gflops"] = useful_flops("chunkwise", B, H, T, Dk, Dv, best["chunk"]) / best["median_s"] / 1e9
        row["peers"]["torch_eager_chunkwise"] = best
    if T <= 4096 and B * H * T * T * 4 <= 2 ** 30:
        r = torch_threads_best(lambda: tf.parallel(tq, tk, tv, tl), torch, reps=3)
        row["peers"]["torch_eager_parallel"] = dict(r, gflops=useful_flops("parallel", B, H, T, Dk, Dv) / r["median_s"] / 1e9)
    if T <= 512 and not quick:
        r = torch_threads_best(lambda: tf.recurrent(tq, tk, tv, tl), torch, reps=3)
        row["peers"]["torch_eager_recurrent"] = dict(r, gflops=useful_flops("recurrent", B, H, T, Dk, Dv) / r["median_s"] / 1e9)
    ours_best = row["ours"][row["ours_best"]]["median_s"]
    peer_best = min((p["median_s"] for p in row["peers"].values()), default=None)
    if peer_best:
        row["speedup_vs_best_torch_eager"] = peer_best / ours_best
    return row


def ours_compiled_case(B, H, T, D):
    arrs = inputs(B, H, T, D, D)
    ours = compiled_retention(B, H, T, D, D, "auto")
    r = timeit(lambda: ours(*arrs), reps=7)
    return dict(r, out=ours(*arrs))


def bench_compiled_peers(torch, tf, B, H, T, D, ours_auto):
    """torch.compile and IREE on the chunkwise form at one shape."""
    out = {}
    arrs = inputs(B, H, T, D, D)
    tq, tk, tv, tl = (torch.from_numpy(a) for a in arrs)
    C = 64
    consts = tf.decay_consts(tl, C)
    expected = tf.chunkwise(tq, tk, tv, tl, C, consts=consts)[0].numpy()

    def err(y):
        y = np.asarray(y.to_host() if hasattr(y, "to_host") else y)
        return float(np.abs(y - expected).max() / np.abs(expected).max())
    try:
        t0 = time.perf_counter()
        cfn = torch.compile(lambda a, b, c: tf.chunkwise(a, b, c, tl, C, consts=consts)[0])
        torch.set_num_threads(2)
        cfn(tq, tk, tv)
        compile_s = time.perf_counter() - t0
        r = torch_threads_best(lambda: cfn(tq, tk, tv), torch)
        out["torch_compile_chunkwise"] = dict(r, chunk=C, compile_s=compile_s,
                                              rel_err_vs_eager=err(cfn(tq, tk, tv).numpy()),
                                              gflops=useful_flops("chunkwise", B, H, T, D, D, C) / r["median_s"] / 1e9)
    except Exception as e:  # noqa: BLE001 - report, do not hide
        out["torch_compile_chunkwise"] = {"error": f"{type(e).__name__}: {e}"[:500]}
    try:
        import iree.compiler  # noqa: F401
        import iree.runtime  # noqa: F401
        try:
            import iree.turbine.aot as aot
        except ImportError:
            aot = None
        if aot is None:
            out["iree_chunkwise"] = {"skipped": "iree-turbine (the PyTorch exporter for IREE) is not installed"}
        else:
            class M(torch.nn.Module):
                def forward(self, a, b, c):
                    return tf.chunkwise(a, b, c, tl, C, consts=consts)[0]
            t0 = time.perf_counter()
            exported = aot.export(M(), args=(tq, tk, tv))
            compiled = exported.compile(save_to=None, target_backends=["llvm-cpu"])
            compile_s = time.perf_counter() - t0
            import iree.runtime as rt
            config = rt.Config("local-task")
            ctx = rt.SystemContext(config=config)
            buf = compiled.map_memory() if hasattr(compiled, "map_memory") else compiled
            ctx.add_vm_module(rt.VmModule.copy_buffer(ctx.instance, buf))
            f = ctx.modules.module["main"]
            f(arrs[0], arrs[1], arrs[2])
            r = timeit(lambda: f(arrs[0], arrs[1], arrs[2]), reps=5)
            out["iree_chunkwise"] = dict(r, chunk=C, compile_s=compile_s,
                                         rel_err_vs_eager=err(f(arrs[0], arrs[1], arrs[2])),
                                         gflops=useful_flops("chunkwise", B, H, T, D, D, C) / r["median_s"] / 1e9)
    except Exception as e:  # noqa: BLE001
        out["iree_chunkwise"] = {"error": f"{type(e).__name__}: {e}"[:500]}
    r = {k: v for k, v in ours_auto.items() if k != "out"}
    # compiled_retention applies the RetNet scale Dk^-0.5 the PyTorch forms
    # leave out.
    out["ours_auto"] = dict(r, rel_err_vs_eager=err(ours_auto["out"] / D ** -0.5))
    for name in ("torch_compile_chunkwise", "iree_chunkwise"):
        if "median_s" in out.get(name, {}):
            out[name]["ours_speedup"] = out[name]["median_s"] / r["median_s"]
    return out


def decode_harness():
    """bench/decode_step.c built with the system C compiler (None without
    one): times one call of an artifact from C, no Python in the way."""
    cc = shutil.which("cc") or shutil.which("clang-22") or shutil.which("gcc")
    if not cc:
        return None
    exe = Path(tempfile.mkdtemp(prefix="retnet-bench-")) / "decode_step"
    subprocess.run([cc, "-O3", str(Path(__file__).with_name("decode_step.c")), "-ldl",
                    "-o", str(exe)], check=True)
    return exe


def ours_decode(B, H, D, harness, steps=256):
    """Decode step: our recurrent kernel per call from C (state written to a
    second buffer, and in place as a decode loop carries it), per call
    through the Python API (ctypes and checks included), and per token
    inside one T=steps call."""
    arrs = inputs(B, H, 1, D, D, state=True)
    fn = compiled_retention(B, H, 1, D, D, "recurrent", state=True)
    r_call = timeit(lambda: fn(*arrs), reps=200)
    from_c = {}
    if harness:
        for mode in ("separate", "inplace"):
            out = subprocess.run([str(harness), fn.library.path, str(B), str(H), str(D),
                                  "200000" if B == 1 else "20000", mode],
                                 check=True, capture_output=True, text=True).stdout
            from_c[mode] = json.loads(out)
    long = inputs(B, H, steps, D, D, state=True)
    fn_long = compiled_retention(B, H, steps, D, D, "recurrent", state=True)
    r_long = timeit(lambda: fn_long(*long), reps=50, warmup=3)
    return {"B": B, "H": H, "D": D, "steps": steps, "call": r_call, "from_c": from_c,
            "long": r_long}


def bench_decode(torch, tf, ours):
    """PyTorch eager per step next to our measured decode."""
    B, H, D, steps = ours["B"], ours["H"], ours["D"], ours["steps"]
    r_call, r_long = ours["call"], ours["long"]
    arrs = inputs(B, H, 1, D, D, state=True)
    q, k, v, ld, s = (torch.from_numpy(a) for a in arrs)
    g = torch.exp(ld)[None, :, None, None]
    qq, kk, vv = q[:, :, 0], k[:, :, 0], v[:, :, 0]
    forms = {"out_of_place": tf.decode_step, "inplace": tf.decode_step_inplace}
    torch_forms = {}
    for name, step in forms.items():
        r = torch_threads_best(lambda: step(qq, kk, vv, g, s), torch, reps=200)
        torch_forms[name] = {"median_us": r["median_s"] * 1e6, "min_us": r["min_s"] * 1e6,
                             "threads": r["threads"]}
    best_name = min(torch_forms, key=lambda n: torch_forms[n]["median_us"])
    torch_us = torch_forms[best_name]["median_us"]
    per_token = r_long["median_s"] / steps
    out = {"B": B, "H": H, "D": D,
           "torch_eager_step_us": torch_us, "torch_best_form": best_name,
           "torch_forms": torch_forms,
           "ours_per_call_python_us": r_call["median_s"] * 1e6,
           "ours_in_kernel_per_token_us": per_token * 1e6,
           "speedup_in_kernel": torch_us * 1e-6 / per_token,
           "speedup_per_call_python": torch_us * 1e-6 / r_call["median_s"]}
    for mode, r in ours["from_c"].items():
        out[f"ours_per_call_from_c_{mode}_us"] = r["median_ns"] / 1e3
        out[f"speedup_per_call_from_c_{mode}"] = torch_us * 1e3 / r["median_ns"]
        # The step's memory bound on this host: the state's bytes moved once
        # (decode_step.c times it on the same buffers); the target is 2x.
        if "state_copy_median_ns" in r:
            out[f"state_copy_from_c_{mode}_us"] = r["state_copy_median_ns"] / 1e3
            out[f"x_state_copy_from_c_{mode}"] = r["x_state_copy"]
    return out


def plot(rows, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    groups = {}
    for r in rows:
        groups.setdefault((r["B"], r["H"], r["Dk"], r["Dv"]), []).append(r)
    fig, axes = plt.subplots(1, len(groups), figsize=(5 * len(groups), 4), squeeze=False)
    for ax, (key, rs) in zip(axes[0], sorted(groups.items())):
        rs = sorted(rs, key=lambda r: r["T"])
        for name in ("recurrent", "chunkwise64", "parallel", "auto"):
            pts = [(r["T"], r["ours"][name]["gflops"]) for r in rs if name in r["ours"]]
            if pts:
                ax.plot(*zip(*pts), marker="o", label=f"ours {name}")
        pts = [(r["T"], r["peers"]["torch_eager_chunkwise"]["gflops"]) for r in rs
               if "torch_eager_chunkwise" in r["peers"]]
        if pts:
            ax.plot(*zip(*pts), marker="x", linestyle="--", label="torch eager chunkwise (best C)")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("T")
        ax.set_ylabel("useful GFLOP/s")
        ax.set_title("B=%d H=%d Dk=%d Dv=%d" % key)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer shapes (a few minutes)")
    args = ap.parse_args()
    # Our kernels are timed first, PyTorch after: see ours_shape.
    shapes = [(1, 8, 64, 64), (1, 8, 128, 128), (1, 8, 256, 432), (8, 8, 64, 64)]
    Ts = [128, 512, 2048, 4096] if args.quick else [128, 512, 2048, 4096, 16384, 65536]
    # Phase 1: all of our kernels, before PyTorch computes anything.
    rows = []
    for B, H, Dk, Dv in shapes:
        for T in Ts:
            if B * H * T * (Dk + Dv) > 8 * 8 * 16384 * 128 or (Dk > 128 and T > 16384):
                continue
            rows.append(ours_shape(B, H, T, Dk, Dv))
            print(f"ours B={B} H={H} T={T} Dk={Dk} Dv={Dv} done", flush=True)
    ours_case = ours_compiled_case(1, 8, 4096, 64)
    harness = decode_harness()
    ours_dec = [ours_decode(B, 8, 64, harness) for B in (1, 16)]
    # Phase 2: the peers.
    import torch
    import torch_forms as tf
    torch.manual_seed(0)
    result = {"torch": torch.__version__, "sgemm": sgemm(torch)}
    print("sgemm 4096^3 GFLOP/s:", {k: round(v["gflops"], 1) for k, v in result["sgemm"].items()})
    for row in rows:
        B, H, T, Dk, Dv = (row[k] for k in ("B", "H", "T", "Dk", "Dv"))
        peers_shape(torch, tf, row, args.quick)
        print(f"B={B} H={H} T={T} Dk={Dk} Dv={Dv}: ours best {row['ours_best']} "
              f"{row['ours'][row['ours_best']]['median_s'] * 1e3:.2f} ms, auto/best {row['auto_vs_best']:.2f}, "
              f"vs torch eager x{row.get('speedup_vs_best_torch_eager', float('nan')):.2f}", flush=True)
    result["shapes"] = rows
    # Scaling: time(4T) / time(T) for the linear forms.
    scaling = {}
    for name in ("chunkwise64", "recurrent"):
        for r1 in rows:
            for r4 in rows:
                if (r1["B"], r1["Dk"], r1["Dv"]) == (r4["B"], r4["Dk"], r4["Dv"]) and r4["T"] == 4 * r1["T"] \
                        and r1["T"] >= 512:
                    scaling[f"{name} B={r1['B']} D={r1['Dk']}x{r1['Dv']} T={r1['T']}->{r4['T']}"] = \
                        r4["ours"][name]["median_s"] / r1["ours"][name]["median_s"]
    result["scaling_time_4T_over_T"] = scaling
    result["compiled_peers_B1_H8_T4096_D64"] = bench_compiled_peers(torch, tf, 1, 8, 4096, 64,
                                                                    ours_case)
    result["decode"] = [bench_decode(torch, tf, d) for d in ours_dec]
    for d in result["decode"]:
        print("decode", d)
    print("compiled peers:", {k: (round(v["median_s"] * 1e3, 2) if "median_s" in v else v)
                              for k, v in result["compiled_peers_B1_H8_T4096_D64"].items()})
    print("scaling:", {k: round(v, 2) for k, v in scaling.items()})
    path = write_json("cpu.json", result)
    png = plot(rows, RESULTS / "cpu_gflops.png")
    print("wrote", path, png or "(no matplotlib: no plot)")


if __name__ == "__main__":
    main()
