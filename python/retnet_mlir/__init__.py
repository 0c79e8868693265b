"""Python entry point of the retention MLIR compiler.

* :func:`retention` compiles (cached on disk) and runs one retention op on
  numpy arrays.
* :mod:`retnet_mlir.reference` holds float64 numpy references of the
  parallel, chunkwise and recurrent forms.
* :mod:`retnet_mlir.compiler` and :mod:`retnet_mlir.runtime` compile any
  ``.mlir`` module with ``retnet-compile`` and call its functions;
  :mod:`retnet_mlir.cache` keeps the artifacts (verified before loading,
  bounded; :func:`clear_cache` empties it; docs/security.md).
"""

from .errors import (RetNetError, RetNetValueError, RetNetTypeError, RetNetKeyError, CompileError,
                     ToolNotFoundError, CacheError)
from .tools import find_tool, tools_dir
from .cache import CacheWarning
from .compiler import compile_module, CompiledModule, TensorSpec, clear_cache
from .api import retention, retention_mlir
from . import reference
from .config import RetNetConfig, reference_config
from .weights import load_weights, random_weights, weight_shapes
from .model import RetNetModel, RetNetState
from . import model_reference
from .runtime import keep_freed_memory

__all__ = [
    "RetNetError",
    "RetNetValueError",
    "RetNetTypeError",
    "RetNetKeyError",
    "CompileError",
    "ToolNotFoundError",
    "CacheError",
    "CacheWarning",
    "clear_cache",
    "find_tool",
    "tools_dir",
    "compile_module",
    "CompiledModule",
    "TensorSpec",
    "retention",
    "retention_mlir",
    "reference",
    "RetNetConfig",
    "reference_config",
    "load_weights",
    "random_weights",
    "weight_shapes",
    "RetNetModel",
    "RetNetState",
    "model_reference",
    "keep_freed_memory",
]
