"""retention-raise on a real importer: a PyTorch retention written the
torchscale way (q k^T times a registered decay mask, times v), exported to
linalg-on-tensors by torch-mlir, raised to retention.retention, compiled and
run; the numbers must match PyTorch's. Skipped without torch / torch-mlir
(they are benchmark requirements: requirements-bench.txt)."""

import subprocess

import numpy as np
import pytest

torch = pytest.importorskip("torch")
fx = pytest.importorskip("torch_mlir.fx")

import retnet_mlir as rm  # noqa: E402


def relpos_mask(decay, T, normalize):
    """The decay mask as torchscale's RetNetRelPos builds it (optionally
    row-normalized by the sqrt of its sum)."""
    index = torch.arange(T).to(decay)
    mask = torch.tril(torch.ones(T, T).to(decay))
    mask = torch.masked_fill(index[:, None] - index[None, :], ~mask.bool(), float("inf"))
    mask = torch.exp(mask * decay[:, None, None])
    mask = torch.nan_to_num(mask)
    if normalize:
        mask = mask / mask.sum(dim=-1, keepdim=True).sqrt()
    return mask


class TorchscaleRetention(torch.nn.Module):
    """torchscale's parallel retention core. The mask is either a registered
    buffer (a constant in the export) or built in forward from positions and
    the decay buffer (a chain of linalg.generic ops in the export)."""

    def __init__(self, heads, T, normalize, mask_in_forward=False):
        super().__init__()
        decay = torch.log(1 - 2 ** (-5 - torch.arange(heads, dtype=torch.float)))
        self.register_buffer("decay", decay)
        self.register_buffer("mask", relpos_mask(decay, T, normalize))
        self.normalize, self.mask_in_forward = normalize, mask_in_forward

    def forward(self, q, k, v):
        mask = (relpos_mask(self.decay, q.shape[-2], self.normalize)
                if self.mask_in_forward else self.mask)
        qk = q @ k.transpose(-1, -2)
        qk = qk * mask
        return qk @ v


def export(B, H, T, D, normalize, mask_in_forward=False):
    m = TorchscaleRetention(H, T, normalize, mask_in_forward)
    args = [torch.randn(B, H, T, D) for _ in range(3)]
    mod = fx.export_and_import(m, *args, output_type="linalg-on-tensors", func_name="ret")
    return m, str(mod)


@pytest.mark.parametrize("mask_in_forward", [False, True], ids=["buffer", "forward"])
@pytest.mark.parametrize("normalize", [False, True], ids=["plain", "normalized"])
def test_raise_compile_and_match_pytorch(normalize, mask_in_forward, tmp_path):
    B, H, T, D = 2, 4, 48, 16
    m, text = export(B, H, T, D, normalize, mask_in_forward)
    src = tmp_path / "exported.mlir"
    src.write_text(text)
    opt = rm.find_tool("retnet-opt")
    raised = subprocess.run([opt, str(src), "--retention-raise", "--canonicalize", "--cse"],
                            capture_output=True, text=True, check=True).stdout
    assert "retention.retention" in raised
    assert "linalg.batch_matmul" not in raised
    assert "linalg.generic" not in raised  # the mask computation is gone too
    assert ("decay_normalization" in raised) == normalize
    mod = rm.compile_module(raised, {"ret": ([rm.TensorSpec((B, H, T, D))] * 3,
                                             [rm.TensorSpec((B, H, T, D))])})
    rng = np.random.default_rng(0)
    q, k, v = (rng.standard_normal((B, H, T, D)).astype(np.float32) for _ in range(3))
    ours = mod["ret"](q, k, v)
    with torch.no_grad():
        theirs = m(torch.from_numpy(q), torch.from_numpy(k), torch.from_numpy(v)).numpy()
    err = float(np.abs(ours - theirs).max() / np.abs(theirs).max())
    assert err < 1e-5, err
