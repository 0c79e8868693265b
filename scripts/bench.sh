#!/usr/bin/env bash
# CPU benchmarks side by side with peers (PyTorch eager, torch.compile, IREE,
# sgemm); installs the heavy peer packages (requirements-bench.txt) into .venv
# first. Results: bench/results/cpu.json and cpu_gflops.png, and the whole
# example model against torchscale (eager, torch.compile) and the PyTorch
# port in bench/results/model.json and model.png.
# Usage: scripts/bench.sh [--quick]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" >&2
.venv/bin/pip install -q --disable-pip-version-check -r requirements-bench.txt
export RETNET_MLIR_TOOLS="$ROOT/build/bin"
export RETNET_MLIR_CACHE="${RETNET_MLIR_CACHE:-$ROOT/build/bench-cache}"
.venv/bin/python bench/calibrate_cost_model.py
.venv/bin/python bench/bench_cpu.py "$@"
.venv/bin/python bench/bench_model.py
