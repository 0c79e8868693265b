"""Calling compiled artifacts through their C interface with ctypes.

Each public function ``f`` of a compiled module is exported as
``_mlir_ciface_f(desc_in_0*, ..., desc_out_0*, ...)``: pointers to memref
descriptors ``{allocated, aligned, offset, sizes[rank], strides[rank]}``,
inputs first, then one per result, which the caller allocates.
"""

import ctypes
import os
import weakref

import numpy as np

from .errors import RetNetError, RetNetValueError

_PINNED_FDS = []  # descriptors of libraries that stayed loaded (see _unload)


def _unload(handle, name, fd, close):
    """dlclose()s a library nothing refers to any more, then closes the
    descriptor it was loaded through. A library loaded as /proc/self/fd/N
    that stays loaded (a CUDA one, or one glibc will not unload) keeps its
    descriptor open for good: glibc finds loaded libraries by name, and a
    later /proc/self/fd/N of another file must not match it."""
    import _ctypes

    if close:
        try:
            _ctypes.dlclose(handle)
        except OSError:
            close = False
    if close and fd is not None and name.startswith("/proc/"):
        try:  # still loaded under that name?
            h = _ctypes.dlopen(name, os.RTLD_NOLOAD | os.RTLD_LAZY)
        except OSError:
            pass
        else:
            _ctypes.dlclose(h)
            close = False
    if fd is None:
        return
    if close:
        os.close(fd)
    else:
        _PINNED_FDS.append(fd)

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


def address(array):
    """The data address of a C-contiguous numpy array (a ctypes view of a
    writable buffer is three times cheaper than ``array.ctypes.data``)."""
    try:
        return ctypes.addressof(ctypes.c_char.from_buffer(array))
    except TypeError:  # read-only
        return array.ctypes.data


class Descriptors:
    """Memref descriptors {allocated, aligned, offset, sizes, strides} of
    C-contiguous arrays of the given shapes, back to back in one int64
    buffer, built once per set of shapes; only the data pointers change
    from call to call (`fill`)."""

    def __init__(self, shapes):
        words, self._pointers, self._offsets = [], [], []
        for shape in shapes:
            strides, acc = [], 1
            for n in reversed(shape):
                strides.append(acc)
                acc *= n
            self._offsets.append(8 * len(words))
            self._pointers.append(len(words))
            words += [0, 0, 0] + list(shape) + strides[::-1]
        self._template = np.array(words, dtype=np.int64)
        self._aligned = [i + 1 for i in self._pointers]

    def fill(self, arrays):
        """(buffer, descriptor addresses) for `arrays`; keep the buffer alive
        until the call returns."""
        buf = self._template.copy()
        ptrs = [address(a) for a in arrays]
        buf[self._pointers] = ptrs
        buf[self._aligned] = ptrs
        base = buf.ctypes.data
        return buf, [base + off for off in self._offsets]


class Library:
    """A loaded artifact (shared library).

    `fd`, when given, is an open descriptor of the (verified) file at
    `path`: the library is loaded through it (``/proc/self/fd/N``), so what
    runs is the file that was checked even if the path changes meanwhile.
    The Library owns the descriptor; both the library and the descriptor
    are released (``dlclose``) when the Library is garbage-collected, i.e.
    when no CompiledModule or CompiledFunction refers to it any more
    (CUDA artifacts stay loaded: their runtime keeps driver state).

    Every call checks the artifact's error slot after it returns:
    ``retnet_last_error()`` (NULL when the call succeeded) is set by an
    entry point whose operands' extents are inconsistent, which then
    computes nothing; a message raises RetNetValueError. Artifacts built
    before the slot existed have no such symbol and are not checked.

    A CUDA artifact (``retnet-compile --target=cuda``) carries the project's
    CUDA runtime, which exports ``retnetCudaAvailable`` and
    ``retnetCudaLastError``: calls check the device first and the runtime's
    error after, and raise RetNetError with its message (for example "no
    CUDA driver: cannot load libcuda.so.1 ...") instead of returning garbage.
    """

    def __init__(self, path, fd=None, abi=None, log=""):
        self.path = str(path)
        self.abi = abi
        self.log = log
        name = self.path
        if fd is not None and os.path.isdir("/proc/self/fd"):
            name = f"/proc/self/fd/{fd}"
        try:
            self._lib = ctypes.CDLL(name)
        except OSError as e:
            if fd is not None:
                os.close(fd)
            raise RetNetError(f"cannot load compiled artifact {self.path}: {e}") from e
        self.cuda = hasattr(self._lib, "retnetCudaLastError")
        if self.cuda:
            self._lib.retnetCudaLastError.restype = ctypes.c_char_p
            self._lib.retnetCudaAvailable.restype = ctypes.c_int
            self._lib.retnetCudaClearError.restype = None
        try:
            self._last_error = self._lib.retnet_last_error
            self._clear_error = self._lib.retnet_clear_error
        except AttributeError:
            self._last_error = self._clear_error = None
        else:
            self._last_error.restype = ctypes.c_char_p
            self._last_error.argtypes = []
            self._clear_error.restype = None
            self._clear_error.argtypes = []
        self._finalizer = weakref.finalize(self, _unload, self._lib._handle, name, fd,
                                           not self.cuda)

    @property
    def checks_errors(self):
        """Whether the artifact exports retnet_last_error (and calls check it)."""
        return self._last_error is not None

    def release_workspace(self):
        """Frees the workspace the calling thread keeps for this artifact's
        functions (their temporaries, retention-plan-buffers): the next call
        on this thread allocates it again. A thread's workspace is freed
        when the thread exits. Returns False for an artifact without one
        (built before it existed, or for CUDA)."""
        try:
            fn = self._lib.retnet_release_workspace
        except AttributeError:
            return False
        fn.restype = None
        fn.argtypes = []
        fn()
        return True

    def last_error(self):
        """The message of the last call's error, or None."""
        if self._last_error is None:
            return None
        msg = self._last_error()
        return msg.decode(errors="replace") if msg else None

    def cuda_error(self):
        """The CUDA runtime's pending error message, or None."""
        if not self.cuda:
            return None
        msg = self._lib.retnetCudaLastError()
        return msg.decode(errors="replace") if msg else None

    def _check_cuda(self, when):
        msg = self.cuda_error()
        if msg:
            self._lib.retnetCudaClearError()
            raise RetNetError(f"{self.path}: {when}: {msg}")

    def entry(self, name, symbol=None):
        """The C entry point of function `name` (its symbol from the ABI
        manifest when the artifact has one)."""
        if symbol is None and self.abi is not None:
            from .abi import function
            symbol = function(self.abi, name)["symbol"]
        symbol = symbol or f"_mlir_ciface_{name}"
        try:
            fn = getattr(self._lib, symbol)
        except AttributeError:
            raise RetNetError(f"{self.path} has no function '{name}' (no symbol {symbol})") from None
        fn.restype = None
        return fn

    def call(self, name, inputs, outputs):
        """Calls `name` on numpy arrays; `outputs` are filled in place."""
        arrays = list(inputs) + list(outputs)
        if not all(a.flags["C_CONTIGUOUS"] for a in arrays):
            raise RetNetError("internal: descriptors need C-contiguous arrays")
        buf, addresses = Descriptors([a.shape for a in arrays]).fill(arrays)
        self.invoke(name, self.entry(name), [ctypes.c_void_p(x) for x in addresses])
        del buf  # the descriptors lived until after the call
        return outputs

    def invoke(self, name, fn, descriptor_addresses):
        """Calls the C entry point `fn` (from `entry`) with the addresses of
        memref descriptors (c_void_p, or ints where `fn.argtypes` says
        c_void_p), checking the CUDA runtime around the call."""
        if self.cuda and not self._lib.retnetCudaAvailable():
            self._check_cuda("CUDA is not usable")
        fn(*descriptor_addresses)
        if self.cuda:
            self._check_cuda(f"running {name}")
        if self._last_error is not None:
            msg = self._last_error()
            if msg:
                self._clear_error()
                msg = msg.decode(errors="replace")
                raise RetNetValueError(msg if msg.startswith(f"{name}:") else f"{name}: {msg}")


def keep_freed_memory(trim_threshold=1 << 30, mmap_threshold=32 << 20):
    """Asks glibc's malloc to keep freed memory for reuse instead of handing
    it back to the kernel: freed heap tops up to `trim_threshold` bytes stay
    mapped (M_TRIM_THRESHOLD), and blocks below `mmap_threshold` bytes come
    from the heap rather than fresh mmap()s (M_MMAP_THRESHOLD, at most 32 MiB).

    A compiled function's temporaries do not need it: they live in a
    workspace the artifact keeps per thread (retention-plan-buffers), so a
    call allocates nothing after its thread's first. What it still helps
    is the numpy arrays a call returns (a prefill's logits): with glibc's
    defaults a large one may be mapped, faulted in and unmapped on every
    call. This is process-wide (it changes malloc for everything in the
    process, PyTorch included) and keeps the process's memory at its peak,
    so it is not done implicitly. Returns True when glibc accepted both
    settings, False elsewhere (non-glibc C libraries have no mallopt).
    """
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    return bool(mallopt(M_TRIM_THRESHOLD, int(trim_threshold))) and bool(
        mallopt(M_MMAP_THRESHOLD, int(mmap_threshold)))
