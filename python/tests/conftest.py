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
import json
import shutil
import subprocess
import textwrap
from pathlib import Path


@pytest.fixture
def abi_tool(tmp_path, monkeypatch):
    """A retnet-compile (the real one, wrapped) that writes the ABI manifest
    the test hands it (a dict) next to each artifact instead of its own, in
    a fresh cache: `abi_tool(manifest)` sets the manifest for the following
    compiles (None: no manifest at all)."""
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
        out = sys.argv[sys.argv.index("-o") + 1] + ".abi.json"
        if rc == 0 and abi == "none":
            os.remove(out)
        elif rc == 0 and abi:
            shutil.copyfile(abi, out)
        sys.exit(rc)
        """))
    script.chmod(0o755)
    monkeypatch.setenv("RETNET_MLIR_TOOLS", str(bindir))
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path / "cache"))

    def set_abi(manifest):
        """`manifest`: a dict to write, or None to write none."""
        if manifest is None:
            monkeypatch.setenv("RETNET_TEST_ABI", "none")
            return
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
