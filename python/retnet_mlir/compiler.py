"""Compiling MLIR modules with retnet-compile, cached on disk.

The cache key is the module text, the compile options and the identity of
the retnet-compile binary (path, size, modification time), so rebuilding the
compiler invalidates old artifacts. The cache lives in ``RETNET_MLIR_CACHE``
or ``~/.cache/retnet_mlir``.
"""

import ctypes
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import CompileError, RetNetError
from .runtime import Descriptors, Library
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
    """One entry point of a compiled module, callable on numpy arrays.

    The first call with a given set of input shapes checks every array
    (types, ranks, extents, contiguity) and records a call plan: the output
    shapes and the memref descriptors laid out in one int64 buffer, of which
    only the data pointers change from call to call. Later calls with the
    same shapes check dtypes and contiguity, fill in the pointers and call:
    a few microseconds of Python around the compiled code.
    """

    def __init__(self, library, name, inputs, outputs):
        self.library = library
        self.name = name
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._fn = library.entry(name)  # fail early if missing
        # Descriptor addresses go in as plain ints: pointer-sized arguments.
        self._fn.argtypes = [ctypes.c_void_p] * (len(self.inputs) + len(self.outputs))
        self._in_dtypes = [np.dtype(s.np_dtype) for s in self.inputs]
        self._out_dtypes = [np.dtype(s.np_dtype) for s in self.outputs]
        self._plans = {}

    def __call__(self, *arrays):
        try:
            plan = self._plans.get(tuple(a.shape for a in arrays))
        except AttributeError:
            plan = None
        if plan is None or not all(
            type(a) is np.ndarray and a.dtype == dt and a.flags.c_contiguous
            for a, dt in zip(arrays, self._in_dtypes)
        ):
            plan = self._plan(arrays)
        outs = [np.empty(shape, dtype=dt) for shape, dt in zip(plan.out_shapes, self._out_dtypes)]
        buf, addresses = plan.descriptors.fill(list(arrays) + outs)
        self.library.invoke(self.name, self._fn, addresses)
        del buf  # the descriptors lived until after the call
        return outs[0] if len(outs) == 1 else tuple(outs)

    def _plan(self, arrays):
        """Full checks of `arrays`, and the call plan for their shapes."""
        if len(arrays) != len(self.inputs):
            raise RetNetError(
                f"{self.name} takes {len(self.inputs)} arrays, got {len(arrays)}"
            )
        bound = {}
        for i, (a, spec) in enumerate(zip(arrays, self.inputs)):
            _check_array(a, spec, bound, f"{self.name} argument {i}")
        out_shapes = [tuple(bound[d] if isinstance(d, str) else d for d in spec.dims)
                      for spec in self.outputs]
        plan = _CallPlan(out_shapes, Descriptors([a.shape for a in arrays] + out_shapes))
        self._plans[tuple(a.shape for a in arrays)] = plan
        return plan


@dataclass(frozen=True)
class _CallPlan:
    out_shapes: list
    descriptors: Descriptors


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


_FUNC_RE = re.compile(r"func\.func\s+(?:public\s+)?@([\w$.]+)\s*\(")
_TENSOR_RE = re.compile(r"tensor<([^<>]*)>")


def _signature(text, name):
    """(argument types, result types) of `func.func @name` as written in
    `text`, each a list of (dims, element type) with None for a dynamic
    extent; None when the function is not found or has a non-tensor type."""
    for m in _FUNC_RE.finditer(text):
        if m.group(1) != name:
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        args = text[m.end():i - 1]
        body = text.find("{", i)
        rest = text[i:body if body >= 0 else len(text)]
        rest = rest.split("attributes")[0]
        results = rest.split("->", 1)[1] if "->" in rest else ""

        def types(found):
            out = []
            for t in found:
                if "," in t:
                    return None  # an encoding: not checked
                parts = re.fullmatch(r"((?:(?:\d+|\?)x)*)(\w+)", t.strip())
                if not parts:
                    return None
                dims = [d for d in parts.group(1).split("x") if d]
                out.append(([None if d == "?" else int(d) for d in dims], parts.group(2)))
            return out

        arg_found = _TENSOR_RE.findall(args)
        if len(arg_found) != len(re.findall(r"%[\w$.-]+\s*:", args)):
            return None  # a non-tensor argument: not checked
        res_found = _TENSOR_RE.findall(results)
        if _TENSOR_RE.sub("", results).strip(" \t\n(),"):
            return None  # a non-tensor result
        arg_types, result_types = types(arg_found), types(res_found)
        if arg_types is None or result_types is None:
            return None
        return arg_types, result_types
    return None


def _check_specs(text, functions):
    """The TensorSpecs a caller gives must describe the function as compiled:
    a wrong extent or dtype would make the compiled code read or write
    outside the arrays it is given."""
    for name, (ins, outs) in functions.items():
        sig = _signature(text, name)
        if sig is None:
            continue
        for what, specs, types in (("input", ins, sig[0]), ("output", outs, sig[1])):
            if len(specs) != len(types):
                raise RetNetError(f"{name}: the module declares {len(types)} {what}s, "
                                  f"the specs give {len(specs)}")
            for i, (spec, (dims, elt)) in enumerate(zip(specs, types)):
                ok = spec.dtype == elt and len(spec.dims) == len(dims) and all(
                    d is None or s == d for s, d in zip(spec.dims, dims))
                if not ok:
                    decl = "x".join("?" if d is None else str(d) for d in dims)
                    raise RetNetError(
                        f"{name}: {what} {i} is tensor<{decl}x{elt}> in the module, but its "
                        f"TensorSpec is {spec.mlir_type()} (static extents must match; "
                        f"names are for dynamic ones)")


def compile_module(mlir_text, functions, options=()):
    """Compiles `mlir_text` (cached) and returns a :class:`CompiledModule`.

    `functions` maps each public function name to ``(input_specs,
    output_specs)``, checked against the function's type in the text.
    `options` are extra retnet-compile flags.
    """
    path, log = compile_to_file(mlir_text, options)  # the IR's own errors first
    _check_specs(mlir_text, functions)
    key = str(path)
    if key not in _LOADED:
        _LOADED[key] = CompiledModule(path, functions, log)
    return _LOADED[key]
