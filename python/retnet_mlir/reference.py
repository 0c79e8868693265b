"""Float64 numpy references of retention (retention-semantics.md sections 1-2).

All take q, k [B, H, T, Dk], v [B, H, T, Dv], log_decay [H] and return
``(out [B, H, T, Dv], final_state [B, H, Dk, Dv])`` in float64. They are
written independently of the compiler, each straight from its equations.
"""

import numpy as np


def _prep(q, k, v, log_decay, initial_state):
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    ld = np.asarray(log_decay, dtype=np.float64)
    B, H, T, Dk = q.shape
    Dv = v.shape[-1]
    if initial_state is None:
        s0 = np.zeros((B, H, Dk, Dv))
    else:
        s0 = np.asarray(initial_state, dtype=np.float64)
    return q, k, v, ld, s0


def _pow(ld, n):
    """gamma^n = exp(n * log_decay) for exponents n >= 0 (broadcast), with
    gamma^0 = 1 also for log_decay = -inf (gamma = 0), where n * ld is NaN."""
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(n == 0, 1.0, np.exp(n * ld))


def _decay_sums(ld, count):
    """sum_{i<n} gamma^i for n = 0..count, shape [H, count + 1], by direct
    partial sums of the geometric series (no closed form): torchscale's
    recurrent `scale` after n tokens."""
    gamma = np.exp(ld)
    sums = np.zeros((ld.shape[0], count + 1))
    for n in range(count):
        sums[:, n + 1] = sums[:, n] * gamma + 1.0
    return sums


def _prep_offset(ld, s0, T, decay_normalization, offset):
    """With decay normalization the initial state is torchscale's normalized
    state after `offset` tokens: scale it back to the plain decayed sum.
    Returns (plain s0, row factors [H, T] or None)."""
    if not decay_normalization:
        if offset:
            raise ValueError("offset only applies with decay_normalization")
        return s0, None
    offset = max(int(offset), 0)
    sums = _decay_sums(ld, offset + T)
    s0 = s0 * np.sqrt(sums[:, offset])[None, :, None, None]
    return s0, 1.0 / np.sqrt(sums[:, offset + 1:])


def _finish(out, state, T, scale, factors):
    out = out * scale
    if factors is not None:
        out = out * factors[None, :, :, None]
        state = state * factors[None, :, T - 1, None, None]
    return out, state


def parallel(q, k, v, log_decay, *, scale=1.0, initial_state=None, decay_normalization=False,
             offset=0):
    """O = ((Q K^T) * D) V + (Q * gamma^(n+1)) S0, with D materialized.

    With `decay_normalization`, row n is divided by sqrt(sum_{i<=offset+n}
    gamma^i) and the initial state is torchscale's normalized state after
    `offset` tokens (the same in every form)."""
    q, k, v, ld, s0 = _prep(q, k, v, log_decay, initial_state)
    T = q.shape[2]
    s0, factors = _prep_offset(ld, s0, T, decay_normalization, offset)
    n = np.arange(T)[:, None]
    m = np.arange(T)[None, :]
    diff = (n - m).astype(np.float64)
    causal = n >= m
    D = np.where(causal[None], _pow(ld[:, None, None], np.where(causal, diff, 0)[None]), 0.0)
    scores = np.einsum("bhnd,bhmd->bhnm", q, k) * D[None]
    out = np.einsum("bhnm,bhmv->bhnv", scores, v)
    xi = _pow(ld[:, None], (np.arange(T) + 1)[None, :])  # [H, T]
    out = out + np.einsum("bhnd,bhdv->bhnv", q * xi[None, :, :, None], s0)
    zeta = _pow(ld[:, None], (T - 1 - np.arange(T))[None, :])  # [H, T]
    state = np.exp(T * ld)[None, :, None, None] * s0 + np.einsum(
        "bhmd,bhmv->bhdv", k * zeta[None, :, :, None], v
    )
    return _finish(out, state, T, scale, factors)


def recurrent(q, k, v, log_decay, *, scale=1.0, initial_state=None, decay_normalization=False,
              offset=0):
    """S_n = gamma S_{n-1} + k_n^T v_n;  O_n = q_n S_n."""
    q, k, v, ld, s0 = _prep(q, k, v, log_decay, initial_state)
    B, H, T, _ = q.shape
    s0, factors = _prep_offset(ld, s0, T, decay_normalization, offset)
    gamma = np.exp(ld)[None, :, None, None]
    s = s0.copy()
    out = np.empty((B, H, T, v.shape[-1]))
    for t in range(T):
        s = gamma * s + np.einsum("bhd,bhv->bhdv", k[:, :, t], v[:, :, t])
        out[:, :, t] = np.einsum("bhd,bhdv->bhv", q[:, :, t], s)
    return _finish(out, s, T, scale, factors)


def chunkwise(q, k, v, log_decay, *, chunk_size=64, scale=1.0, initial_state=None,
              decay_normalization=False, offset=0):
    """Chunkwise form with a possibly partial last chunk."""
    q, k, v, ld, s0 = _prep(q, k, v, log_decay, initial_state)
    B, H, T, _ = q.shape
    s0, factors = _prep_offset(ld, s0, T, decay_normalization, offset)
    R = s0.copy()
    out = np.empty((B, H, T, v.shape[-1]))
    for c0 in range(0, T, chunk_size):
        L = min(chunk_size, T - c0)
        qi, ki, vi = q[:, :, c0:c0 + L], k[:, :, c0:c0 + L], v[:, :, c0:c0 + L]
        r = np.arange(L)
        diff = (r[:, None] - r[None, :]).astype(np.float64)
        causal = diff >= 0
        Dc = np.where(causal[None], _pow(ld[:, None, None], np.where(causal, diff, 0)[None]), 0.0)
        inner = np.einsum("bhnm,bhmv->bhnv", np.einsum("bhnd,bhmd->bhnm", qi, ki) * Dc[None], vi)
        xi = _pow(ld[:, None], (r + 1)[None, :])
        cross = np.einsum("bhnd,bhdv->bhnv", qi * xi[None, :, :, None], R)
        out[:, :, c0:c0 + L] = inner + cross
        zeta = _pow(ld[:, None], (L - 1 - r)[None, :])
        R = np.exp(L * ld)[None, :, None, None] * R + np.einsum(
            "bhmd,bhmv->bhdv", ki * zeta[None, :, :, None], vi
        )
    return _finish(out, R, T, scale, factors)


def default_log_decay(heads):
    """RetNet's gamma_h = 1 - 2^(-5 - h), as log-decay."""
    return np.log(1.0 - 2.0 ** (-5.0 - np.arange(heads, dtype=np.float64)))


def group_norm(out, eps):
    """Per-head RMS norm over the last axis, no affine weight (float64)."""
    out = np.asarray(out, dtype=np.float64)
    return out / np.sqrt(np.mean(out * out, axis=-1, keepdims=True) + eps)
