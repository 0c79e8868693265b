#!/usr/bin/env bash
# Builds the libFuzzer target with clang-22 + ASan/UBSan in build-fuzz/ and
# runs it for a bounded time on the committed seed corpus (test/Fuzz/corpus).
# New interesting inputs go to build-fuzz/corpus; crashes to build-fuzz/crashes
# and fail the script. Usage: scripts/fuzz.sh [seconds]
# RETNET_FUZZ_SEED fixes libFuzzer's seed (CI does, so its run can be
# repeated); unset or 0 draws a new one each run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_BUDGET="${1:-60}"
if [[ ! -f build-fuzz/build.ninja ]]; then
  cmake -G Ninja -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DRETNET_ENABLE_FUZZER=ON -DRETNET_SANITIZE=address,undefined \
    -DRETNET_BUILD_UNITTESTS=OFF >/dev/null
fi
ninja -C build-fuzz -j"${RETNET_JOBS:-2}" retnet-fuzz
mkdir -p build-fuzz/corpus build-fuzz/crashes
# The whole log is kept in build-fuzz/fuzz.log; on a failure the report (stack
# traces and the reproducer) is printed, not only the final statistics.
status=0
ASAN_OPTIONS=detect_leaks=1 build-fuzz/bin/retnet-fuzz build-fuzz/corpus test/Fuzz/corpus \
  -max_total_time="$SECONDS_BUDGET" -max_len=2048 -timeout=20 -rss_limit_mb=4096 \
  -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
  -seed="${RETNET_FUZZ_SEED:-0}" >build-fuzz/fuzz.log 2>&1 || status=$?
if ((status)); then
  sed -n '/ERROR: \|runtime error: \|deadly signal\|^==[0-9]*==/,$p' build-fuzz/fuzz.log | head -200
  echo "fuzzing failed (exit $status); reproduce with build-fuzz/bin/retnet-fuzz <crash file>" >&2
  exit "$status"
fi
tail -15 build-fuzz/fuzz.log
