"""Exceptions raised by the package.

Every error the package raises on purpose is a :class:`RetNetError`. Those
about a bad argument value or type are also ``ValueError`` / ``TypeError``
(and a missing function name a ``KeyError``), so both ``except RetNetError``
and the builtin a caller expects catch them.
"""


class RetNetError(Exception):
    """Base class of the package's errors."""


class RetNetValueError(RetNetError, ValueError):
    """An argument has a value the package cannot use (a shape, a bound)."""


class RetNetTypeError(RetNetError, TypeError):
    """An argument has the wrong type (not an array, a wrong dtype)."""


class RetNetKeyError(RetNetError, KeyError):
    """A compiled module has no function of that name."""

    def __str__(self):  # KeyError's str() is the repr of its argument
        return Exception.__str__(self)


class ToolNotFoundError(RetNetError):
    """retnet-compile (or another tool) could not be found."""


class CompileError(RetNetError):
    """retnet-compile rejected a module; the message carries its diagnostics."""


class CacheError(RetNetError, OSError):
    """The artifact cache could not be used (the files are not readable or writable)."""
