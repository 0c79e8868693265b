"""The same retention math in PyTorch: parallel, chunkwise and recurrent forms
(torchscale-style, without normalizations), used as peers by the benchmarks."""

import math

import torch


def decay_consts(ld, C):
    """Per-head [H, C, C] causal decay, xi [H, C], zeta [H, C], gamma^C [H]."""
    idx = torch.arange(C, dtype=torch.float32, device=ld.device)
    diff = idx[:, None] - idx[None, :]
    mask = diff >= 0
    D = torch.exp(diff.clamp(min=0)[None] * ld[:, None, None]) * mask
    xi = torch.exp((idx + 1)[None] * ld[:, None])
    zeta = torch.exp((C - 1 - idx)[None] * ld[:, None])
    return D, xi, zeta, torch.exp(C * ld)


def parallel(q, k, v, ld, scale=1.0):
    T = q.shape[2]
    D, _, _, _ = decay_consts(ld, T)
    return ((q @ k.transpose(-1, -2)) * scale * D.to(q.dtype)) @ v


def chunkwise(q, k, v, ld, C, scale=1.0, consts=None):
    B, H, T, Dk = q.shape
    Dv = v.shape[-1]
    n = T // C
    assert n * C == T, "the PyTorch chunkwise form needs T % C == 0 (as torchscale)"
    D, xi, zeta, gC = consts if consts is not None else decay_consts(ld, C)
    D, xi, zeta, gC = (x.to(q.dtype) for x in (D, xi, zeta, gC))
    qc, kc, vc = (x.reshape(B, H, n, C, x.shape[-1]) for x in (q, k, v))
    inner = ((qc @ kc.transpose(-1, -2)) * D[None, :, None]) @ vc
    kv = (kc * zeta[None, :, None, :, None]).transpose(-1, -2) @ vc  # [B, H, n, Dk, Dv]
    R = torch.zeros(B, H, Dk, Dv, dtype=q.dtype, device=q.device)
    states = []
    g = gC[None, :, None, None]
    for i in range(n):
        states.append(R)
        R = g * R + kv[:, :, i]
    Rs = torch.stack(states, dim=2)
    cross = (qc * xi[None, :, None, :, None]) @ Rs
    return ((inner + cross) * scale).reshape(B, H, T, Dv), R


def recurrent(q, k, v, ld, scale=1.0, state=None):
    B, H, T, Dk = q.shape
    Dv = v.shape[-1]
    S = torch.zeros(B, H, Dk, Dv, dtype=q.dtype, device=q.device) if state is None else state
    g = torch.exp(ld)[None, :, None, None].to(S.dtype)
    outs = []
    for t in range(T):
        S = g * S + k[:, :, t, :, None] * v[:, :, t, None, :]
        outs.append(torch.einsum("bhd,bhdv->bhv", q[:, :, t], S))
    return torch.stack(outs, dim=2) * scale, S


def decode_step(q, k, v, g, S):
    """One token: q, k [B, H, Dk], v [B, H, Dv], g [1, H, 1, 1], S [B, H, Dk, Dv]."""
    S = g * S + k[..., :, None] * v[..., None, :]
    return torch.einsum("bhd,bhdv->bhv", q, S), S


def decode_step_inplace(q, k, v, g, S):
    """The same step updating S in place, without the k v^T temporary (what a
    hand-tuned PyTorch decode loop does)."""
    S.mul_(g).addcmul_(k[..., :, None], v[..., None, :])
    return torch.matmul(q[..., None, :], S)[..., 0, :], S
