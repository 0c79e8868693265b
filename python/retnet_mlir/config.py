"""RetNet model configuration: torchscale 0.3.0's `RetNetConfig` keys.

Every key of torchscale's `RetNetConfig` is accepted, with torchscale's
defaults and its `__init__` interplay (deepnorm turns subln and
decoder_normalize_before off; subln turns decoder_normalize_before on and
deepnorm off). Each key is either implemented (it changes the inference
output), accepted (training only, or no effect in torchscale's
RetNetDecoder), or rejected with a RetNetError naming it. docs/torchscale.md
has the table.
"""

import numbers
from dataclasses import dataclass, fields

import numpy as np

from .errors import RetNetError

# Key -> the type its value must have (docs/torchscale.md says what each does).
_KEYS = {
    "decoder_embed_dim": "int",
    "decoder_value_embed_dim": "int",
    "decoder_retention_heads": "int",
    "decoder_ffn_embed_dim": "int",
    "decoder_layers": "int",
    "decoder_normalize_before": "bool",
    "activation_fn": "str",
    "dropout": "float",
    "drop_path_rate": "float",
    "activation_dropout": "float",
    "no_scale_embedding": "bool",
    "layernorm_embedding": "bool",
    "moe_freq": "int",
    "moe_top1_expert": "bool",
    "moe_expert_count": "int",
    "moe_gating_use_fp32": "bool",
    "moe_eval_capacity_token_fraction": "float",
    "moe_second_expert_policy": "str",
    "moe_normalize_gate_prob_before_dropping": "bool",
    "use_xmoe": "bool",
    "rel_pos_buckets": "int",
    "max_rel_pos": "int",
    "deepnorm": "bool",
    "subln": "bool",
    "multiway": "bool",
    "share_decoder_input_output_embed": "bool",
    "max_target_positions": "int",
    "no_output_layer": "bool",
    "layernorm_eps": "float",
    "chunkwise_recurrent": "bool",
    "recurrent_chunk_size": "int",
    "vocab_size": "int",
    "checkpoint_activations": "bool",
    "fsdp": "bool",
    "ddp_rank": "int",
    "xpos_rel_pos": "bool",
    "xpos_scale_base": "float",
}

ACTIVATIONS = ("gelu", "swish", "relu")  # torchscale's feedforward_network.get_activation_fn


def _check_type(name, value, kind):
    is_bool = isinstance(value, (bool, np.bool_))
    if kind == "bool":
        ok = is_bool
        want = "a bool (True/False)"
    elif kind == "int":
        ok = isinstance(value, numbers.Integral) and not is_bool
        want = "an int"
    elif kind == "float":
        ok = isinstance(value, numbers.Real) and not is_bool
        want = "a number"
    else:
        ok = isinstance(value, str)
        want = "a string"
    if not ok:
        raise RetNetError(f"config {name} must be {want}, got {value!r} ({type(value).__name__})")


@dataclass
class RetNetConfig:
    """torchscale 0.3.0's RetNetConfig, field for field, same defaults."""

    decoder_embed_dim: int = 768
    decoder_value_embed_dim: int = 1280
    decoder_retention_heads: int = 3
    decoder_ffn_embed_dim: int = 1280
    decoder_layers: int = 12
    decoder_normalize_before: bool = True
    activation_fn: str = "gelu"
    dropout: float = 0.0
    drop_path_rate: float = 0.0
    activation_dropout: float = 0.0
    no_scale_embedding: bool = True
    layernorm_embedding: bool = False
    moe_freq: int = 0
    moe_top1_expert: bool = False
    moe_expert_count: int = 0
    moe_gating_use_fp32: bool = True
    moe_eval_capacity_token_fraction: float = 0.25
    moe_second_expert_policy: str = "random"
    moe_normalize_gate_prob_before_dropping: bool = False
    use_xmoe: bool = False
    rel_pos_buckets: int = 0
    max_rel_pos: int = 0
    deepnorm: bool = False
    subln: bool = True
    multiway: bool = False
    share_decoder_input_output_embed: bool = False
    max_target_positions: int = 1024
    no_output_layer: bool = False
    layernorm_eps: float = 1e-6
    chunkwise_recurrent: bool = False
    recurrent_chunk_size: int = 512
    vocab_size: int = -1
    checkpoint_activations: bool = False
    fsdp: bool = False
    ddp_rank: int = 0
    xpos_rel_pos: bool = False
    xpos_scale_base: float = 512

    def __post_init__(self):
        self._check_types()
        # torchscale's RetNetConfig.__init__, in its order.
        if self.deepnorm:
            self.decoder_normalize_before = False
            self.subln = False
        if self.subln:
            self.decoder_normalize_before = True
            self.deepnorm = False
        if self.use_xmoe:
            self.moe_normalize_gate_prob_before_dropping = True
            self.moe_second_expert_policy = "random"
            if not (self.moe_freq > 0 and self.moe_expert_count > 0):
                raise RetNetError("config use_xmoe=True needs moe_freq > 0 and moe_expert_count > 0 "
                                  "(torchscale asserts it)")
        self.validate()

    @classmethod
    def from_dict(cls, d):
        """From a dict of torchscale config keys (missing keys: torchscale's defaults)."""
        if not isinstance(d, dict):
            raise RetNetError(f"config must be a dict, got {type(d).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in d if k not in known)
        if unknown:
            raise RetNetError(f"unknown config keys: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        return cls(**d)

    @classmethod
    def from_any(cls, config):
        """A RetNetConfig, a dict, or a torchscale RetNetConfig object (its vars())."""
        if isinstance(config, cls):
            config.validate()
            return config
        if isinstance(config, dict):
            return cls.from_dict(config)
        if hasattr(config, "__dict__") and not isinstance(config, type):
            return cls.from_dict(dict(vars(config)))
        raise RetNetError(f"config must be a RetNetConfig, a torchscale RetNetConfig or a dict, "
                          f"got {type(config).__name__}")

    def _check_types(self):
        for name, kind in _KEYS.items():
            value = getattr(self, name)
            _check_type(name, value, kind)
            if isinstance(value, np.generic):  # numpy scalars -> Python ones
                setattr(self, name, value.item())

    def validate(self):
        self._check_types()
        E, V, H = self.decoder_embed_dim, self.decoder_value_embed_dim, self.decoder_retention_heads
        for name in ("decoder_embed_dim", "decoder_value_embed_dim", "decoder_retention_heads",
                     "decoder_ffn_embed_dim", "decoder_layers"):
            if getattr(self, name) <= 0:
                raise RetNetError(f"config {name} must be positive, got {getattr(self, name)}")
        if self.vocab_size <= 0:
            raise RetNetError(f"config vocab_size must be positive, got {self.vocab_size} (torchscale's "
                              f"default -1 builds no output projection; give the vocabulary size, the rows of "
                              f"embed_tokens.weight)")
        if E % H or V % H:
            raise RetNetError(f"decoder_embed_dim ({E}) and decoder_value_embed_dim ({V}) must be "
                              f"multiples of decoder_retention_heads ({H})")
        if (E // H) % 2:
            raise RetNetError(f"the key head dim {E // H} must be even (xPos rotates pairs)")
        if self.activation_fn not in ACTIVATIONS:
            raise RetNetError(f"config activation_fn must be one of {', '.join(map(repr, ACTIVATIONS))}, "
                              f"got {self.activation_fn!r}")
        if not (self.layernorm_eps >= 0 and self.layernorm_eps < float("inf")):
            raise RetNetError(f"config layernorm_eps must be finite and >= 0, got {self.layernorm_eps}")
        for name in ("dropout", "activation_dropout"):
            p = getattr(self, name)
            if not 0.0 <= p <= 1.0:
                raise RetNetError(f"config {name} must be a probability in [0, 1], got {p}")
        if self.drop_path_rate < 0:
            raise RetNetError(f"config drop_path_rate must be >= 0, got {self.drop_path_rate}")
        if self.recurrent_chunk_size <= 0:
            raise RetNetError(f"config recurrent_chunk_size must be positive, got {self.recurrent_chunk_size}")
        # Unsupported: each rejected by name.
        moe_layers = [i for i in range(self.decoder_layers)
                      if self.moe_freq != 0 and (i + 1) % self.moe_freq == 0]
        if moe_layers:
            raise RetNetError(f"config moe_freq={self.moe_freq} makes layers {moe_layers} mixture-of-experts "
                              f"layers, which are not supported (moe_freq must be 0)")
        if self.multiway:
            raise RetNetError("config multiway=True (two weight sets per projection, chosen by "
                              "split_position) is not supported")

    # Derived quantities -------------------------------------------------
    @property
    def heads(self):
        return self.decoder_retention_heads

    @property
    def key_dim(self):
        return self.decoder_embed_dim // self.decoder_retention_heads

    @property
    def value_dim(self):
        return self.decoder_value_embed_dim // self.decoder_retention_heads

    @property
    def embed_scale(self):
        return 1.0 if self.no_scale_embedding else float(self.decoder_embed_dim) ** 0.5

    @property
    def residual_alpha(self):
        """torchscale's DecoderLayer.alpha: (2 L)^0.25 with deepnorm, else 1."""
        return (2.0 * self.decoder_layers) ** 0.25 if self.deepnorm else 1.0

    @property
    def tied_embeddings(self):
        return self.share_decoder_input_output_embed and not self.no_output_layer

    @property
    def output_dim(self):
        """Last axis of the model's output: vocab_size (logits) or the embed dim (features)."""
        return self.decoder_embed_dim if self.no_output_layer else self.vocab_size


# The reference sizes of retention-semantics.md section 4 (embed, value, ffn, layers, heads).
REFERENCE_CONFIGS = {
    "base": (512, 864, 864, 6, 2),
    "medium": (1024, 1728, 1728, 16, 4),
    "xl": (2048, 3456, 3456, 24, 8),
    "3b": (2560, 4280, 4280, 32, 10),
    "7b": (4096, 6912, 6912, 32, 16),
    "13b": (5120, 8560, 8560, 40, 20),
    "65b": (8192, 13824, 13824, 64, 32),
}


def reference_config(name, vocab_size=32000, **kw):
    E, V, F, L, H = REFERENCE_CONFIGS[name]
    return RetNetConfig(decoder_embed_dim=E, decoder_value_embed_dim=V, decoder_ffn_embed_dim=F,
                        decoder_layers=L, decoder_retention_heads=H, vocab_size=vocab_size, **kw)


def rotation_angles(key_dim):
    """torchscale's RetNetRelPos angles before the repeat: 1 / 10000^linspace(0, 1, Dk/2)."""
    half = key_dim // 2
    return 1.0 / (10000.0 ** np.linspace(0.0, 1.0, half))


def log_decays(heads):
    """torchscale's RetNetRelPos decay: log(1 - 2^(-5 - h)), h = 0..H-1."""
    return np.log(1.0 - 2.0 ** (-5.0 - np.arange(heads, dtype=np.float64)))
