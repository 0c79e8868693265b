"""The ABI manifest retnet-compile writes next to each artifact.

``retnet-compile m.mlir -o m.so`` also writes ``m.so.abi.json``::

    {"format": "retnet-abi", "version": 1, "target": "cpu" | "cuda", "mcpu": "...",
     "functions": [{"name": "prefill", "symbol": "_mlir_ciface_prefill",
                    "inputs": [{"shape": [-1, -1], "dtype": "i64"}, ...],
                    "outputs": [{"shape": [...], "dtype": "f32"}, ...],
                    "aliases": [{"output": 1, "input": 4}]}]}

(-1: an extent known at run time.) It is the compiler's own account of
each entry point, so the TensorSpecs a caller gives are checked against it
rather than against the MLIR text (where a comment could hold anything).
The cache keeps it in the entry's manifest, covered by its verification.
"""

import json

from .errors import CompileError, RetNetError, RetNetKeyError

FORMAT = "retnet-abi"
VERSION = 1


def _malformed(where, why):
    return CompileError(f"retnet-compile wrote a malformed ABI manifest {where}: {why}")


def _check_tensor(t, where, what):
    if not isinstance(t, dict) or not isinstance(t.get("shape"), list) or not isinstance(t.get("dtype"), str):
        raise _malformed(where, f"{what} is not {{'shape': [...], 'dtype': '...'}}: {t!r}")
    for d in t["shape"]:
        if isinstance(d, bool) or not isinstance(d, int) or d < -1:
            raise _malformed(where, f"{what} has extent {d!r} (an int >= 0, or -1 for a dynamic one)")


def validate(abi, where="(in memory)"):
    """Checks the structure of a parsed manifest; returns it."""
    if not isinstance(abi, dict) or abi.get("format") != FORMAT:
        raise _malformed(where, f"not a {FORMAT!r} manifest")
    if abi.get("version") != VERSION:
        raise CompileError(f"ABI manifest {where} has version {abi.get('version')!r}; this package "
                           f"reads version {VERSION} (update the package or the compiler)")
    if abi.get("target") not in ("cpu", "cuda"):
        raise _malformed(where, f"target {abi.get('target')!r}")
    functions = abi.get("functions")
    if not isinstance(functions, list):
        raise _malformed(where, "no 'functions' list")
    for f in functions:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("symbol"), str):
            raise _malformed(where, f"a function without a name and symbol: {f!r}")
        for part in ("inputs", "outputs"):
            if not isinstance(f.get(part), list):
                raise _malformed(where, f"function {f['name']} has no {part} list")
            for i, t in enumerate(f[part]):
                _check_tensor(t, where, f"{f['name']} {part[:-1]} {i}")
        for a in f.get("aliases", []):
            if not (isinstance(a, dict) and isinstance(a.get("output"), int) and isinstance(a.get("input"), int)
                    and 0 <= a["output"] < len(f["outputs"]) and 0 <= a["input"] < len(f["inputs"])):
                raise _malformed(where, f"function {f['name']} has alias {a!r}")
    return abi


def read(path):
    """The parsed, validated manifest at `path`."""
    try:
        with open(path, encoding="utf-8") as fh:
            abi = json.load(fh)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise _malformed(path, e) from None
    return validate(abi, path)


def _type(t):
    dims = "x".join("?" if d == -1 else str(d) for d in t["shape"])
    return f"tensor<{dims}x{t['dtype']}>" if t["shape"] else f"tensor<{t['dtype']}>"


def function(abi, name):
    """The manifest's entry of function `name`."""
    for f in abi["functions"]:
        if f["name"] == name:
            return f
    have = ", ".join(f["name"] for f in abi["functions"]) or "none"
    raise RetNetKeyError(f"the module has no public function '{name}' (it has: {have})")


def check_specs(abi, functions, target=None):
    """The TensorSpecs a caller gives must describe each function as
    compiled: a wrong extent or dtype would make the compiled code read or
    write outside the arrays it is given.

    Per tensor: the same rank and dtype, a static extent where the manifest
    has one (equal), a name where it has -1. An output that may alias an
    input (the manifest's ``aliases``: a state updated in place) must have
    that input's spec.
    """
    if target is not None and abi["target"] != target:
        raise RetNetError(f"the artifact is for target {abi['target']!r}, not {target!r}")
    for name, (ins, outs) in functions.items():
        f = function(abi, name)
        for what, specs, decl in (("input", ins, f["inputs"]), ("output", outs, f["outputs"])):
            if len(specs) != len(decl):
                raise RetNetError(f"{name}: the module declares {len(decl)} {what}s, "
                                  f"the specs give {len(specs)}")
            for i, (spec, t) in enumerate(zip(specs, decl)):
                ok = spec.dtype == t["dtype"] and len(spec.dims) == len(t["shape"]) and all(
                    isinstance(s, str) if d == -1 else s == d for s, d in zip(spec.dims, t["shape"]))
                if not ok:
                    raise RetNetError(
                        f"{name}: {what} {i} is {_type(t)} in the module, but its TensorSpec is "
                        f"{spec.mlir_type()} (static extents must match; names are for dynamic ones)")
        for a in f.get("aliases", []):
            o, i = outs[a["output"]], ins[a["input"]]
            if o != i:
                raise RetNetError(f"{name}: output {a['output']} may be input {a['input']} itself "
                                  f"(updated in place), so their specs must be equal: got "
                                  f"{o.dims} {o.dtype} and {i.dims} {i.dtype}")
