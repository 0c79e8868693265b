"""Compiled retention vs the float64 numpy reference, for every schedule.

Tolerance (f32): the max abs error over all elements, divided by the max abs
value of the float64 reference, must stay below F32_TOL. Products are
accumulated in f32 over at most T * Dk terms; measured errors are ~1e-7..2e-6.
"""

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import reference as ref

F32_TOL = 2e-5
F16_TOL = 5e-3
SCHEDULES = ["parallel", "chunkwise", "recurrent"]


def make_inputs(rng, B, H, T, Dk, Dv, dtype=np.float32, state=False):
    q = rng.standard_normal((B, H, T, Dk)).astype(dtype)
    k = (rng.standard_normal((B, H, T, Dk)) / np.sqrt(Dk)).astype(dtype)
    v = rng.standard_normal((B, H, T, Dv)).astype(dtype)
    ld = ref.default_log_decay(H).astype(np.float32)
    s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32) if state else None
    return q, k, v, ld, s0


def reference(q, k, v, ld, **kw):
    # The chunkwise reference is cheap at any T and checked against the
    # parallel and recurrent references in test_reference.py.
    return ref.chunkwise(q, k, v, ld, chunk_size=128, **kw)


def rel_err(x, y):
    return float(np.max(np.abs(x.astype(np.float64) - y)) / max(np.max(np.abs(y)), 1e-30))


SHAPES = [
    # B, H, T, Dk, Dv
    (1, 1, 1, 16, 16),
    (2, 2, 7, 16, 16),
    (1, 2, 33, 64, 64),
    (2, 1, 100, 16, 128),
    (1, 2, 129, 128, 128),
    (1, 1, 67, 256, 432),
    (3, 2, 5, 432, 16),
    (1, 1, 513, 64, 64),
]


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("state", [False, True], ids=["nostate", "state"])
def test_matches_reference(rng, schedule, shape, state):
    B, H, T, Dk, Dv = shape
    q, k, v, ld, s0 = make_inputs(rng, B, H, T, Dk, Dv, state=state)
    scale = Dk ** -0.5
    out, st = rm.retention(q, k, v, ld, scale=scale, schedule=schedule, initial_state=s0,
                           return_state=True)
    o_ref, s_ref = reference(q, k, v, ld, scale=scale, initial_state=s0)
    assert out.shape == (B, H, T, Dv) and out.dtype == np.float32
    assert st.shape == (B, H, Dk, Dv)
    assert rel_err(out, o_ref) < F32_TOL
    assert rel_err(st, s_ref) < F32_TOL


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_long_sequence_4096(rng, schedule):
    q, k, v, ld, s0 = make_inputs(rng, 1, 2, 4096, 64, 64, state=True)
    out, st = rm.retention(q, k, v, ld, schedule=schedule, initial_state=s0, return_state=True)
    o_ref, s_ref = reference(q, k, v, ld, initial_state=s0)
    assert rel_err(out, o_ref) < F32_TOL
    assert rel_err(st, s_ref) < F32_TOL


@pytest.mark.parametrize("T,chunk", [(100, 32), (64, 64), (65, 64), (10, 64), (17, 1), (1000, 256)])
def test_chunkwise_partial_last_chunk(rng, T, chunk):
    q, k, v, ld, s0 = make_inputs(rng, 2, 2, T, 32, 48, state=True)
    out, st = rm.retention(q, k, v, ld, schedule="chunkwise", chunk_size=chunk,
                           initial_state=s0, return_state=True)
    o_ref, s_ref = ref.recurrent(q, k, v, ld, initial_state=s0)
    assert rel_err(out, o_ref) < F32_TOL
    assert rel_err(st, s_ref) < F32_TOL


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_decay_normalization(rng, schedule):
    q, k, v, ld, _ = make_inputs(rng, 2, 4, 77, 32, 32)
    out, st = rm.retention(q, k, v, ld, schedule=schedule, decay_normalization=True,
                           return_state=True)
    o_ref, s_ref = reference(q, k, v, ld, decay_normalization=True)
    assert rel_err(out, o_ref) < F32_TOL
    assert rel_err(st, s_ref) < F32_TOL
    # The normalization changes the result: the test can tell them apart.
    plain = reference(q, k, v, ld)[0]
    assert rel_err(out, plain) > 1e-2


def test_schedules_agree_with_each_other(rng):
    q, k, v, ld, s0 = make_inputs(rng, 2, 3, 300, 64, 32, state=True)
    results = [rm.retention(q, k, v, ld, scale=0.3, schedule=s, initial_state=s0, return_state=True)
               for s in SCHEDULES]
    base_o, base_s = results[0]
    for o, s in results[1:]:
        assert rel_err(o, base_o.astype(np.float64)) < F32_TOL
        assert rel_err(s, base_s.astype(np.float64)) < F32_TOL


def test_auto_schedule_matches_reference(rng):
    for T in (1, 50, 700):
        q, k, v, ld, _ = make_inputs(rng, 1, 2, T, 32, 32)
        out = rm.retention(q, k, v, ld)
        assert rel_err(out, reference(q, k, v, ld)[0]) < F32_TOL


def test_prefill_then_decode_equals_one_pass(rng):
    """Chunkwise prefill hands its state to recurrent decode steps."""
    T, P = 90, 70
    q, k, v, ld, _ = make_inputs(rng, 2, 2, T, 32, 32)
    full = ref.parallel(q, k, v, ld)[0]
    out, state = rm.retention(q[:, :, :P].copy(), k[:, :, :P].copy(), v[:, :, :P].copy(), ld,
                              schedule="chunkwise", chunk_size=16, return_state=True)
    pieces = [out]
    for t in range(P, T):
        o, state = rm.retention(q[:, :, t:t + 1].copy(), k[:, :, t:t + 1].copy(),
                                v[:, :, t:t + 1].copy(), ld, schedule="recurrent",
                                initial_state=state, return_state=True)
        pieces.append(o)
    assert rel_err(np.concatenate(pieces, axis=2), full) < F32_TOL


@pytest.mark.parametrize("log_decay", [-30.0, -1e-6, 0.0])
@pytest.mark.parametrize("schedule", SCHEDULES)
def test_extreme_decays_stay_finite(rng, log_decay, schedule):
    q, k, v, _, s0 = make_inputs(rng, 1, 2, 300, 16, 16, state=True)
    ld = np.full(2, log_decay, dtype=np.float32)
    out, st = rm.retention(q, k, v, ld, schedule=schedule, initial_state=s0, return_state=True)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(st))
    o_ref, s_ref = reference(q, k, v, ld, initial_state=s0)
    assert rel_err(out, o_ref) < 1e-4
    assert rel_err(st, s_ref) < 1e-4


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_float16_inputs(rng, schedule):
    q, k, v, ld, _ = make_inputs(rng, 1, 2, 45, 32, 32, dtype=np.float16)
    out = rm.retention(q, k, v, ld, schedule=schedule)
    assert out.dtype == np.float16
    assert rel_err(out, reference(q, k, v, ld)[0]) < F16_TOL


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_inputs_are_not_modified(rng, schedule):
    """Compiled code must never write into the caller's arrays."""
    q, k, v, ld, s0 = make_inputs(rng, 2, 2, 70, 32, 32, state=True)
    before = [a.copy() for a in (q, k, v, ld, s0)]
    rm.retention(q, k, v, ld, schedule=schedule, initial_state=s0, return_state=True)
    for a, b in zip((q, k, v, ld, s0), before):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_fused_group_norm(rng, schedule):
    q, k, v, ld, s0 = make_inputs(rng, 2, 3, 90, 32, 48, state=True)
    out, st = rm.retention(q, k, v, ld, scale=0.2, schedule=schedule, initial_state=s0,
                           return_state=True, group_norm_eps=1e-6)
    o_ref, s_ref = reference(q, k, v, ld, scale=0.2, initial_state=s0)
    assert rel_err(out, ref.group_norm(o_ref, 1e-6)) < F32_TOL
    # The state is the retention state, untouched by the norm.
    assert rel_err(st, s_ref) < F32_TOL


@pytest.mark.parametrize("schedule,chunk", [("parallel", None), ("chunkwise", 16),
                                            ("chunkwise", 64), ("recurrent", None)])
@pytest.mark.parametrize("T", [1, 37, 130])
def test_state_out_param_may_alias_initial_state(rng, schedule, chunk, T):
    """The C ABI lets a decode loop keep one state buffer: the final-state
    out-param may be the initial-state input itself (docs/embedding.md)."""
    q, k, v, ld, s0 = make_inputs(rng, 2, 3, T, 64, 32, state=True)
    text, sig = rm.retention_mlir(2, 3, T, 64, 32, initial_state=True, return_state=True)
    opts = [f"--schedule={schedule}"] + ([f"--chunk-size={chunk}"] if chunk else [])
    fn = rm.compile_module(text, {"retention": sig}, opts)["retention"]
    state = s0.copy()
    out = np.empty((2, 3, T, 32), np.float32)
    fn.library.call(fn.name, [q, k, v, ld, state], [out, state])  # in place
    o_ref, s_ref = reference(q, k, v, ld, initial_state=s0)
    assert rel_err(out, o_ref) < F32_TOL
    assert rel_err(state, s_ref) < F32_TOL


def torchscale_recurrence(q, k, v, ld, steps_before, s_before=None):
    """torchscale's normalized recurrent form (MultiScaleRetention.
    recurrent_forward), float64, continued after `steps_before` tokens whose
    normalized state is `s_before`: returns (rows, normalized final state)."""
    g = np.exp(np.asarray(ld, np.float64))[None, :, None, None]
    B, H, T, Dk = q.shape
    S = np.zeros((B, H, Dk, v.shape[-1])) if s_before is None else np.asarray(s_before, np.float64)
    prev = np.zeros((1, H, 1, 1))
    for _ in range(steps_before):
        prev = prev * g + 1
    out = np.empty((B, H, T, v.shape[-1]))
    for n in range(T):
        cur = prev * g + 1
        S = S * np.sqrt(prev) * g / np.sqrt(cur) + np.einsum(
            "bhd,bhv->bhdv", k[:, :, n], v[:, :, n]).astype(np.float64) / np.sqrt(cur)
        out[:, :, n] = np.einsum("bhd,bhdv->bhv", q[:, :, n].astype(np.float64), S)
        prev = cur
    return out, S


@pytest.mark.parametrize("schedule,chunk", [("parallel", None), ("chunkwise", 16), ("chunkwise", 64),
                                            ("recurrent", None)])
@pytest.mark.parametrize("T,offset", [(1, 0), (1, 57), (23, 0), (23, 41), (150, 1000)])
def test_decay_normalization_with_offset_and_state(rng, schedule, chunk, T, offset):
    """Decay normalization at absolute positions offset..offset+T-1, continuing
    from torchscale's normalized state after `offset` tokens, in every
    schedule, against torchscale's own recurrence (restated in float64) and
    the float64 reference."""
    B, H, Dk, Dv = 2, 3, 16, 24
    q, k, v, ld, _ = make_inputs(rng, B, H, T, Dk, Dv)
    # The normalized state torchscale holds after `offset` tokens.
    if offset:
        qp, kp, vp, _, _ = make_inputs(rng, B, H, offset, Dk, Dv)
        _, s0 = torchscale_recurrence(qp, kp, vp, ld, 0)
        s0 = s0.astype(np.float32)
    else:
        s0 = rng.standard_normal((B, H, Dk, Dv)).astype(np.float32)  # no tokens: ignored
    out, st = rm.retention(q, k, v, ld, schedule=schedule, chunk_size=chunk, decay_normalization=True,
                           initial_state=s0, offset=offset, return_state=True)
    o_ts, s_ts = torchscale_recurrence(q, k, v, ld, offset, s0 if offset else None)
    assert rel_err(out, o_ts) < F32_TOL
    assert rel_err(st, s_ts) < F32_TOL
    o_ref, s_ref = reference(q, k, v, ld, decay_normalization=True, initial_state=s0, offset=offset)
    assert rel_err(out, o_ref) < F32_TOL and rel_err(st, s_ref) < F32_TOL


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_chunked_prefill_equals_one_pass(rng, schedule):
    """A normalized prefill split in three pieces (each continuing from the
    last one's state at its offset) equals one pass over the whole sequence;
    the offset is a run-time argument (one artifact serves every offset)."""
    q, k, v, ld, _ = make_inputs(rng, 1, 2, 90, 32, 32)
    whole, s_whole = rm.retention(q, k, v, ld, schedule=schedule, decay_normalization=True,
                                  return_state=True)
    pieces, state, start = [], None, 0
    for T in (30, 30, 30):
        sl = slice(start, start + T)
        if state is None:
            o, state = rm.retention(q[:, :, sl].copy(), k[:, :, sl].copy(), v[:, :, sl].copy(), ld,
                                    schedule=schedule, decay_normalization=True, return_state=True)
        else:
            o, state = rm.retention(q[:, :, sl].copy(), k[:, :, sl].copy(), v[:, :, sl].copy(), ld,
                                    schedule=schedule, decay_normalization=True, initial_state=state,
                                    offset=start, return_state=True)
        pieces.append(o)
        start += T
    assert rel_err(np.concatenate(pieces, axis=2), whole.astype(np.float64)) < F32_TOL
    assert rel_err(state, s_whole.astype(np.float64)) < F32_TOL
