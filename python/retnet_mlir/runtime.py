"""Calling compiled artifacts through their C interface with ctypes.

Each public function ``f`` of a compiled module is exported as
``_mlir_ciface_f(desc_in_0*, ..., desc_out_0*, ...)``: pointers to memref
descriptors ``{allocated, aligned, offset, sizes[rank], strides[rank]}``,
inputs first, then one per result, which the caller allocates.
"""

import ctypes

import numpy as np

from .errors import RetNetError

_DESC_TYPES = {}


def descriptor_type(rank):
    """The ctypes structure of a rank-`rank` memref descriptor."""
    if rank not in _DESC_TYPES:
        fields = [
            ("allocated", ctypes.c_void_p),
            ("aligned", ctypes.c_void_p),
            ("offset", ctypes.c_int64),
        ]
        if rank > 0:
            fields += [
                ("sizes", ctypes.c_int64 * rank),
                ("strides", ctypes.c_int64 * rank),
            ]
        _DESC_TYPES[rank] = type(f"MemRef{rank}D", (ctypes.Structure,), {"_fields_": fields})
    return _DESC_TYPES[rank]


def make_descriptor(array):
    """A descriptor viewing a C-contiguous numpy array (no copy)."""
    if not array.flags["C_CONTIGUOUS"]:
        raise RetNetError("internal: descriptors need C-contiguous arrays")
    desc = descriptor_type(array.ndim)()
    ptr = array.ctypes.data
    desc.allocated = ptr
    desc.aligned = ptr
    desc.offset = 0
    if array.ndim:
        itemsize = array.itemsize
        for i, (size, stride) in enumerate(zip(array.shape, array.strides)):
            desc.sizes[i] = size
            desc.strides[i] = stride // itemsize
    return desc


class Library:
    """A loaded artifact (shared library)."""

    def __init__(self, path):
        self.path = str(path)
        try:
            self._lib = ctypes.CDLL(self.path)
        except OSError as e:
            raise RetNetError(f"cannot load compiled artifact {self.path}: {e}") from e

    def entry(self, name):
        symbol = f"_mlir_ciface_{name}"
        try:
            fn = getattr(self._lib, symbol)
        except AttributeError:
            raise RetNetError(f"{self.path} has no function '{name}' (no symbol {symbol})") from None
        fn.restype = None
        return fn

    def call(self, name, inputs, outputs):
        """Calls `name` on numpy arrays; `outputs` are filled in place."""
        fn = self.entry(name)
        descs = [make_descriptor(a) for a in list(inputs) + list(outputs)]
        fn(*[ctypes.byref(d) for d in descs])
        return outputs
