#!/usr/bin/env bash
# Installs what is missing and builds the project. Idempotent: a second run
# only rebuilds what changed.
#   - Debian packages: LLVM/MLIR 22, clang/lld 22, cmake, ninja, GoogleTest, python3-venv
#   - .venv with requirements.txt and the retnet_mlir package (pip install -e python)
#   - build/ (CMake + Ninja, Release)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22 lld-22 libomp-22-dev
              libclang-rt-22-dev
              ninja-build cmake g++ libgtest-dev zlib1g-dev libzstd-dev libxml2-dev
              libffi-dev libedit-dev python3 python3-venv python3-dev)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY="${RETNET_PYTHON:-/usr/bin/python3}"
[[ -x "$PY" ]] || PY="$(command -v python3)"
if [[ ! -x .venv/bin/python ]]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.retnet-requirements
if [[ ! -f "$stamp" ]] || ! cmp -s requirements.txt "$stamp"; then
  echo "==> installing Python requirements"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  .venv/bin/pip install -q --disable-pip-version-check -e python
  cp requirements.txt "$stamp"
fi

if [[ ! -f build/build.ninja ]]; then
  echo "==> configuring build/"
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
echo "==> building"
ninja -C build -j"${RETNET_JOBS:-2}"
test -x build/bin/retnet-opt && test -x build/bin/retnet-compile
