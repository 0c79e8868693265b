#!/usr/bin/env bash
# Installs the built project into build/install, builds the downstream example
# (examples/downstream) against the installed package with find_package, and
# runs one of our passes and our pipeline from it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FILECHECK=/usr/lib/llvm-22/bin/FileCheck
rm -rf build/install build/downstream
cmake --install build --prefix build/install >/dev/null
cmake -G Ninja -S examples/downstream -B build/downstream \
  -DCMAKE_PREFIX_PATH="$ROOT/build/install" -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/downstream -j"${RETNET_JOBS:-2}" >/dev/null
build/downstream/downstream-opt examples/downstream/input.mlir --retention-select-schedule \
  | "$FILECHECK" examples/downstream/input.mlir
build/downstream/downstream-opt examples/downstream/input.mlir --retnet-cpu-pipeline \
  | "$FILECHECK" examples/downstream/input.mlir --check-prefix=LOWERED
echo "downstream: find_package(RetNetMLIR) build and passes OK"
