"""Runs one function of a compiled artifact on random inputs and compares it
with the float64 numpy reference. Used by the lit integration tests.

The function must have the signature of a retention op:
  (q, k, v, log_decay[, state]) -> (out[, final_state])
Prints the measured errors and PASS, or FAIL and exits 1.
"""

import argparse
import sys

import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

ap = argparse.ArgumentParser()
ap.add_argument("so")
ap.add_argument("--fn", required=True)
ap.add_argument("--shape", required=True, help="B,H,T,Dk,Dv")
ap.add_argument("--init", action="store_true")
ap.add_argument("--final", action="store_true")
ap.add_argument("--scale", type=float, default=1.0)
ap.add_argument("--norm", action="store_true")
ap.add_argument("--dtype", default="f32", choices=["f32", "f16"])
ap.add_argument("--tol", type=float, default=2e-5)
args = ap.parse_args()

B, H, T, Dk, Dv = map(int, args.shape.split(","))
dt = np.float32 if args.dtype == "f32" else np.float16
rng = np.random.default_rng(7)
q = rng.standard_normal((B, H, T, Dk)).astype(dt)
k = (rng.standard_normal((B, H, T, Dk)) / np.sqrt(Dk)).astype(dt)
v = rng.standard_normal((B, H, T, Dv)).astype(dt)
ld = ref.default_log_decay(H).astype(np.float32)
s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32) if args.init else None

ins = [rm.TensorSpec((B, H, T, Dk), args.dtype)] * 2 + [rm.TensorSpec((B, H, T, Dv), args.dtype),
                                                       rm.TensorSpec((H,))]
arrays = [q, k, v, ld]
if args.init:
    ins.append(rm.TensorSpec((B, H, Dk, Dv)))
    arrays.append(s0)
outs = [rm.TensorSpec((B, H, T, Dv), args.dtype)]
if args.final:
    outs.append(rm.TensorSpec((B, H, Dk, Dv)))
mod = rm.CompiledModule(args.so, {args.fn: (ins, outs)})
res = mod[args.fn](*arrays)
res = res if isinstance(res, tuple) else (res,)
o_ref, s_ref = ref.recurrent(q, k, v, ld, scale=args.scale, initial_state=s0,
                             decay_normalization=args.norm)
errs = [float(np.abs(res[0].astype(np.float64) - o_ref).max() / np.abs(o_ref).max())]
if args.final:
    errs.append(float(np.abs(res[1] - s_ref).max() / np.abs(s_ref).max()))
print("max_rel_err", " ".join(f"{e:.3e}" for e in errs))
ok = all(e < args.tol for e in errs) and all(np.all(np.isfinite(r)) for r in res)
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
