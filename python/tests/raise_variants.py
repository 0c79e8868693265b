"""Retention as PyTorch code spells it, for retention-raise's tests: the
pytest (test_raise_torch_mlir.py) raises, compiles and runs them against
PyTorch; test/Integration/Raise/gen_inputs.py exports them with torch-mlir
into the lit inputs (test/Integration/Raise/Inputs).

Every module's forward takes q, k, v ([B, H, T, D], or [B, T, H, D] for the
"bthd" layout) and uses RetNet's default decays gamma_h = 1 - 2^(-5 - h), so
the lit tests can compare against the float64 reference without PyTorch.
`SPELLINGS` lists the ones retention-raise must raise, `NEAR_MISSES` the ones
it must leave alone (each is one change away from retention).
"""

import torch


def retnet_decays(heads):
    return 1 - 2.0 ** (-5.0 - torch.arange(heads, dtype=torch.float))


def relpos_mask(decay, T, normalize):
    """The decay mask as torchscale's RetNetRelPos builds it (optionally
    row-normalized by the sqrt of its sum); `decay` is the log-decay."""
    index = torch.arange(T).to(decay)
    mask = torch.tril(torch.ones(T, T).to(decay))
    mask = torch.masked_fill(index[:, None] - index[None, :], ~mask.bool(), float("inf"))
    mask = torch.exp(mask * decay[:, None, None])
    mask = torch.nan_to_num(mask)
    if normalize:
        mask = mask / mask.sum(dim=-1, keepdim=True).sqrt()
    return mask


class FlaNaive(torch.nn.Module):
    """flash-linear-attention's own reference, fla.ops.retention.naive
    .naive_retention (imported from fla, not copied): q * d^-0.5, the mask
    from exp2 of (range differences * log2 decays) times a comparison, two
    einsums."""

    def __init__(self):
        super().__init__()
        from fla.ops.retention.naive import naive_retention
        self.fn = naive_retention

    def forward(self, q, k, v):
        return self.fn(q, k, v)


class TorchscaleRetention(torch.nn.Module):
    """torchscale's parallel retention core (MultiScaleRetention
    .parallel_forward without its abs-sum score normalization, `abs_sum`).
    The mask is a registered buffer (a constant in the export) or built in
    forward from positions and the decay buffer (linalg.generic ops)."""

    def __init__(self, heads, T, normalize=False, mask_in_forward=False, abs_sum=False):
        super().__init__()
        decay = torch.log(retnet_decays(heads))
        self.register_buffer("decay", decay)
        self.register_buffer("mask", relpos_mask(decay, T, normalize))
        self.normalize, self.mask_in_forward, self.abs_sum = normalize, mask_in_forward, abs_sum

    def forward(self, q, k, v):
        mask = (relpos_mask(self.decay, q.shape[-2], self.normalize)
                if self.mask_in_forward else self.mask)
        qk = q @ k.transpose(-1, -2)
        qk = qk * mask
        if self.abs_sum:
            qk = qk / qk.detach().abs().sum(dim=-1, keepdim=True).clamp(min=1, max=5e4)
        return qk @ v


def _positions(T):
    i = torch.arange(T)
    return (i[:, None] - i[None, :]).to(torch.float)


class WhereMask(torch.nn.Module):
    """torch.where spellings: the decay gamma^(n-m) where n >= m, else 0, and
    the causal cut applied again to the scaled scores with torch.where."""

    def forward(self, q, k, v):
        H, T, D = q.shape[1], q.shape[2], q.shape[3]
        diff = _positions(T)
        decay = torch.where(diff >= 0, retnet_decays(H)[:, None, None] ** diff, 0.0)
        s = (q @ k.transpose(-1, -2)) * D ** -0.5
        s = torch.where(diff >= 0, s, torch.zeros(()))
        return (s * decay) @ v


class EinsumStrings(torch.nn.Module):
    """einsum strings: k scaled, the mask from exp(position * log decay) and
    tril, the second product a three-operand einsum."""

    def forward(self, q, k, v):
        H, T, D = q.shape[1], q.shape[2], q.shape[3]
        ld = torch.log(retnet_decays(H))
        mask = torch.exp(_positions(T) * ld[:, None, None]).tril()
        s = torch.einsum("bhnd,bhmd->bhnm", q, k * D ** -0.5)
        return torch.einsum("bhnm,hnm,bhme->bhne", s, mask, v)


class BTHD(torch.nn.Module):
    """Inputs [B, T, H, D] (as projections produce them), transposed inside;
    the output back to [B, T, H * D] and scaled there."""

    def forward(self, q, k, v):
        q, k, v = (x.transpose(1, 2) for x in (q, k, v))
        B, H, T, D = q.shape
        ld = torch.log(retnet_decays(H))
        mask = torch.exp(_positions(T) * ld[:, None, None]).tril()
        o = (q @ k.transpose(-1, -2) * mask) @ v
        return o.transpose(1, 2).reshape(B, T, H * D) * D ** -0.5


# Near misses: each one change away from retention.

class Softmax(torch.nn.Module):
    """A softmax between the products (attention with a decay bias)."""

    def forward(self, q, k, v):
        H, T = q.shape[1], q.shape[2]
        mask = torch.exp(_positions(T) * torch.log(retnet_decays(H))[:, None, None]).tril()
        return torch.softmax(q @ k.transpose(-1, -2) * mask, dim=-1) @ v


class NonCausal(torch.nn.Module):
    """gamma^|n - m| on both sides of the diagonal."""

    def forward(self, q, k, v):
        H, T = q.shape[1], q.shape[2]
        mask = retnet_decays(H)[:, None, None] ** _positions(T).abs()
        return (q @ k.transpose(-1, -2) * mask) @ v


class AntiCausal(torch.nn.Module):
    """The causal mask transposed: keys after the query."""

    def forward(self, q, k, v):
        H, T = q.shape[1], q.shape[2]
        mask = torch.exp(_positions(T) * torch.log(retnet_decays(H))[:, None, None]).tril()
        return (q @ k.transpose(-1, -2) * mask.transpose(-1, -2)) @ v


class NotGeometric(torch.nn.Module):
    """Causal, but 1 / (1 + n - m): a decay that is not geometric."""

    def forward(self, q, k, v):
        T = q.shape[2]
        diff = _positions(T)
        mask = torch.where(diff >= 0, 1.0 / (1.0 + diff.clamp(min=0)), 0.0)
        return (q @ k.transpose(-1, -2) * mask) @ v


class RuntimeDecay(torch.nn.Module):
    """The log-decay an argument of the function: known only at run time."""

    def forward(self, q, k, v, log_decay):
        T = q.shape[2]
        mask = torch.exp(_positions(T) * log_decay[:, None, None]).tril()
        return (q @ k.transpose(-1, -2) * mask) @ v


def _torchscale(normalize, mask_in_forward):
    return lambda H, T: TorchscaleRetention(H, T, normalize, mask_in_forward)


# name -> (module factory (heads, T), input layout, scale (head dim), normalized)
SPELLINGS = {
    "fla_naive": (lambda H, T: FlaNaive(), "bhtd", lambda D: D ** -0.5, False),
    "torchscale_buffer_plain": (_torchscale(False, False), "bhtd", lambda D: 1.0, False),
    "torchscale_buffer_normalized": (_torchscale(True, False), "bhtd", lambda D: 1.0, True),
    "torchscale_forward_plain": (_torchscale(False, True), "bhtd", lambda D: 1.0, False),
    "torchscale_forward_normalized": (_torchscale(True, True), "bhtd", lambda D: 1.0, True),
    "where_mask": (lambda H, T: WhereMask(), "bhtd", lambda D: D ** -0.5, False),
    "einsum_strings": (lambda H, T: EinsumStrings(), "bhtd", lambda D: D ** -0.5, False),
    "bthd": (lambda H, T: BTHD(), "bthd", lambda D: D ** -0.5, False),
}

NEAR_MISSES = {
    "softmax": lambda H, T: Softmax(),
    "non_causal": lambda H, T: NonCausal(),
    "anti_causal": lambda H, T: AntiCausal(),
    "not_geometric": lambda H, T: NotGeometric(),
    "runtime_decay": lambda H, T: RuntimeDecay(),
    "torchscale_abs_sum": lambda H, T: TorchscaleRetention(H, T, normalize=True, mask_in_forward=True,
                                                            abs_sum=True),
}


def example_inputs(name, B, H, T, D, layout="bhtd"):
    shape = (B, T, H, D) if layout == "bthd" else (B, H, T, D)
    gen = torch.Generator().manual_seed(0)
    args = [torch.randn(*shape, generator=gen) for _ in range(3)]
    if name == "runtime_decay":
        args.append(torch.log(retnet_decays(H)))
    return args


def export(module, args):
    """The module as torch-mlir's linalg-on-tensors, function @ret."""
    from torch_mlir import fx
    return str(fx.export_and_import(module, *args, output_type="linalg-on-tensors",
                                    func_name="ret"))
