"""Weights keyed by torchscale's state-dict names (nn.Linear layout [out, in])."""

import zipfile

import numpy as np

from .errors import RetNetError


def weight_shapes(cfg):
    """Ordered {name: shape} of every parameter of the model."""
    E, V, F = cfg.decoder_embed_dim, cfg.decoder_value_embed_dim, cfg.decoder_ffn_embed_dim
    shapes = {"embed_tokens.weight": (cfg.vocab_size, E)}
    for i in range(cfg.decoder_layers):
        p = f"layers.{i}."
        shapes[p + "retention_layer_norm.weight"] = (E,)
        shapes[p + "retention.q_proj.weight"] = (E, E)
        shapes[p + "retention.k_proj.weight"] = (E, E)
        shapes[p + "retention.v_proj.weight"] = (V, E)
        shapes[p + "retention.g_proj.weight"] = (V, E)
        shapes[p + "retention.out_proj.weight"] = (E, V)
        shapes[p + "final_layer_norm.weight"] = (E,)
        shapes[p + "ffn.fc1.weight"] = (F, E)
        shapes[p + "ffn.gate.weight"] = (F, E)
        shapes[p + "ffn.fc2.weight"] = (E, F)
    shapes["layer_norm.weight"] = (E,)
    shapes["output_projection.weight"] = (cfg.vocab_size, E)
    return shapes


def random_weights(cfg, seed=0):
    """torchscale-like initialization: xavier-uniform projections (gain
    2^-2.5 for q/k/v/g, 2^-1 for out), N(0, E^-1/2) embeddings, unit norms."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in weight_shapes(cfg).items():
        if name.endswith("norm.weight"):
            w = np.ones(shape)
        elif name == "embed_tokens.weight":
            w = rng.normal(0.0, cfg.decoder_embed_dim ** -0.5, shape)
        else:
            gain = 1.0
            if any(s in name for s in ("q_proj", "k_proj", "v_proj", "g_proj")):
                gain = 2 ** -2.5
            elif "out_proj" in name:
                gain = 2 ** -1
            bound = gain * np.sqrt(6.0 / (shape[0] + shape[1]))
            w = rng.uniform(-bound, bound, shape)
        out[name] = np.ascontiguousarray(w, dtype=np.float32)
    return out


def load_weights(source, cfg):
    """Weights from a .npz path or a dict of arrays, checked against `cfg`.

    Missing, extra or mis-shaped tensors raise RetNetError naming the key.
    """
    if isinstance(source, dict):
        items = dict(source)
    else:
        try:
            with np.load(source, allow_pickle=False) as z:
                items = {k: z[k] for k in z.files}
        except FileNotFoundError:
            raise RetNetError(f"weights file not found: {source}") from None
        except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
            raise RetNetError(f"cannot read weights file {source}: {e}") from None
    expected = weight_shapes(cfg)
    missing = [k for k in expected if k not in items]
    if missing:
        raise RetNetError(f"missing weight '{missing[0]}'" +
                          (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    extra = sorted(k for k in items if k not in expected)
    if extra:
        raise RetNetError(f"unexpected weight '{extra[0]}'" +
                          (f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""))
    out = {}
    for k, shape in expected.items():
        a = np.asarray(items[k])
        if a.shape != shape:
            raise RetNetError(f"weight '{k}' has shape {a.shape}, expected {shape}")
        if not np.issubdtype(a.dtype, np.floating):
            raise RetNetError(f"weight '{k}' has dtype {a.dtype}, expected a float type")
        if not np.all(np.isfinite(a)):
            raise RetNetError(f"weight '{k}' contains NaN or Inf")
        out[k] = np.ascontiguousarray(a, dtype=np.float32)
    return out
