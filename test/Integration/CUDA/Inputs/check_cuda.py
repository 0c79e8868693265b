"""Runs retention on the GPU (target='cuda') for each schedule and compares
with the float64 reference; prints '<schedule> PASS|FAIL <error>'."""
import numpy as np

import retnet_mlir as rm
from retnet_mlir import reference as ref

rng = np.random.default_rng(3)
B, H, T, Dk, Dv = 2, 4, 200, 64, 96
q, k, v = (rng.standard_normal((B, H, T, d)).astype(np.float32) for d in (Dk, Dk, Dv))
s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32)
ld = ref.default_log_decay(H).astype(np.float32)
expected, expected_state = ref.parallel(q, k, v, ld, initial_state=s0)
for schedule in ("recurrent", "chunkwise", "parallel"):
    out, state = rm.retention(q, k, v, ld, schedule=schedule, initial_state=s0,
                              return_state=True, target="cuda")
    err = max(float(np.abs(out - expected).max() / np.abs(expected).max()),
              float(np.abs(state - expected_state).max() / np.abs(expected_state).max()))
    print(schedule, "PASS" if err < 1e-4 else "FAIL", f"{err:.2e}")
