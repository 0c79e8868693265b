#!/usr/bin/env bash
# Regenerates docs/generated/ from TableGen (add_mlir_doc): the dialect (ops,
# attributes, enums) and the passes. With --check, fails if the committed
# pages differ from what the sources generate.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ninja -C build mlir-doc >/dev/null
out="$(mktemp -d)"
cp build/docs/Dialects/RetentionDialect.md "$out/RetentionDialect.md"
cp build/docs/RetentionPasses.md "$out/RetentionPasses.md"
cp build/docs/RetNetConversionPasses.md "$out/ConversionPasses.md"
if [[ "${1:-}" == "--check" ]]; then
  if ! diff -ru docs/generated "$out"; then
    echo "docs/generated is stale: run scripts/gen_docs.sh" >&2
    exit 1
  fi
  echo "docs/generated is current"
else
  mkdir -p docs/generated
  cp "$out"/*.md docs/generated/
  echo "wrote docs/generated/"
fi
