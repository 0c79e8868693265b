"""Argument checks shared by the Python entry points."""

import math
import numbers

import numpy as np

from .errors import RetNetTypeError, RetNetValueError

#: The largest chunk size of the chunkwise schedule (the compiler's kMaxChunkSize).
MAX_CHUNK_SIZE = 4096
#: The largest finite float32.
F32_MAX = float(np.finfo(np.float32).max)


def is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def chunk_size(what, value, allow_none=True):
    """`value` as an int in [1, MAX_CHUNK_SIZE] (None passes when allowed)."""
    if value is None and allow_none:
        return None
    if not is_int(value):
        raise RetNetValueError(f"{what}: chunk_size must be a positive integer <= {MAX_CHUNK_SIZE} "
                              f"(an int, not {type(value).__name__}), got {value!r}")
    if not 1 <= value <= MAX_CHUNK_SIZE:
        raise RetNetValueError(f"{what}: chunk_size must be a positive integer <= {MAX_CHUNK_SIZE} "
                               f"(the compiler's largest chunk), got {value!r}")
    return int(value)


def f32(what, name, value, minimum=None):
    """`value` as a float that is finite in float32 (and >= `minimum`)."""
    if not isinstance(value, numbers.Real) or isinstance(value, (bool, np.bool_)):
        raise RetNetTypeError(f"{what}: {name} must be a real number, got {value!r} "
                              f"({type(value).__name__})")
    x = float(value)
    if not math.isfinite(x) or abs(x) > F32_MAX:
        raise RetNetValueError(f"{what}: {name} must be finite and within float32 range "
                               f"(|{name}| <= {F32_MAX:.6g}), got {value!r}")
    if minimum is not None and x < minimum:
        raise RetNetValueError(f"{what}: {name} must be >= {minimum}, got {value!r}")
    return x
