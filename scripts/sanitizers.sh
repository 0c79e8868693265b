#!/usr/bin/env bash
# Builds the project with clang-22 and AddressSanitizer + UndefinedBehaviorSanitizer
# (on the project's code; libMLIR stays uninstrumented) in build-asan/, then runs
# the lit suite, the unit tests and the Python tests against those tools.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ ! -f build-asan/build.ninja ]]; then
  cmake -G Ninja -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DRETNET_SANITIZE=address,undefined >/dev/null
fi
ninja -C build-asan -j"${RETNET_JOBS:-2}" retnet-opt retnet-compile retnet-capi-test RetNetUnitTests
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
echo "==> lit under ASan/UBSan"
/usr/lib/llvm-22/bin/lit -sv build-asan/test
echo "==> unit tests under ASan/UBSan"
build-asan/unittests/RetNetUnitTests --gtest_brief=1
echo "==> pytest with the sanitized tools"
RETNET_MLIR_TOOLS="$ROOT/build-asan/bin" RETNET_MLIR_CACHE="$(mktemp -d)" \
  .venv/bin/python -m pytest -q python/tests "$@"
