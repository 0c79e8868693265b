"""Runs the dynamic-shape artifact of dynamic-shapes.mlir at several (B, T)."""
import sys

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

ins = [rm.TensorSpec(("B", 2, "T", 32))] * 2 + [rm.TensorSpec(("B", 2, "T", 16)), rm.TensorSpec((2,))]
outs = [rm.TensorSpec(("B", 2, "T", 16))]
mod = rm.CompiledModule(sys.argv[1], {"f": (ins, outs)})
rng = np.random.default_rng(3)
ld = ref.default_log_decay(2).astype(np.float32)
status = 0
for B, T in [(1, 1), (3, 64), (2, 200)]:
    q = rng.standard_normal((B, 2, T, 32)).astype(np.float32)
    k = rng.standard_normal((B, 2, T, 32)).astype(np.float32)
    v = rng.standard_normal((B, 2, T, 16)).astype(np.float32)
    out = mod["f"](q, k, v, ld)
    o_ref = ref.recurrent(q, k, v, ld)[0]
    err = float(np.abs(out - o_ref).max() / np.abs(o_ref).max())
    ok = err < 2e-5
    status |= not ok
    print(f"B={B} T={T} err={err:.2e} {'PASS' if ok else 'FAIL'}")
sys.exit(status)
