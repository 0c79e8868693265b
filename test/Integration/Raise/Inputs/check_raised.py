"""Runs a raised-and-compiled torch-mlir export (function @ret(q, k, v) -> out)
and compares it with the float64 reference at RetNet's default decays (the
export's mask was built from them):

    check_raised.py LIB plain|normalized [--shape B,H,T,D] [--scale S] [--layout bhtd|bthd]

--layout bthd: q, k, v are [B, T, H, D] and the output [B, T, H * D].
Defaults: B=1 H=2 T=8 D=4, scale 1, [B, H, T, D]."""
import argparse
import sys

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

p = argparse.ArgumentParser()
p.add_argument("lib")
p.add_argument("mask", choices=["plain", "normalized"])
p.add_argument("--shape", default="1,2,8,4")
p.add_argument("--scale", type=float, default=1.0)
p.add_argument("--layout", choices=["bhtd", "bthd"], default="bhtd")
a = p.parse_args()
B, H, T, D = (int(x) for x in a.shape.split(","))
bthd = a.layout == "bthd"
in_shape = (B, T, H, D) if bthd else (B, H, T, D)
out_shape = (B, T, H * D) if bthd else (B, H, T, D)
fn = rm.CompiledModule(a.lib, {"ret": ([rm.TensorSpec(in_shape)] * 3,
                                       [rm.TensorSpec(out_shape)])})["ret"]
rng = np.random.default_rng(5)
q, k, v = (rng.standard_normal(in_shape).astype(np.float32) for _ in range(3))
out = fn(q, k, v)
if bthd:
    q, k, v = (x.transpose(0, 2, 1, 3) for x in (q, k, v))
expected = ref.parallel(q, k, v, ref.default_log_decay(H), scale=a.scale,
                        decay_normalization=a.mask == "normalized")[0]
if bthd:
    expected = expected.transpose(0, 2, 1, 3).reshape(out_shape)
err = float(np.abs(out - expected).max() / np.abs(expected).max())
print(f"max_rel_err {err:.3e}")
print("PASS" if err < 1e-5 else "FAIL")
sys.exit(0 if err < 1e-5 else 1)
