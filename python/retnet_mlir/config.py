"""RetNet model configuration, with torchscale's config keys."""

from dataclasses import dataclass, fields

from .errors import RetNetError


@dataclass
class RetNetConfig:
    decoder_embed_dim: int = 512
    decoder_value_embed_dim: int = 864
    decoder_retention_heads: int = 2
    decoder_ffn_embed_dim: int = 864
    decoder_layers: int = 6
    vocab_size: int = 1000
    activation_fn: str = "gelu"
    layernorm_eps: float = 1e-6
    no_scale_embedding: bool = True

    @classmethod
    def from_dict(cls, d):
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise RetNetError(f"unknown config keys: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        cfg = cls(**d)
        cfg.validate()
        return cfg

    def validate(self):
        E, V, H = self.decoder_embed_dim, self.decoder_value_embed_dim, self.decoder_retention_heads
        for name in ("decoder_embed_dim", "decoder_value_embed_dim", "decoder_retention_heads",
                     "decoder_ffn_embed_dim", "decoder_layers", "vocab_size"):
            if int(getattr(self, name)) <= 0:
                raise RetNetError(f"config {name} must be positive, got {getattr(self, name)}")
        if E % H or V % H:
            raise RetNetError(f"decoder_embed_dim ({E}) and decoder_value_embed_dim ({V}) must be "
                              f"multiples of decoder_retention_heads ({H})")
        if (E // H) % 2:
            raise RetNetError(f"the key head dim {E // H} must be even (xPos rotates pairs)")
        if self.activation_fn not in ("gelu", "swish"):
            raise RetNetError(f"activation_fn must be 'gelu' or 'swish', got {self.activation_fn!r}")
        if not self.layernorm_eps >= 0:
            raise RetNetError(f"layernorm_eps must be >= 0, got {self.layernorm_eps}")

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
