"""The CUDA backend without and with a GPU.

* Emulated: the GPU kernels (the IR convert-retention-to-gpu builds, before
  NVVM) run sequentially on the CPU (`retnet-compile --target=cuda
  --gpu-emulate`) and are compared with the float64 reference, for every
  schedule and epilogue. Runs everywhere.
* No driver: a real CUDA artifact loads on a machine without a GPU and every
  call raises RetNetError naming the missing driver. Needs the CUDA toolkit
  to build the artifact; skipped where a GPU is present.
* Device: the same numbers on a real GPU. Skipped without one.
"""
import os
import shutil

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import reference as ref

CUDA_HOME = os.environ.get("CUDA_HOME") or "/usr/local/cuda"
HAS_TOOLKIT = os.access(os.path.join(CUDA_HOME, "bin", "ptxas"), os.X_OK)
HAS_DEVICE = os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl")

needs_toolkit = pytest.mark.skipif(not HAS_TOOLKIT, reason=f"no CUDA toolkit at {CUDA_HOME}")
needs_device = pytest.mark.skipif(not (HAS_TOOLKIT and HAS_DEVICE), reason="no CUDA device")

SCHEDULES = [("recurrent", None), ("chunkwise", 16), ("parallel", None)]


def run(rng, options, B, H, T, Dk, Dv, schedule, chunk=None, init=False, state=False,
        norm=False, gn=None, dtype=np.float32, scale=1.0, offset=None):
    text, (ins, outs) = rm.retention_mlir(
        B, H, T, Dk, Dv, dtype="f32" if dtype == np.float32 else "f16", scale=scale,
        initial_state=init, return_state=state, decay_normalization=norm,
        group_norm_eps=gn, schedule=schedule, chunk_size=chunk, offset=offset is not None)
    mod = rm.compile_module(text, {"retention": (ins, outs)}, options)
    q, k, v = (rng.standard_normal((B, H, T, d)).astype(dtype) for d in (Dk, Dk, Dv))
    ld = ref.default_log_decay(H).astype(np.float32)
    s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32) if init else None
    args = [q, k, v, ld] + ([s0] if init else [])
    if offset is not None:
        args.append(np.array([offset], np.int64))
    res = mod["retention"](*args)
    out = res[0] if state else res
    exp_out, exp_state = ref.parallel(q, k, v, ld, scale=scale, initial_state=s0,
                                      decay_normalization=norm, offset=offset or 0)
    if gn is not None:
        exp_out = ref.group_norm(exp_out, gn)
    errs = [float(np.abs(out - exp_out).max() / np.abs(exp_out).max())]
    if state:
        errs.append(float(np.abs(res[1] - exp_state).max() / np.abs(exp_state).max()))
    return max(errs)


EMULATE = ["--target=cuda", "--gpu-emulate"]
VARIANTS = {
    "plain": dict(B=2, H=3, T=37, Dk=16, Dv=24),
    "state": dict(B=2, H=3, T=37, Dk=16, Dv=24, init=True, state=True),
    "normalized": dict(B=1, H=2, T=70, Dk=8, Dv=12, norm=True, state=True),
    "group_norm": dict(B=1, H=2, T=33, Dk=8, Dv=12, gn=1e-6, init=True, scale=0.5),
    "odd_dims": dict(B=1, H=1, T=5, Dk=3, Dv=40),
    # torchscale's normalized state continued at absolute position 45.
    "normalized_offset": dict(B=2, H=2, T=29, Dk=8, Dv=12, norm=True, init=True, state=True,
                              offset=45),
    "normalized_decode": dict(B=2, H=2, T=1, Dk=8, Dv=12, norm=True, init=True, state=True,
                              offset=300, gn=1e-6),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("schedule,chunk", SCHEDULES, ids=[s for s, _ in SCHEDULES])
def test_emulated_kernels_match_reference(rng, schedule, chunk, variant):
    err = run(rng, EMULATE, schedule=schedule, chunk=chunk, **VARIANTS[variant])
    assert err < 2e-5, err


@pytest.mark.parametrize("schedule,chunk", SCHEDULES, ids=[s for s, _ in SCHEDULES])
def test_emulated_kernels_float16(rng, schedule, chunk):
    err = run(rng, EMULATE, 1, 2, 33, 8, 12, schedule, chunk, dtype=np.float16)
    assert err < 5e-3, err


TENSOR_CORE_CASES = {
    # f16 with C, Dk multiples of 16 and Dv of 8: the chunkwise products run
    # on tensor cores (emulated lane by lane, the operands rounded to f16 as
    # mma.sync reads them). T not a multiple of C: a partial last chunk.
    "c16": dict(B=2, H=2, T=37, Dk=16, Dv=24, chunk=16),
    "c32_state": dict(B=1, H=3, T=70, Dk=32, Dv=16, chunk=32, init=True, state=True),
    "c64_normalized": dict(B=1, H=2, T=100, Dk=16, Dv=8, chunk=64, norm=True, state=True),
    "c16_group_norm": dict(B=1, H=2, T=40, Dk=16, Dv=32, chunk=16, gn=1e-6, init=True,
                           scale=0.25),
    "c128_global_scores": dict(B=1, H=1, T=150, Dk=16, Dv=8, chunk=128, init=True, state=True),
}


@pytest.mark.parametrize("case", sorted(TENSOR_CORE_CASES))
def test_emulated_tensor_core_chunkwise_float16(rng, case):
    kw = dict(TENSOR_CORE_CASES[case])
    chunk = kw.pop("chunk")
    err = run(rng, EMULATE, schedule="chunkwise", chunk=chunk, dtype=np.float16, **kw)
    # Operands (scores and state included) are rounded to f16 for the
    # products, accumulation is f32: about 1e-3 relative.
    assert err < 5e-3, err


def test_emulated_chunk_too_big_for_shared_memory(rng):
    # C = 100 > 64: the score tiles live in a global scratch buffer.
    err = run(rng, EMULATE, 1, 2, 150, 8, 12, "chunkwise", 100, init=True, state=True)
    assert err < 2e-5, err


def test_emulated_parallel_spans_several_row_and_key_tiles(rng):
    # T = 150: 10 query row tiles of 16 and 3 key tiles of 64, a partial
    # last tile of each.
    err = run(rng, EMULATE, 1, 2, 150, 8, 12, "parallel", state=True)
    assert err < 2e-5, err


@needs_toolkit
@pytest.mark.skipif(HAS_DEVICE, reason="a CUDA device is present")
def test_no_driver_is_a_clear_error(rng):
    q = rng.standard_normal((1, 2, 8, 4)).astype(np.float32)
    ld = ref.default_log_decay(2).astype(np.float32)
    with pytest.raises(rm.RetNetError, match="no CUDA driver: cannot load libcuda.so.1"):
        rm.retention(q, q, q, ld, target="cuda")
    # Every later call says the same, and nothing crashes.
    with pytest.raises(rm.RetNetError, match="no CUDA driver"):
        rm.retention(q, q, q, ld, target="cuda", schedule="recurrent")


def test_bad_target_is_rejected(rng):
    q = rng.standard_normal((1, 2, 8, 4)).astype(np.float32)
    with pytest.raises(ValueError, match="target must be 'cpu' or 'cuda'"):
        rm.retention(q, q, q, np.zeros(2, np.float32), target="tpu")


@needs_device
@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("schedule,chunk", SCHEDULES, ids=[s for s, _ in SCHEDULES])
def test_device_kernels_match_reference(rng, schedule, chunk, variant):
    err = run(rng, ["--target=cuda"], schedule=schedule, chunk=chunk, **VARIANTS[variant])
    assert err < 1e-4, err
