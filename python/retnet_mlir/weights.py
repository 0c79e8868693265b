"""Weights keyed by torchscale's state-dict names (nn.Linear layout [out, in]).

`load_weights` takes what a torchscale RetNetDecoder's `state_dict()` holds,
unchanged: a dict of numpy arrays or torch tensors (or the module itself), an
`.npz` file (numpy.savez of the arrays) or a `.safetensors` file. The
`retnet_rel_pos.angle` / `retnet_rel_pos.decay` buffers are checked against
the angles and decays the model computes; tied input/output embeddings
(share_decoder_input_output_embed) may come as both keys or as one.
"""

import os
import zipfile

import numpy as np

from .config import log_decays, rotation_angles
from .errors import RetNetError

EMBED = "embed_tokens.weight"
OUTPUT = "output_projection.weight"
ANGLE = "retnet_rel_pos.angle"
DECAY = "retnet_rel_pos.decay"


def weight_shapes(cfg):
    """Ordered {name: shape} of every parameter the compiled model takes.

    Depends on the config: `layernorm_embedding.weight` only with
    layernorm_embedding, `layer_norm.weight` only with
    decoder_normalize_before (torchscale builds it only then), and
    `output_projection.weight` only with an untied output layer.
    """
    E, V, F = cfg.decoder_embed_dim, cfg.decoder_value_embed_dim, cfg.decoder_ffn_embed_dim
    shapes = {EMBED: (cfg.vocab_size, E)}
    if cfg.layernorm_embedding:
        shapes["layernorm_embedding.weight"] = (E,)
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
    if cfg.decoder_normalize_before:
        shapes["layer_norm.weight"] = (E,)
    if not cfg.no_output_layer and not cfg.tied_embeddings:
        shapes[OUTPUT] = (cfg.vocab_size, E)
    return shapes


def rel_pos_buffers(cfg):
    """The values torchscale's RetNetRelPos registers as buffers (float64)."""
    return {ANGLE: np.repeat(rotation_angles(cfg.key_dim), 2), DECAY: log_decays(cfg.heads)}


def random_weights(cfg, seed=0):
    """torchscale's initialization: xavier-uniform q/k/v/g (gain 2^-2.5) and
    out_proj (gain 1), nn.Linear's default uniform(+-1/sqrt(in)) for the FFN,
    N(0, E^-1/2) output projection, unit norms; with deepnorm fc1, fc2,
    out_proj and v_proj divided by (8 L)^(1/4) as RetNetDecoder does. The
    embedding (external to torchscale's decoder) is N(0, E^-1/2)."""
    rng = np.random.default_rng(seed)
    deep = (8.0 * cfg.decoder_layers) ** 0.25 if cfg.deepnorm else 1.0
    out = {}
    for name, shape in weight_shapes(cfg).items():
        if name.endswith("norm.weight") or name == "layernorm_embedding.weight":
            w = np.ones(shape)
        elif name in (EMBED, OUTPUT):
            w = rng.normal(0.0, cfg.decoder_embed_dim ** -0.5, shape)
        elif ".ffn." in name:
            bound = shape[1] ** -0.5
            w = rng.uniform(-bound, bound, shape)
        else:
            gain = 2 ** -2.5 if any(s in name for s in ("q_proj", "k_proj", "v_proj", "g_proj")) else 1.0
            bound = gain * np.sqrt(6.0 / (shape[0] + shape[1]))
            w = rng.uniform(-bound, bound, shape)
        if deep != 1.0 and any(s in name for s in ("fc1", "fc2", "out_proj", "v_proj")):
            w = w / deep
        out[name] = np.ascontiguousarray(w, dtype=np.float32)
    return out


def _to_numpy(key, value):
    """numpy array of a numpy array, torch tensor (any device/dtype) or array-like."""
    if isinstance(value, np.ndarray):
        return value
    if type(value).__module__.startswith("torch"):
        t = value.detach()
        if t.is_floating_point():
            t = t.float()  # bfloat16 has no numpy dtype
        return t.cpu().numpy()
    try:
        return np.asarray(value)
    except Exception as e:  # noqa: BLE001 - anything numpy cannot take
        raise RetNetError(f"weight '{key}' is not an array: {type(value).__name__} ({e})") from None


def _epsilon(value):
    """Machine epsilon of a tensor's or array's own float type (1e-7 if none)."""
    try:
        if type(value).__module__.startswith("torch"):
            import torch
            return float(torch.finfo(value.dtype).eps)
        return float(np.finfo(np.asarray(value).dtype).eps)
    except (TypeError, ValueError):
        return 1e-7


def read_weights(source):
    """{name: value} from a dict, a module with state_dict(), an .npz or a
    .safetensors path; dict values are returned as given (numpy arrays or
    torch tensors), file contents as numpy arrays."""
    if hasattr(source, "state_dict") and callable(source.state_dict):
        source = source.state_dict()
    if isinstance(source, dict):
        return {str(k): v for k, v in source.items()}
    if not isinstance(source, (str, os.PathLike)):
        raise RetNetError(f"weights must be a dict of arrays, a module, or a path to an .npz or "
                          f".safetensors file, got {type(source).__name__}")
    path = os.fspath(source)
    if not os.path.exists(path):
        raise RetNetError(f"weights file not found: {path}")
    if path.endswith(".safetensors"):
        try:
            from safetensors.numpy import load_file
        except ImportError:
            raise RetNetError(f"reading {path} needs the 'safetensors' package (pip install "
                              f"safetensors), which is not installed") from None
        try:
            return load_file(path)
        except Exception as e:  # noqa: BLE001 - safetensors raises its own error types
            raise RetNetError(f"cannot read weights file {path}: {e}") from None
    try:
        with np.load(path, allow_pickle=False) as z:
            if not hasattr(z, "files"):
                raise ValueError("not an .npz archive (a single array)")
            return {k: z[k] for k in z.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as e:
        raise RetNetError(f"cannot read weights file {path}: {e}") from None


def _check_buffer(key, a, want, eps=2.0 ** -23):
    """torchscale computes the buffers in float32 (a checkpoint may hold them
    rounded to bfloat16/float16: `eps` of that type): max(1e-5, 4 eps)
    relative, and for the decay 1e-7 absolute (log(1 - 2^-25) rounds to 0 in
    float32 from head 20 on)."""
    if a.shape != want.shape:
        raise RetNetError(f"weight '{key}' has shape {a.shape}, expected {want.shape}")
    a = np.asarray(a, np.float64)
    atol = 1e-7 if key == DECAY else 0.0
    excess = np.abs(a - want) - (max(1e-5, 4 * eps) * np.abs(want) + atol)
    if not np.all(np.isfinite(a)) or excess.max() > 0:
        i = int(np.argmax(np.where(np.isfinite(excess), excess, np.inf)))
        raise RetNetError(f"weight '{key}' does not match the values torchscale's RetNetRelPos computes "
                          f"for this config: element {i} is {a.ravel()[i]!r}, expected {want.ravel()[i]!r} "
                          f"(a different head count, key dim or formula)")


def load_weights(source, cfg):
    """Weights from a torchscale state dict (dict, module, .npz or .safetensors), checked against `cfg`.

    Returns {name: float32 array} for `weight_shapes(cfg)`. Missing, extra or
    mis-shaped tensors raise RetNetError naming the key.
    """
    raw = read_weights(source)
    eps = {k: _epsilon(raw[k]) for k in (ANGLE, DECAY) if k in raw}
    items = {k: _to_numpy(k, v) for k, v in raw.items()}
    expected = weight_shapes(cfg)
    if cfg.tied_embeddings:
        # torchscale ties output_projection.weight to embed_tokens.weight: a
        # state_dict() has both keys (shared storage); safetensors' save_model
        # and friends keep only one.
        if EMBED not in items and OUTPUT in items:
            items[EMBED] = items[OUTPUT]
        if OUTPUT in items:
            a, b = items.pop(OUTPUT), items[EMBED]
            if a.shape != b.shape or not np.array_equal(a, b):
                raise RetNetError(f"weight '{OUTPUT}' differs from '{EMBED}', but the config ties them "
                                  f"(share_decoder_input_output_embed=True)")
    buffers = rel_pos_buffers(cfg)
    for key, want in buffers.items():
        if key in items:
            _check_buffer(key, items.pop(key), want, eps[key])
    missing = [k for k in expected if k not in items]
    if missing:
        raise RetNetError(f"missing weight '{missing[0]}'" +
                          (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""))
    extra = sorted(k for k in items if k not in expected)
    if extra:
        why = ""
        if extra[0] == OUTPUT and cfg.no_output_layer:
            why = " (the config has no_output_layer=True)"
        elif extra[0] == "layer_norm.weight":
            why = " (torchscale has a final layer_norm only with decoder_normalize_before=True)"
        elif extra[0] == "layernorm_embedding.weight":
            why = " (the config has layernorm_embedding=False)"
        raise RetNetError(f"unexpected weight '{extra[0]}'{why}" +
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
