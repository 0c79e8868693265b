"""Runs the raised-and-compiled torch-mlir export (function @ret(q, k, v) -> out,
B=1 H=2 T=8 D=4) and compares with the float64 reference at RetNet's default
decays (the export's mask was built from them)."""
import sys

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

so, norm = sys.argv[1], sys.argv[2] == "normalized"
spec = rm.TensorSpec((1, 2, 8, 4))
fn = rm.CompiledModule(so, {"ret": ([spec] * 3, [spec])})["ret"]
rng = np.random.default_rng(5)
q, k, v = (rng.standard_normal((1, 2, 8, 4)).astype(np.float32) for _ in range(3))
out = fn(q, k, v)
expected = ref.parallel(q, k, v, ref.default_log_decay(2), decay_normalization=norm)[0]
err = float(np.abs(out - expected).max() / np.abs(expected).max())
print(f"max_rel_err {err:.3e}")
print("PASS" if err < 1e-5 else "FAIL")
sys.exit(0 if err < 1e-5 else 1)
