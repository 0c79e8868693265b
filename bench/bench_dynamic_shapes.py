"""One prefill artifact for every prompt length against one per length.

RetNetModel compiles `prefill` once with dynamic B and T (the default) so a
new prompt length costs no compile. This benchmark times that artifact
against static-(B, T) artifacts of the same model, in one process, in
interleaved rounds (so neither is favoured by the order), at T = 128 and
2048 (B = 1), and counts the compiles of 20 prompts of 20 different lengths.
JSON in bench/results/dynamic_shapes.json with the host.

    .venv/bin/python bench/bench_dynamic_shapes.py [--quick]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

import retnet_mlir as rm  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "retnet_small.json"


def interleaved(fns, rounds, reps):
    """Median seconds of each of `fns`, timed in `rounds` interleaved rounds
    of `reps` calls each."""
    times = [[] for _ in fns]
    for f in fns:
        f()  # warm up (and load the artifact)
    for _ in range(rounds):
        for i, f in enumerate(fns):
            for _ in range(reps):
                t0 = time.perf_counter()
                f()
                times[i].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rm.keep_freed_memory()
    cfg = json.loads(EXAMPLE.read_text())
    dynamic = rm.RetNetModel.from_config(cfg, seed=0)
    static = rm.RetNetModel(dynamic.config, dynamic.weights, static_shapes=True)
    rng = np.random.default_rng(0)
    cases = []
    for T in (128, 2048):
        tok = rng.integers(0, cfg["vocab_size"], (1, T))
        rounds, reps = (3, 3) if args.quick else (5, 5 if T <= 512 else 2)
        dyn_s, stat_s = interleaved([lambda: dynamic.prefill(tok), lambda: static.prefill(tok)],
                                    rounds, reps)
        ld, ls = dynamic.prefill(tok)[0], static.prefill(tok)[0]
        case = {"T": T, "B": 1, "dynamic_ms": dyn_s * 1e3, "static_ms": stat_s * 1e3,
                "dynamic_over_static": dyn_s / stat_s,
                "dynamic_schedules": sorted(set(dynamic.schedules("prefill", 1, T))),
                "static_schedules": sorted(set(static.schedules("prefill", 1, T))),
                "max_rel_diff": float(np.abs(ld - ls).max() / np.abs(ls).max())}
        print(f"T={T}: dynamic {case['dynamic_ms']:.2f} ms, static {case['static_ms']:.2f} ms "
              f"(ratio {case['dynamic_over_static']:.3f}); schedules dynamic "
              f"{case['dynamic_schedules']}, static {case['static_schedules']}")
        cases.append(case)
    # 20 prompts of 20 different lengths, one fresh model: how many compiles.
    fresh = rm.RetNetModel(dynamic.config, dynamic.weights)
    lengths = [int(x) for x in rng.choice(np.arange(1, 400), 20, replace=False)]
    for T in lengths:
        fresh.prefill(rng.integers(0, cfg["vocab_size"], (1 + T % 3, T)))
    print(f"20 prompts of lengths {sorted(lengths)} (B = 1..3): {fresh.compile_count()} compile(s)")
    path = common.write_json("dynamic_shapes.json", {
        "model": EXAMPLE.name, "cases": cases, "compiles_for_20_lengths": fresh.compile_count(),
        "lengths": lengths})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
