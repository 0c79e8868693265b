"""The three float64 reference forms agree with each other and with a naive
loop written straight from the definition."""

import numpy as np
import pytest

from retnet_mlir import reference as ref


def naive(q, k, v, ld, scale, s0):
    B, H, T, _ = q.shape
    out = np.zeros((B, H, T, v.shape[-1]))
    for b in range(B):
        for h in range(H):
            g = np.exp(ld[h])
            for n in range(T):
                acc = scale * (q[b, h, n] * g ** (n + 1)) @ s0[b, h]
                for m in range(n + 1):
                    acc = acc + scale * (q[b, h, n] @ k[b, h, m]) * g ** (n - m) * v[b, h, m]
                out[b, h, n] = acc
    return out


@pytest.mark.parametrize("T,chunk", [(1, 4), (9, 4), (16, 4), (23, 7)])
def test_forms_agree(T, chunk):
    rng = np.random.default_rng(T)
    B, H, Dk, Dv = 2, 3, 5, 6
    q = rng.standard_normal((B, H, T, Dk))
    k = rng.standard_normal((B, H, T, Dk))
    v = rng.standard_normal((B, H, T, Dv))
    s0 = rng.standard_normal((B, H, Dk, Dv))
    ld = ref.default_log_decay(H)
    p = ref.parallel(q, k, v, ld, scale=0.7, initial_state=s0)
    r = ref.recurrent(q, k, v, ld, scale=0.7, initial_state=s0)
    c = ref.chunkwise(q, k, v, ld, chunk_size=chunk, scale=0.7, initial_state=s0)
    for a, b in ((p, r), (p, c)):
        np.testing.assert_allclose(a[0], b[0], rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(a[1], b[1], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(p[0], naive(q, k, v, ld, 0.7, s0), rtol=1e-10, atol=1e-10)


def test_decay_normalization_matches_torchscale_recurrence():
    """Normalized output equals torchscale's recurrent form with its scale state."""
    rng = np.random.default_rng(0)
    B, H, T, D = 1, 2, 12, 4
    q, k, v = (rng.standard_normal((B, H, T, D)) for _ in range(3))
    ld = ref.default_log_decay(H)
    out, state = ref.parallel(q, k, v, ld, decay_normalization=True)
    g = np.exp(ld)[None, :, None, None]
    S = np.zeros((B, H, D, D))
    scale_prev = np.zeros((1, H, 1, 1))
    for n in range(T):
        scale_n = scale_prev * g + 1
        S = S * np.sqrt(scale_prev) * g / np.sqrt(scale_n) + np.einsum(
            "bhd,bhv->bhdv", k[:, :, n], v[:, :, n]) / np.sqrt(scale_n)
        np.testing.assert_allclose(out[:, :, n], np.einsum("bhd,bhdv->bhv", q[:, :, n], S),
                                   rtol=1e-10, atol=1e-12)
        scale_prev = scale_n
    np.testing.assert_allclose(state, S, rtol=1e-10, atol=1e-12)


def test_zero_decay_is_no_memory():
    """log_decay = -inf (gamma = 0): each row sees only its own token, in
    every form (0^0 = 1 on the diagonal, not NaN)."""
    rng = np.random.default_rng(3)
    q, k, v = (rng.standard_normal((1, 2, 9, 4)) for _ in range(3))
    ld = np.array([-np.inf, -np.inf])
    expected = np.einsum("bhnd,bhnd->bhn", q, k)[..., None] * v
    for form in (ref.parallel, ref.recurrent, lambda *a, **kw: ref.chunkwise(*a, chunk_size=4, **kw)):
        out, state = form(q, k, v, ld)
        np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(state, np.einsum("bhd,bhv->bhdv", k[:, :, -1], v[:, :, -1]),
                                   rtol=1e-12, atol=1e-12)
