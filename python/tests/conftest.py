import os
import sys
import tempfile

import numpy as np
import pytest

# Compiled artifacts of the test run go to a private cache unless told otherwise.
if "RETNET_MLIR_CACHE" not in os.environ:
    os.environ["RETNET_MLIR_CACHE"] = os.path.join(tempfile.gettempdir(), "retnet_mlir_test_cache")


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


# ABI manifests (retnet-compile's <output>.abi.json) -------------------------
import functools
import json
import shutil
import subprocess
import textwrap
from pathlib import Path


@functools.lru_cache(maxsize=None)
def _probe_tool():
    """(writes an ABI manifest, exports retnet_last_error) for the
    retnet-compile the tests use."""
    import ctypes
    import retnet_mlir as rm

    tool = rm.find_tool("retnet-compile")
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "m.mlir"
        src.write_text("func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                       "  return %a : tensor<2xf32>\n}\n")
        out = Path(d) / "m.so"
        subprocess.run([tool, str(src), "-o", str(out)], check=True, capture_output=True)
        abi = (Path(d) / "m.so.abi.json").exists()
        errors = hasattr(ctypes.CDLL(str(out)), "retnet_last_error")
    return abi, errors


def tool_writes_abi():
    return _probe_tool()[0]


def tool_checks_extents():
    return _probe_tool()[1]


needs_abi = pytest.mark.skipif(
    "not __import__('conftest').tool_writes_abi()",
    reason="build/bin/retnet-compile does not write <output>.abi.json yet (issue 13, C++ half)")
needs_extent_checks = pytest.mark.skipif(
    "not __import__('conftest').tool_checks_extents()",
    reason="artifacts do not export retnet_last_error yet (issue 13, C++ half: run-time extent checks)")


@pytest.fixture
def abi_tool(tmp_path, monkeypatch):
    """A retnet-compile (the real one, wrapped) that writes the ABI manifest
    the test hands it (a dict) next to each artifact, in a fresh cache:
    `abi_tool(manifest)` sets the manifest for the following compiles."""
    import retnet_mlir as rm

    real = rm.find_tool("retnet-compile")
    bindir = tmp_path / "abi_tool"
    bindir.mkdir()
    script = bindir / "retnet-compile"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import os, shutil, subprocess, sys
        rc = subprocess.call([{real!r}] + sys.argv[1:])
        abi = os.environ.get("RETNET_TEST_ABI")
        if rc == 0 and abi:
            shutil.copyfile(abi, sys.argv[sys.argv.index("-o") + 1] + ".abi.json")
        sys.exit(rc)
        """))
    script.chmod(0o755)
    monkeypatch.setenv("RETNET_MLIR_TOOLS", str(bindir))
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path / "cache"))

    def set_abi(manifest):
        path = tmp_path / f"abi{len(list(tmp_path.glob('abi*.json')))}.json"
        path.write_text(json.dumps(manifest))
        monkeypatch.setenv("RETNET_TEST_ABI", str(path))

    return set_abi


def abi_manifest(*functions, target="cpu"):
    """A retnet-abi v1 manifest; each function (name, inputs, outputs[, aliases])
    with tensors as (shape, dtype) (-1: dynamic)."""
    fns = []
    for f in functions:
        name, ins, outs = f[:3]
        fns.append({"name": name, "symbol": f"_mlir_ciface_{name}",
                    "inputs": [{"shape": list(s), "dtype": d} for s, d in ins],
                    "outputs": [{"shape": list(s), "dtype": d} for s, d in outs],
                    "aliases": [{"output": o, "input": i} for o, i in (f[3] if len(f) > 3 else [])]})
    return {"format": "retnet-abi", "version": 1, "target": target, "mcpu": "host", "functions": fns}
