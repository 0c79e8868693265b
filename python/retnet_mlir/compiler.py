"""Compiling MLIR modules with retnet-compile, cached on disk.

The cache key is the module text, the compile options and the identity of
the retnet-compile binary (path, size, modification time), so rebuilding the
compiler invalidates old artifacts. The cache lives in ``RETNET_MLIR_CACHE``
or ``~/.cache/retnet_mlir``.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import CompileError, RetNetError
from .runtime import Library
from .tools import find_tool

_LOADED = {}

_DTYPES = {"f32": np.float32, "f16": np.float16, "f64": np.float64, "i64": np.int64, "i32": np.int32}


@dataclass(frozen=True)
class TensorSpec:
    """Shape and element type of one function argument or result.

    ``dims`` holds ints for static extents and names (``"B"``, ``"T"``) for
    extents bound from the inputs at call time.
    """

    dims: tuple
    dtype: str = "f32"

    def mlir_type(self):
        dims = "x".join("?" if isinstance(d, str) else str(d) for d in self.dims)
        return f"tensor<{dims}x{self.dtype}>" if self.dims else f"tensor<{self.dtype}>"

    @property
    def np_dtype(self):
        return _DTYPES[self.dtype]


def cache_dir():
    d = os.environ.get("RETNET_MLIR_CACHE")
    path = Path(d) if d else Path.home() / ".cache" / "retnet_mlir"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tool_identity(tool):
    st = os.stat(tool)
    return f"{tool}:{st.st_size}:{st.st_mtime_ns}"


def compile_to_file(mlir_text, options=()):
    """Compiles `mlir_text` to a shared library; returns (path, stderr)."""
    tool = find_tool("retnet-compile")
    options = [str(o) for o in options]
    key = hashlib.sha256(
        "\0".join([mlir_text, " ".join(options), _tool_identity(tool)]).encode()
    ).hexdigest()[:32]
    out = cache_dir() / f"{key}.so"
    log = cache_dir() / f"{key}.log"
    if out.exists():
        return out, log.read_text() if log.exists() else ""
    with tempfile.TemporaryDirectory(prefix="retnet_") as tmp:
        src = Path(tmp) / "module.mlir"
        src.write_text(mlir_text)
        tmp_out = Path(tmp) / "module.so"
        proc = subprocess.run(
            [tool, str(src), "-o", str(tmp_out), *options],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise CompileError(
                f"retnet-compile failed (exit {proc.returncode}):\n{proc.stderr.strip()}"
            )
        # Atomic publish: concurrent compiles of the same key are harmless.
        final_tmp = cache_dir() / f".{key}.{os.getpid()}.so"
        shutil.copyfile(tmp_out, final_tmp)
        os.replace(final_tmp, out)
        log.write_text(proc.stderr)
        return out, proc.stderr


class CompiledFunction:
    """One entry point of a compiled module, callable on numpy arrays."""

    def __init__(self, library, name, inputs, outputs):
        self.library = library
        self.name = name
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        library.entry(name)  # fail early if missing

    def __call__(self, *arrays):
        if len(arrays) != len(self.inputs):
            raise RetNetError(
                f"{self.name} takes {len(self.inputs)} arrays, got {len(arrays)}"
            )
        bound = {}
        checked = []
        for i, (a, spec) in enumerate(zip(arrays, self.inputs)):
            checked.append(_check_array(a, spec, bound, f"{self.name} argument {i}"))
        outs = []
        for spec in self.outputs:
            shape = tuple(bound[d] if isinstance(d, str) else d for d in spec.dims)
            outs.append(np.empty(shape, dtype=spec.np_dtype))
        self.library.call(self.name, checked, outs)
        return outs[0] if len(outs) == 1 else tuple(outs)


def _check_array(a, spec, bound, what):
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{what}: expected a numpy array, got {type(a).__name__}")
    if a.dtype != spec.np_dtype:
        raise TypeError(f"{what}: expected dtype {np.dtype(spec.np_dtype).name}, got {a.dtype.name}")
    if a.ndim != len(spec.dims):
        raise ValueError(f"{what}: expected rank {len(spec.dims)} {spec.dims}, got shape {a.shape}")
    if not a.flags["C_CONTIGUOUS"]:
        raise ValueError(f"{what}: array must be C-contiguous (use np.ascontiguousarray)")
    for axis, (d, n) in enumerate(zip(spec.dims, a.shape)):
        if isinstance(d, str):
            if d in bound and bound[d] != n:
                raise ValueError(
                    f"{what}: dimension {axis} ({d}) is {n}, but {d} = {bound[d]} from an earlier argument"
                )
            if n == 0:
                raise ValueError(f"{what}: dimension {axis} ({d}) must be non-zero")
            bound[d] = n
        elif d != n:
            raise ValueError(f"{what}: dimension {axis} must be {d}, got {n} (shape {a.shape})")
    return a


class CompiledModule:
    """A compiled artifact and its functions."""

    def __init__(self, path, functions, log=""):
        self.path = Path(path)
        self.log = log
        self.library = Library(path)
        self.functions = {
            name: CompiledFunction(self.library, name, ins, outs)
            for name, (ins, outs) in functions.items()
        }

    def __getitem__(self, name):
        return self.functions[name]

    def __getattr__(self, name):
        functions = self.__dict__.get("functions", {})
        if name in functions:
            return functions[name]
        raise AttributeError(name)


def compile_module(mlir_text, functions, options=()):
    """Compiles `mlir_text` (cached) and returns a :class:`CompiledModule`.

    `functions` maps each public function name to ``(input_specs,
    output_specs)``. `options` are extra retnet-compile flags.
    """
    path, log = compile_to_file(mlir_text, options)
    key = str(path)
    if key not in _LOADED:
        _LOADED[key] = CompiledModule(path, functions, log)
    return _LOADED[key]
