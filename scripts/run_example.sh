#!/usr/bin/env bash
# The main job: compile the bundled example with retnet-compile under each
# schedule, run it on random inputs and print how the results agree with each
# other and with the float64 reference. Installs and builds what is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" >&2
export RETNET_MLIR_TOOLS="$ROOT/build/bin"
exec .venv/bin/python examples/run_example.py "$@"
