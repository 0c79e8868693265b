#!/usr/bin/env bash
# One prepared GPU check for a lent machine (NVIDIA GPU, driver, CUDA 13,
# PyTorch; no LLVM). Takes the artifacts bench/gpu/prepare.sh built on a
# build machine, checks the numerics of every schedule against the float64
# reference and times them against PyTorch eager, torch.compile and (when its
# wheel was carried) flash-linear-attention's chunk_retention. Writes
# $OUT/gpu.json (or bench/results/gpu.json).
#   bench/gpu/prepare.sh           # here, once
#   bench/gpu/run.sh [--quick]     # there
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ART="$ROOT/bench/gpu/artifacts"
[[ -f "$ART/specs.json" ]] || { echo "no artifacts: run bench/gpu/prepare.sh first" >&2; exit 2; }
PY="${PYTHON:-python3}"
if ls "$ART"/wheels/*.whl >/dev/null 2>&1 && ! "$PY" -c "import fla" 2>/dev/null; then
  "$PY" -m pip install --no-deps --no-index --quiet "$ART"/wheels/*.whl \
    || echo "note: could not install flash-linear-attention (fla-core)"
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
RESULTS="${OUT:-$ROOT/bench/results}"
mkdir -p "$RESULTS"
exec "$PY" "$ROOT/bench/gpu/bench_gpu.py" --artifacts "$ART" --json "$RESULTS/gpu.json" "$@"
