"""Locating the compiler tools.

Order: the ``RETNET_MLIR_TOOLS`` environment variable (a bin folder), then
``PATH``, then ``<repo>/build/bin`` next to this package's source tree.
"""

import os
import shutil
from pathlib import Path

from .errors import ToolNotFoundError

_REPO_BIN = Path(__file__).resolve().parent.parent.parent / "build" / "bin"


def tools_dir():
    """The folder the tools are taken from, or None if none has them."""
    env = os.environ.get("RETNET_MLIR_TOOLS")
    if env:
        return Path(env)
    found = shutil.which("retnet-compile")
    if found:
        return Path(found).resolve().parent
    if (_REPO_BIN / "retnet-compile").exists():
        return _REPO_BIN
    return None


def find_tool(name):
    """Absolute path of tool `name` (e.g. "retnet-compile")."""
    env = os.environ.get("RETNET_MLIR_TOOLS")
    if env:
        path = Path(env) / name
        if path.exists():
            return str(path)
        raise ToolNotFoundError(
            f"{name} not found in RETNET_MLIR_TOOLS={env!r}; build the project "
            "(ninja -C build) or point RETNET_MLIR_TOOLS at its bin folder"
        )
    found = shutil.which(name)
    if found:
        return found
    path = _REPO_BIN / name
    if path.exists():
        return str(path)
    raise ToolNotFoundError(
        f"{name} not found: set RETNET_MLIR_TOOLS to the folder holding it, put "
        f"it on PATH, or build it into {_REPO_BIN}"
    )
