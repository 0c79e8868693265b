"""Float64 numpy reference of the whole RetNet model (retention-semantics.md
sections 3-4), written straight from the equations, independent of the
compiler. Returns logits and the per-layer retention states."""

import math

import numpy as np

from . import reference
from .model_graph import log_decays, rotation_angles

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _rmsnorm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * (1.0 if w is None else w)


def _silu(x):
    return x / (1.0 + np.exp(-x))


def theta_shift(x, start):
    """x [B, H, T, D] rotated at absolute positions start..start+T-1."""
    T, D = x.shape[2], x.shape[3]
    ang = np.repeat(rotation_angles(D), 2)
    n = start + np.arange(T, dtype=np.float64)
    th = n[:, None] * ang[None, :]
    rot = np.empty_like(x)
    rot[..., 0::2] = -x[..., 1::2]
    rot[..., 1::2] = x[..., 0::2]
    return x * np.cos(th) + rot * np.sin(th)


def forward(cfg, weights, tokens, states=None, start=0):
    """Logits [B, T, vocab] and final states, float64.

    With `states` (one [B, H, Dk, Dv] per layer) and `start`, continues a
    sequence whose first `start` tokens are summarized by the states.
    """
    w = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
    tokens = np.asarray(tokens)
    B, T = tokens.shape
    E, H, Dk, Dv = cfg.decoder_embed_dim, cfg.heads, cfg.key_dim, cfg.value_dim
    eps = cfg.layernorm_eps
    ld = log_decays(H)
    x = w["embed_tokens.weight"][tokens] * cfg.embed_scale
    new_states = []
    for i in range(cfg.decoder_layers):
        p = f"layers.{i}."
        xn = _rmsnorm(x, w[p + "retention_layer_norm.weight"], eps)

        def heads(y, d):
            return y.reshape(B, T, H, d).transpose(0, 2, 1, 3)

        q = heads(xn @ w[p + "retention.q_proj.weight"].T, Dk)
        k = heads(xn @ w[p + "retention.k_proj.weight"].T, Dk) * Dk ** -0.5
        v = heads(xn @ w[p + "retention.v_proj.weight"].T, Dv)
        g = xn @ w[p + "retention.g_proj.weight"].T
        q, k = theta_shift(q, start), theta_shift(k, start)
        s0 = None if states is None else np.asarray(states[i], dtype=np.float64)
        o, s = reference.chunkwise(q, k, v, ld, chunk_size=64, initial_state=s0)
        new_states.append(s)
        o = reference.group_norm(o, eps).transpose(0, 2, 1, 3).reshape(B, T, H * Dv)
        x = x + (_silu(g) * o) @ w[p + "retention.out_proj.weight"].T
        hn = _rmsnorm(x, w[p + "final_layer_norm.weight"], eps)
        a = hn @ w[p + "ffn.fc1.weight"].T
        gt = hn @ w[p + "ffn.gate.weight"].T
        act = 0.5 * a * (1.0 + _erf(a / math.sqrt(2.0))) if cfg.activation_fn == "gelu" else _silu(a)
        x = x + (act * gt) @ w[p + "ffn.fc2.weight"].T
    logits = _rmsnorm(x, w["layer_norm.weight"], eps) @ w["output_projection.weight"].T
    return logits, new_states
