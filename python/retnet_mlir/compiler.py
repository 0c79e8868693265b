"""Compiling MLIR modules with retnet-compile, cached on disk and in memory.

Artifacts live in the on-disk cache of :mod:`retnet_mlir.cache` (keyed by
the module text, the options, the identity of retnet-compile and of the CPU;
each entry verified by hash before it is loaded). Each artifact's signature
comes from the ABI manifest retnet-compile writes next to it (see
:mod:`retnet_mlir.abi`), and the caller's TensorSpecs are checked against it.

In memory, at most ``RETNET_MLIR_MAX_LOADED`` (default 64) recently used
modules are kept; an evicted module's library is unloaded once nothing
refers to it any more.
"""

import ctypes
import os
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import abi as _abi
from . import cache as _cache
from .errors import (CompileError, RetNetError, RetNetKeyError, RetNetTypeError, RetNetValueError,
                     ToolNotFoundError)
from .runtime import Descriptors, Library
from .tools import find_tool

DEFAULT_MAX_LOADED = 64
_MAX_PLANS = 256  # call plans kept per function (one per set of input shapes)
_TOUCH_SECONDS = 600  # in-memory hits refresh the disk entry's LRU time this often

_LOCK = threading.RLock()
_MODULES = OrderedDict()  # (cache dir, key, specs) -> CompiledModule, least recently used first
_LIBRARIES = weakref.WeakValueDictionary()  # (cache dir, key) -> Library

_DTYPES = {"f32": np.float32, "f16": np.float16, "f64": np.float64, "i64": np.int64, "i32": np.int32}


@dataclass(frozen=True)
class TensorSpec:
    """Shape and element type of one function argument or result.

    ``dims`` holds ints for static extents and names (``"B"``, ``"T"``) for
    extents bound from the inputs at call time.
    """

    dims: tuple
    dtype: str = "f32"

    def __post_init__(self):
        try:
            dims = tuple(self.dims)
        except TypeError:
            raise RetNetTypeError(f"TensorSpec dims must be a tuple of ints and names, got {self.dims!r}") from None
        for d in dims:
            ok = (isinstance(d, str) and d != "") or (
                isinstance(d, (int, np.integer)) and not isinstance(d, (bool, np.bool_)) and d >= 0)
            if not ok:
                raise RetNetValueError(f"TensorSpec dims must be ints >= 0 (static extents) or non-empty "
                                       f"names (dynamic ones), got {d!r} in {self.dims!r}")
        object.__setattr__(self, "dims", tuple(d if isinstance(d, str) else int(d) for d in dims))
        if not isinstance(self.dtype, str):
            raise RetNetTypeError(f"TensorSpec dtype must be a string such as 'f32', got {self.dtype!r}")

    def mlir_type(self):
        dims = "x".join("?" if isinstance(d, str) else str(d) for d in self.dims)
        return f"tensor<{dims}x{self.dtype}>" if self.dims else f"tensor<{self.dtype}>"

    @property
    def np_dtype(self):
        try:
            return _DTYPES[self.dtype]
        except KeyError:
            raise RetNetTypeError(f"TensorSpec dtype {self.dtype!r} has no numpy counterpart "
                                  f"(supported: {', '.join(_DTYPES)})") from None


def cache_dir():
    """The artifact cache directory in use (see :mod:`retnet_mlir.cache`)."""
    return _cache.cache_dir()


def max_loaded():
    """How many compiled modules the process keeps (``RETNET_MLIR_MAX_LOADED``)."""
    return _cache.int_env("RETNET_MLIR_MAX_LOADED", DEFAULT_MAX_LOADED, 1, "an integer >= 1")


def _target(options):
    target = "cpu"
    for o in options:
        if o.startswith("--target="):
            target = o.split("=", 1)[1]
    return target


def _options(options):
    if isinstance(options, (str, bytes)):
        raise RetNetTypeError(f"options must be a list of retnet-compile flags, got the string {options!r}")
    try:
        return tuple(str(o) for o in options)
    except TypeError:
        raise RetNetTypeError(f"options must be a list of retnet-compile flags, got {options!r}") from None


def _key_inputs(mlir_text, options):
    if not isinstance(mlir_text, str):
        raise RetNetTypeError(f"the module must be MLIR text (a str), got {type(mlir_text).__name__}")
    tool = find_tool("retnet-compile")
    try:
        return tool, _cache.key_inputs(mlir_text, options, tool)
    except OSError as e:
        raise ToolNotFoundError(f"cannot use {tool}: {e.strerror or e}") from None


def _build(tool, mlir_text, options):
    """Runs retnet-compile in a private temporary directory: (so bytes, log, ABI manifest)."""
    with tempfile.TemporaryDirectory(prefix="retnet_") as tmp:
        src = Path(tmp) / "module.mlir"
        src.write_text(mlir_text)
        out = Path(tmp) / "module.so"
        try:
            proc = subprocess.run([tool, str(src), "-o", str(out), *options],
                                  capture_output=True, text=True, errors="replace")
        except OSError as e:
            raise ToolNotFoundError(f"cannot run {tool}: {e.strerror or e}") from None
        if proc.returncode != 0:
            raise CompileError(
                f"retnet-compile failed (exit {proc.returncode}):\n{proc.stderr.strip()}"
            )
        try:
            data = out.read_bytes()
        except OSError as e:
            raise CompileError(f"retnet-compile exited 0 but wrote no artifact: {e}") from None
        abi_path = Path(str(out) + ".abi.json")
        if not abi_path.exists():
            raise CompileError(f"{tool} wrote no ABI manifest ({abi_path.name}) next to the artifact: it "
                               f"predates the package (rebuild it: ninja -C build)")
        return data, proc.stderr, _abi.read(abi_path)


def compile_to_file(mlir_text, options=()):
    """Compiles `mlir_text` to a shared library in the cache; returns
    (path, log). The file is only as trustworthy as the cache directory
    (docs/security.md); :func:`compile_module` loads it verified."""
    options = _options(options)
    tool, inputs = _key_inputs(mlir_text, options)

    def open_artifact(fd, path, manifest):
        os.close(fd)
        return Path(path), manifest["log"]

    return _cache.load(inputs, lambda: _build(tool, mlir_text, options), open_artifact)[2]


def clear_cache():
    """Removes every artifact from the cache directory in use and forgets
    the modules this process keeps (a library still referred to stays
    loaded until it is not). Returns how many entries were removed."""
    with _LOCK:
        _MODULES.clear()
        return _cache.clear(_cache.cache_dir())


class CompiledFunction:
    """One entry point of a compiled module, callable on numpy arrays.

    The first call with a given set of input shapes checks every array
    (types, ranks, extents, contiguity) and records a call plan: the output
    shapes and the memref descriptors laid out in one int64 buffer, of which
    only the data pointers change from call to call. Later calls with the
    same shapes check dtypes and contiguity, fill in the pointers and call:
    a few microseconds of Python around the compiled code.
    """

    def __init__(self, library, name, inputs, outputs, symbol=None):
        self.library = library
        self.name = name
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._fn = library.entry(name, symbol)  # fail early if missing
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
        outs = [_output(pool, shape, dt)
                for pool, shape, dt in zip(plan.out_pools, plan.out_shapes, self._out_dtypes)]
        buf, addresses = plan.descriptors.fill(list(arrays) + outs)
        self.library.invoke(self.name, self._fn, addresses)
        del buf  # the descriptors lived until after the call
        return outs[0] if len(outs) == 1 else tuple(outs)

    def _plan(self, arrays):
        """Full checks of `arrays`, and the call plan for their shapes."""
        if len(arrays) != len(self.inputs):
            raise RetNetTypeError(
                f"{self.name} takes {len(self.inputs)} arrays, got {len(arrays)}"
            )
        bound = {}
        for i, (a, spec) in enumerate(zip(arrays, self.inputs)):
            _check_array(a, spec, bound, f"{self.name} argument {i}")
        out_shapes = [tuple(bound[d] if isinstance(d, str) else d for d in spec.dims)
                      for spec in self.outputs]
        plan = _CallPlan(out_shapes, Descriptors([a.shape for a in arrays] + out_shapes),
                         [[] for _ in out_shapes])
        if len(self._plans) >= _MAX_PLANS:
            self._plans.pop(next(iter(self._plans)))
        self._plans[tuple(a.shape for a in arrays)] = plan
        return plan


@dataclass(frozen=True)
class _CallPlan:
    out_shapes: list
    descriptors: Descriptors
    # Per output, the arrays this plan returned last: reused when nothing
    # else refers to them any more (_output).
    out_pools: list


#: References to a pooled array that mean nobody else holds it: the local
#: variable in _output and sys.getrefcount's argument.
_UNREFERENCED = 2


def _output(pool, shape, dtype):
    """An output array: the one the previous call returned when the caller
    has dropped it (no reference left anywhere, views included, so nothing
    can see it overwritten), else a fresh one; either way pooled for the
    next call. A large fresh array costs a mapping and its pages zeroed by
    the kernel on first touch (a base-size prefill's 65 MB logits: ~9% of
    the call). `pool.pop()` is atomic under the GIL: two threads never get
    the same array."""
    try:
        a = pool.pop()
    except IndexError:
        a = None
    if a is None or sys.getrefcount(a) != _UNREFERENCED:
        a = np.empty(shape, dtype=dtype)
    if len(pool) < 2:
        pool.append(a)
    return a


def _check_array(a, spec, bound, what):
    if not isinstance(a, np.ndarray):
        raise RetNetTypeError(f"{what}: expected a numpy array, got {type(a).__name__}")
    if a.dtype != spec.np_dtype:
        raise RetNetTypeError(f"{what}: expected dtype {np.dtype(spec.np_dtype).name}, got {a.dtype.name}")
    if a.ndim != len(spec.dims):
        raise RetNetValueError(f"{what}: expected rank {len(spec.dims)} {spec.dims}, got shape {a.shape}")
    if not a.flags["C_CONTIGUOUS"]:
        raise RetNetValueError(f"{what}: array must be C-contiguous (use np.ascontiguousarray)")
    for axis, (d, n) in enumerate(zip(spec.dims, a.shape)):
        if isinstance(d, str):
            if d in bound and bound[d] != n:
                raise RetNetValueError(
                    f"{what}: dimension {axis} ({d}) is {n}, but {d} = {bound[d]} from an earlier argument"
                )
            if n == 0:
                raise RetNetValueError(f"{what}: dimension {axis} ({d}) must be non-zero")
            bound[d] = n
        elif d != n:
            raise RetNetValueError(f"{what}: dimension {axis} must be {d}, got {n} (shape {a.shape})")
    return a


class CompiledModule:
    """A compiled artifact and its functions.

    `library` is a loaded :class:`~retnet_mlir.runtime.Library` (what
    :func:`compile_module` passes) or the path of a shared library of your
    own, loaded as it is (unverified: only for files you trust).
    """

    def __init__(self, library, functions, log=None):
        if not isinstance(library, Library):
            library = Library(library)
        self.library = library
        self.path = Path(library.path)
        self.log = library.log if log is None else log
        self.abi = library.abi
        if self.abi is not None and not library.checks_errors:
            # A retnet-compile that writes ABI manifests also links the error
            # slot: without it the extent checks' verdict would go unread.
            raise RetNetError(f"{library.path} has an ABI manifest but exports no retnet_last_error "
                              f"(a mismatched build: rebuild the project, then rm.clear_cache())")
        self._touched = time.monotonic()
        self.functions = {}
        for name, (ins, outs) in functions.items():
            symbol = _abi.function(self.abi, name)["symbol"] if self.abi is not None else None
            self.functions[name] = CompiledFunction(library, name, ins, outs, symbol)

    def release_workspace(self):
        """Frees the workspace this thread keeps for the module's functions
        (see :meth:`Library.release_workspace`)."""
        return self.library.release_workspace()

    def __getitem__(self, name):
        try:
            return self.functions[name]
        except KeyError:
            raise RetNetKeyError(f"the module has no function '{name}' among its specs "
                                 f"({', '.join(self.functions)})") from None

    def __getattr__(self, name):
        functions = self.__dict__.get("functions", {})
        if name in functions:
            return functions[name]
        raise AttributeError(name)


def _check_functions(functions):
    """`functions` as {name: (tuple of input specs, tuple of output specs)},
    the specs consistent among themselves."""
    if not isinstance(functions, dict) or not functions:
        raise RetNetTypeError(f"functions must be a non-empty dict {{name: (input specs, output specs)}}, "
                              f"got {functions!r}")
    out = {}
    for name, sig in functions.items():
        if not isinstance(name, str):
            raise RetNetTypeError(f"function names must be strings, got {name!r}")
        try:
            ins, outs = sig
            ins, outs = tuple(ins), tuple(outs)
        except (TypeError, ValueError):
            raise RetNetTypeError(f"{name}: the signature must be (input specs, output specs), got {sig!r}") from None
        for what, specs in (("input", ins), ("output", outs)):
            for i, spec in enumerate(specs):
                if not isinstance(spec, TensorSpec):
                    raise RetNetTypeError(f"{name}: {what} {i} must be a TensorSpec, got {spec!r}")
                spec.np_dtype  # a dtype numpy can hold
        bound = {d for s in ins for d in s.dims if isinstance(d, str)}
        for j, spec in enumerate(outs):
            for axis, d in enumerate(spec.dims):
                if isinstance(d, str) and d not in bound:
                    raise RetNetValueError(
                        f"{name}: output {j} names its dimension {axis} {d!r}, which no input spec "
                        f"binds (outputs are allocated from the inputs' extents)")
        out[name] = (ins, outs)
    return out


def compile_module(mlir_text, functions, options=()):
    """Compiles `mlir_text` (cached) and returns a :class:`CompiledModule`.

    `functions` maps each public function name to ``(input_specs,
    output_specs)``, checked against the ABI manifest retnet-compile writes
    for the artifact (extents, dtypes, counts). `options` are extra
    retnet-compile flags. The same text, options and specs give the same
    module object while it is among the ``RETNET_MLIR_MAX_LOADED`` most
    recently used.
    """
    functions = _check_functions(functions)
    options = _options(options)
    tool, inputs = _key_inputs(mlir_text, options)
    key = _cache.key_of(inputs)
    directory = str(_cache.cache_dir())
    spec_key = tuple(sorted(functions.items()))
    with _LOCK:
        mkey = (directory, key, spec_key)
        module = _MODULES.get(mkey)
        if module is not None:
            _MODULES.move_to_end(mkey)
            now = time.monotonic()
            if now - module._touched > _TOUCH_SECONDS:
                module._touched = now
                _cache.touch(directory, key)
            return module
        library = _LIBRARIES.get((directory, key))
        if library is None:
            where, key, library = _cache.load(inputs, lambda: _build(tool, mlir_text, options),
                                              lambda fd, path, manifest: Library(
                                                  path, fd=fd, abi=manifest["abi"], log=manifest["log"]))
            directory = str(where)
            _LIBRARIES[(directory, key)] = library
            mkey = (directory, key, spec_key)
        if library.abi is not None:
            _abi.check_specs(library.abi, functions, _target(options))
        module = CompiledModule(library, functions)
        _MODULES[mkey] = module
        limit = max_loaded()
        while len(_MODULES) > limit:
            _MODULES.popitem(last=False)
        return module
