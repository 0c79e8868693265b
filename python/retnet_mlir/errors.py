"""Exceptions raised by the package."""


class RetNetError(Exception):
    """Base class of the package's errors."""


class ToolNotFoundError(RetNetError):
    """retnet-compile (or another tool) could not be found."""


class CompileError(RetNetError):
    """retnet-compile rejected a module; the message carries its diagnostics."""
