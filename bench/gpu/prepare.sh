#!/usr/bin/env bash
# Builds, on a machine with LLVM 22 and the CUDA toolkit (no GPU needed), the
# self-contained CUDA artifacts bench/gpu/run.sh uses on a GPU machine, plus
# the flash-linear-attention wheel (the fastest public retention kernels) so
# that run.sh can install it there without internet. Usage:
#   bench/gpu/prepare.sh [sm_90]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARCH="${1:-sm_90}"
OUT="$ROOT/bench/gpu/artifacts"
COMPILE="${RETNET_MLIR_TOOLS:-$ROOT/build/bin}/retnet-compile"
mkdir -p "$OUT"
"$ROOT/.venv/bin/python" "$ROOT/bench/gpu/make_graphs.py" "$OUT"
for f in "$OUT"/*.mlir; do
  name="$(basename "$f" .mlir)"
  io=host
  [[ "$name" == dev_* ]] && io=device
  extra=()
  [[ -f "$OUT/$name.flags" ]] && read -r -a extra < "$OUT/$name.flags"
  echo "retnet-compile $name (--gpu-io=$io ${extra[*]})"
  "$COMPILE" "$f" --target=cuda --gpu-arch="$ARCH" --gpu-io="$io" "${extra[@]}" -o "$OUT/$name.so"
done
# flash-linear-attention's kernels (package fla-core: pure Python + Triton)
# and its one pure-Python dependency.
rm -rf "$OUT/wheels"
"$ROOT/.venv/bin/pip" download --no-deps --only-binary=:all: -d "$OUT/wheels" \
  fla-core einops >/dev/null 2>&1 || echo "note: fla-core wheels not downloaded"
du -sh "$OUT"
