#!/usr/bin/env bash
# Runs every test: lit (check-retnet), GoogleTest unit tests, the generated
# docs check, the downstream build, pytest; with RETNET_FUZZ_SECONDS > 0 a
# time-boxed fuzz run, with RETNET_SANITIZERS=1 the suites under ASan + UBSan
# (CI sets both). Installs and builds what is missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

# The test-only Python packages (torchscale and torch for the conformance
# tests, safetensors), once per change of requirements-test.txt.
stamp=.venv/.retnet-test-requirements
if [[ ! -f "$stamp" ]] || ! cmp -s requirements-test.txt "$stamp"; then
  echo "==> installing test requirements (requirements-test.txt)"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
  cp requirements-test.txt "$stamp"
fi

export RETNET_MLIR_TOOLS="$ROOT/build/bin"
export RETNET_MLIR_CACHE="${RETNET_MLIR_CACHE:-$(mktemp -d)/retnet-cache}"

echo "==> lit: check-retnet"
ninja -C build check-retnet
echo "==> unit tests (GoogleTest)"
ninja -C build RetNetUnitTests >/dev/null
build/unittests/RetNetUnitTests --gtest_brief=1
echo "==> generated docs are current"
"$ROOT/scripts/gen_docs.sh" --check
echo "==> downstream project (cmake --install + find_package)"
"$ROOT/scripts/test_downstream.sh"
if [[ "${RETNET_FUZZ_SECONDS:-0}" -gt 0 ]]; then
  echo "==> fuzzing for ${RETNET_FUZZ_SECONDS} s (libFuzzer, ASan/UBSan)"
  "$ROOT/scripts/fuzz.sh" "$RETNET_FUZZ_SECONDS"
fi
echo "==> pytest"
.venv/bin/python -m pytest -q python/tests "$@"
if [[ "${RETNET_SANITIZERS:-0}" == 1 ]]; then
  echo "==> the suites again under ASan + UBSan (build-asan/)"
  "$ROOT/scripts/sanitizers.sh"
fi
