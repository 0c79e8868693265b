"""Float64 numpy reference of the whole RetNet model: torchscale 0.3.0's
RetNetDecoder (architecture/retnet.py, component/multiscale_retention.py),
written from its equations, self-contained (no compiler, no rm.reference).

Retention is torchscale's decay-normalized retention: with
c_n = sum_{i<=n} gamma^i (n the absolute position),

    U_n = gamma U_{n-1} + k_n^T v_n,    S_n = U_n / sqrt(c_n),    o_n = q_n S_n,

which is torchscale's recurrent form exactly (its `scale` state is c_n and
its `prev_key_value` is S_n, transposed) and its parallel form
(mask rows divided by sqrt(c_n)) without the final per-row division by
clamp(|row sum|, min=1). `abs_sum_clamp=True` applies that division too
(torchscale's parallel form, a prefill from position 0 only); where it is
active torchscale's parallel and recurrent forms disagree, and the compiled
model follows the recurrent one.
"""

import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _rmsnorm(x, w, eps):
    y = x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)
    return y if w is None else y * w


def _silu(x):
    return x / (1.0 + np.exp(-x))


def _activation(name, a):
    if name == "gelu":
        return 0.5 * a * (1.0 + _erf(a / math.sqrt(2.0)))
    if name == "swish":
        return _silu(a)
    if name == "relu":
        return np.maximum(a, 0.0)
    raise ValueError(f"unknown activation {name!r}")


def rel_pos(key_dim, heads):
    """torchscale's RetNetRelPos: per-element angles [Dk] and log-decays [H]."""
    angle = 1.0 / (10000.0 ** np.linspace(0.0, 1.0, key_dim // 2))
    angle = np.repeat(angle, 2)
    decay = np.log(1.0 - 2.0 ** (-5.0 - np.arange(heads, dtype=np.float64)))
    return angle, decay


def theta_shift(x, start, angle=None):
    """x [B, H, T, D] rotated at absolute positions start..start+T-1
    (torchscale's theta_shift: x cos + rotate_every_two(x) sin)."""
    T, D = x.shape[2], x.shape[3]
    if angle is None:
        angle = rel_pos(D, 1)[0]
    th = (start + np.arange(T, dtype=np.float64))[:, None] * angle[None, :]
    rot = np.empty_like(x)
    rot[..., 0::2] = -x[..., 1::2]
    rot[..., 1::2] = x[..., 0::2]
    return x * np.cos(th) + rot * np.sin(th)


def decay_sums(log_decay, n):
    """c[h, j] = sum_{i<=j} gamma_h^i for j = 0..n-1 (torchscale's `scale`
    recurrence c_j = gamma c_{j-1} + 1)."""
    gamma = np.exp(np.asarray(log_decay, np.float64))
    c = np.empty((gamma.shape[0], n))
    acc = np.zeros_like(gamma)
    for j in range(n):
        acc = acc * gamma + 1.0
        c[:, j] = acc
    return c


def retention(q, k, v, log_decay, start=0, state=None, abs_sum_clamp=False):
    """Decay-normalized retention, float64.

    q, k [B, H, T, Dk] (k already scaled), v [B, H, T, Dv]; `state` the
    normalized state [B, H, Dk, Dv] after `start` tokens (None: zero).
    Returns (o [B, H, T, Dv], normalized state after start + T tokens).
    """
    q, k, v = (np.asarray(a, np.float64) for a in (q, k, v))
    ld = np.asarray(log_decay, np.float64)
    B, H, T, Dk = q.shape
    c = decay_sums(ld, start + T)  # [H, start + T]
    inv = 1.0 / np.sqrt(c[:, start:])  # [H, T]: 1/sqrt(c_n) of each row
    t = np.arange(T)
    diff = (t[:, None] - t[None, :]).astype(np.float64)
    causal = diff >= 0
    D = np.where(causal[None], np.exp(np.where(causal, diff, 0.0)[None] * ld[:, None, None]), 0.0)
    D = D * inv[:, :, None]  # torchscale's normalized mask (rows / sqrt(c_n))
    scores = np.einsum("bhnd,bhmd->bhnm", q, k) * D[None]
    if abs_sum_clamp:
        if start or state is not None:
            raise ValueError("abs_sum_clamp is torchscale's parallel form: prefill from position 0 only")
        scores = scores / np.maximum(np.abs(scores.sum(-1, keepdims=True)), 1.0)
    o = np.einsum("bhnm,bhmv->bhnv", scores, v)
    U0 = None
    if state is not None and start > 0:
        U0 = np.asarray(state, np.float64) * np.sqrt(c[:, start - 1])[None, :, None, None]
        xi = np.exp((t + 1)[None, :] * ld[:, None]) * inv  # gamma^(t+1) / sqrt(c_n)
        o = o + np.einsum("bhnd,bhdv->bhnv", q * xi[None, :, :, None], U0)
    zeta = np.exp((T - 1 - t)[None, :] * ld[:, None])
    U = np.einsum("bhmd,bhmv->bhdv", k * zeta[None, :, :, None], v)
    if U0 is not None:
        U = U + np.exp(T * ld)[None, :, None, None] * U0
    return o, U / np.sqrt(c[:, start + T - 1])[None, :, None, None]


def forward(cfg, weights, tokens, states=None, start=0, abs_sum_clamp=False):
    """torchscale RetNetDecoder in eval(): logits [B, T, vocab] (features
    [B, T, E] with no_output_layer) and the per-layer normalized states, float64.

    With `states` (one [B, H, Dk, Dv] per layer) and `start`, continues a
    sequence whose first `start` tokens are summarized by the states.
    `abs_sum_clamp`: torchscale's parallel form exactly (see the module doc).
    """
    w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
    tokens = np.asarray(tokens)
    B, T = tokens.shape
    E, H = cfg.decoder_embed_dim, cfg.decoder_retention_heads
    Dk, Dv = E // H, cfg.decoder_value_embed_dim // H
    eps = cfg.layernorm_eps
    pre = cfg.decoder_normalize_before
    alpha = (2.0 * cfg.decoder_layers) ** 0.25 if cfg.deepnorm else 1.0
    angle, ld = rel_pos(Dk, H)
    x = w["embed_tokens.weight"][tokens] * (1.0 if cfg.no_scale_embedding else math.sqrt(E))
    if cfg.layernorm_embedding:
        x = _rmsnorm(x, w["layernorm_embedding.weight"], eps)

    def heads(y, d):
        return y.reshape(B, T, H, d).transpose(0, 2, 1, 3)

    new_states = []
    for i in range(cfg.decoder_layers):
        p = f"layers.{i}."
        ln1, ln2 = w[p + "retention_layer_norm.weight"], w[p + "final_layer_norm.weight"]
        residual = x
        xn = _rmsnorm(x, ln1, eps) if pre else x
        q = heads(xn @ w[p + "retention.q_proj.weight"].T, Dk)
        k = heads(xn @ w[p + "retention.k_proj.weight"].T * Dk ** -0.5, Dk)
        v = heads(xn @ w[p + "retention.v_proj.weight"].T, Dv)
        g = xn @ w[p + "retention.g_proj.weight"].T
        q, k = theta_shift(q, start, angle), theta_shift(k, start, angle)
        s0 = None if states is None else states[i]
        o, s = retention(q, k, v, ld, start=start, state=s0, abs_sum_clamp=abs_sum_clamp)
        new_states.append(s)
        o = _rmsnorm(o, None, eps).transpose(0, 2, 1, 3).reshape(B, T, H * Dv)  # group norm
        x = residual * alpha + (_silu(g) * o) @ w[p + "retention.out_proj.weight"].T
        if not pre:
            x = _rmsnorm(x, ln1, eps)
        residual = x
        hn = _rmsnorm(x, ln2, eps) if pre else x
        a = hn @ w[p + "ffn.fc1.weight"].T
        gt = hn @ w[p + "ffn.gate.weight"].T
        x = residual * alpha + (_activation(cfg.activation_fn, a) * gt) @ w[p + "ffn.fc2.weight"].T
        if not pre:
            x = _rmsnorm(x, ln2, eps)
    if pre:
        x = _rmsnorm(x, w["layer_norm.weight"], eps)
    if cfg.no_output_layer:
        return x, new_states
    out_w = w["embed_tokens.weight"] if cfg.share_decoder_input_output_embed else w["output_projection.weight"]
    return x @ out_w.T, new_states
