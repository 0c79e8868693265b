"""RetNetModel: compile a RetNet model graph and run it on numpy arrays."""

import re
import time
from dataclasses import dataclass, field

import numpy as np

from . import checks
from .compiler import compile_module
from .config import RetNetConfig
from .errors import RetNetError, RetNetTypeError, RetNetValueError
from .model_graph import build_function, graph_weights, pack_weight
from .weights import load_weights, random_weights, weight_shapes

_SCHEDULES = ("auto", "parallel", "chunkwise", "recurrent")


@dataclass
class RetNetState:
    """Per-layer retention states [B, H, Dk, Dv] and the position of the next token."""

    states: list
    position: int
    batch: int = field(init=False)

    def __post_init__(self):
        self.batch = self.states[0].shape[0] if self.states else 0

    def nbytes(self):
        return sum(s.nbytes for s in self.states)


class RetNetModel:
    """A RetNet decoder compiled with retnet-compile.

    Entry points are compiled lazily and cached on disk. With
    ``static_shapes=False`` (the default) one ``prefill`` artifact serves
    every batch size and prompt length and one ``decode`` artifact every
    batch size: a new length costs no compile. ``static_shapes=True``
    compiles ``prefill`` per (B, T) and ``decode`` per B (the cost model then
    picks each op's schedule for the exact T).
    """

    def __init__(self, config, weights, schedule="auto", chunk_size=None, progress=None,
                 static_shapes=False):
        config = RetNetConfig.from_any(config)
        if not isinstance(weights, dict):
            raise RetNetTypeError(f"RetNetModel: weights must be the dict load_weights returns (or use "
                                  f"RetNetModel.from_config), got {type(weights).__name__}")
        shapes = weight_shapes(config)
        missing = [k for k in shapes if k not in weights]
        if missing:
            raise RetNetValueError(f"RetNetModel: weights lack {', '.join(missing[:5])}"
                                   f"{' ...' if len(missing) > 5 else ''} (load them with load_weights or "
                                   f"RetNetModel.from_config)")
        for k, shape in shapes.items():
            if getattr(weights[k], "shape", None) != tuple(shape):
                raise RetNetValueError(f"RetNetModel: weight '{k}' has shape "
                                       f"{getattr(weights[k], 'shape', None)}, expected {tuple(shape)}")
        self.config = config
        # The entry points take projection weights data-tiled (graph_weights),
        # packed once here.
        self.weights = weights
        self._weight_list = [pack_weight(weights[k], layout)
                             for k, (_, layout) in graph_weights(config).items()]
        if schedule not in _SCHEDULES:
            raise RetNetValueError(f"schedule must be one of {_SCHEDULES}, got {schedule!r}")
        self.schedule = schedule
        self.chunk_size = checks.chunk_size("RetNetModel", chunk_size)
        if self.chunk_size is not None and schedule not in ("auto", "chunkwise"):
            raise RetNetValueError("RetNetModel: chunk_size only applies to the chunkwise schedule")
        self.progress = progress
        if not isinstance(static_shapes, bool):
            raise RetNetError(f"static_shapes must be a bool, got {static_shapes!r}")
        self.static_shapes = static_shapes
        self._modules = {}
        self.compile_seconds = {}

    @classmethod
    def from_config(cls, config, weights=None, seed=0, **kw):
        """`config`: a RetNetConfig, a torchscale RetNetConfig object, or a
        dict of torchscale config keys (e.g. ``vars(torchscale_config)``);
        `weights`: a torchscale state dict (a dict of numpy arrays or torch
        tensors, or the module), an .npz or .safetensors path, or None for
        random ones. The model is torchscale's RetNetDecoder in eval()
        (docs/torchscale.md)."""
        config = RetNetConfig.from_any(config)
        if weights is None:
            if not checks.is_int(seed):
                raise RetNetTypeError(f"from_config: seed must be an int, got {seed!r}")
            weights = random_weights(config, seed)
        weights = load_weights(weights, config)
        return cls(config, weights, **kw)

    # Compilation --------------------------------------------------------
    def mlir(self, kind, B, T):
        """The MLIR text of one entry point (kind: "prefill" or "decode")."""
        return build_function(self.config, kind, B, T)[0]

    def _shape_key(self, kind, B, T):
        """(B, T) of the artifact that serves a call with these extents:
        None where one artifact serves every value."""
        if self.static_shapes:
            return B, T
        return None, (None if kind == "prefill" else 1)

    def _module(self, kind, B, T):
        if kind not in ("prefill", "decode"):
            raise RetNetValueError(f"kind must be 'prefill' or 'decode', got {kind!r}")
        B, T = self._shape_key(kind, B, T)
        key = (kind, B, T)
        if key not in self._modules:
            text, sig = build_function(self.config, kind, B, T)
            options = ["--print-schedules"]
            if kind == "prefill":
                options.append(f"--schedule={self.schedule}")
                if self.chunk_size:
                    options.append(f"--chunk-size={int(self.chunk_size)}")
            if self.progress:
                shape = f"B={'any' if B is None else B}, T={'any' if T is None else T}"
                self.progress(f"compiling {kind} ({shape}, {self.config.decoder_layers} layers)...")
            t0 = time.perf_counter()
            self._modules[key] = compile_module(text, {kind: sig}, options)
            self.compile_seconds[key] = time.perf_counter() - t0
            if self.progress:
                self.progress(f"compiled {kind} in {self.compile_seconds[key]:.2f} s")
        return self._modules[key]

    def compile_count(self):
        """How many entry points this model has compiled (or loaded from the
        disk cache) so far."""
        return len(self._modules)

    def schedules(self, kind, B, T):
        """The schedule chosen for each retention op of the entry point that
        serves a call with extents (B, T)."""
        log = self._module(kind, B, T).log
        return re.findall(r"#retention\.schedule<[^>]*>", log)

    # Running ------------------------------------------------------------
    def _check_tokens(self, tokens, what):
        if not isinstance(tokens, np.ndarray):
            raise RetNetTypeError(f"{what}: tokens must be a numpy array, got {type(tokens).__name__}")
        if tokens.ndim != 2:
            raise RetNetValueError(f"{what}: tokens must have shape [B, T], got {tokens.shape}")
        if not np.issubdtype(tokens.dtype, np.integer):
            raise RetNetTypeError(f"{what}: tokens must be integers, got {tokens.dtype}")
        if tokens.size == 0:
            raise RetNetValueError(f"{what}: tokens must be non-empty, got shape {tokens.shape}")
        lo, hi = int(tokens.min()), int(tokens.max())
        if lo < 0 or hi >= self.config.vocab_size:
            raise RetNetValueError(f"{what}: token ids must be in [0, {self.config.vocab_size}), got {lo}..{hi}")
        return np.ascontiguousarray(tokens, dtype=np.int64)

    def prefill(self, tokens):
        """logits [B, T, vocab] (features [B, T, E] with no_output_layer) and
        the state after the T tokens (torchscale's normalized recurrent states)."""
        tokens = self._check_tokens(tokens, "prefill")
        B, T = tokens.shape
        res = self._module("prefill", B, T)["prefill"](tokens, *self._weight_list)
        return res[0], RetNetState(list(res[1:]), T)

    def forward(self, tokens):
        """Full logits [B, T, vocab]."""
        return self.prefill(tokens)[0]

    def decode(self, token, state):
        """One step: token [B, 1] -> (logits [B, vocab], next state)."""
        token = self._check_tokens(token, "decode")
        if not isinstance(state, RetNetState):
            raise RetNetTypeError("decode: state must be the RetNetState returned by prefill or decode")
        B, T = token.shape
        if T != 1:
            raise RetNetValueError(f"decode: token must have shape [B, 1], got {token.shape}")
        if state.batch != B or len(state.states) != self.config.decoder_layers:
            raise RetNetValueError(f"decode: state is for batch {state.batch} and {len(state.states)} layers, "
                             f"token batch is {B} and the model has {self.config.decoder_layers} layers")
        pos = np.array([state.position], dtype=np.int64)
        res = self._module("decode", B, 1)["decode"](token, pos, *state.states, *self._weight_list)
        return res[0][:, 0, :], RetNetState(list(res[1:]), state.position + 1)

    def generate(self, prompt, max_new_tokens):
        """Greedy decoding: returns [B, T + max_new_tokens] token ids."""
        if self.config.no_output_layer:
            raise RetNetError("generate: the config has no_output_layer=True (the model returns "
                              "features, not logits)")
        if not checks.is_int(max_new_tokens) or max_new_tokens < 0:
            raise RetNetValueError(f"generate: max_new_tokens must be an integer >= 0, got {max_new_tokens!r}")
        prompt = self._check_tokens(prompt, "generate")
        logits, state = self.prefill(prompt)
        out = [prompt]
        nxt = logits[:, -1, :].argmax(axis=-1)[:, None].astype(np.int64)
        for i in range(max_new_tokens):
            out.append(nxt)
            if i == max_new_tokens - 1:
                break
            logits, state = self.decode(nxt, state)
            nxt = logits.argmax(axis=-1)[:, None].astype(np.int64)
        return np.concatenate(out, axis=1)
