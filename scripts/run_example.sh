#!/usr/bin/env bash
# The main job: compile the bundled example RetNet model (examples/retnet_small.json,
# random weights, fixed seed) with retnet-compile, prefill a prompt, generate
# tokens, and print the schedule of each retention op, prefill and decode
# tokens/s. Installs and builds what is missing. Arguments go to
# examples/run_model.py (--help). The op-level example, every schedule side by
# side, is examples/run_example.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" >&2
export RETNET_MLIR_TOOLS="$ROOT/build/bin"
exec .venv/bin/python examples/run_model.py "$@"
