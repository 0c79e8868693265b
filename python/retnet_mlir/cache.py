"""The on-disk artifact cache: safe to share with nobody, and it checks.

Loading a shared library runs its code (its constructors run inside
``dlopen``), so the cache only ever loads files that this user wrote into a
directory only this user can write, and only after checking them:

* The directory is ``RETNET_MLIR_CACHE`` or ``~/.cache/retnet_mlir``,
  created with mode 0700. A directory that is not owned by this user, is
  writable by group or others, is a symbolic link owned by someone else, or
  cannot be written is not used: a warning, then a private temporary cache
  for this process (deleted at exit; artifacts are rebuilt there).
* An entry is three files: ``<key>.so`` (the artifact), ``<key>.json`` (its
  manifest: the key, the inputs the key was computed from, the sha256 and
  size of the .so, retnet-compile's ABI manifest and its log) and
  ``<key>.log`` (the log again, for people). Each is written to a fresh
  temporary file (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600) in the cache
  directory and renamed into place, so no existing path (a planted symbolic
  link) is ever opened for writing and readers never see half a file. The
  manifest is written last: it commits the entry.
* Before loading, the manifest and the .so are opened without following
  links, must be regular files owned by this user and not writable by group
  or others, the manifest's key must be the expected key (and the hash of
  its recorded inputs), and the .so's size and sha256, read through the
  open descriptor, must be the manifest's. The library is then loaded
  through that same descriptor (``/proc/self/fd/N``), so the bytes that run
  are the bytes that were hashed.
* An entry that fails any check (truncated, garbage, empty, a directory in
  its place, a foreign owner, a manifest mismatch, or a dlopen failure) is
  evicted and rebuilt; a warning says so when the entry was not this
  user's.
* The key is the sha256 of the module text, the options, the identity of
  retnet-compile and of the runtime libraries it links (path, size,
  modification time) and of the CPU (machine,
  model name and feature flags: ``--mcpu=host`` code may not run on another
  CPU), so a cache copied to another machine misses instead of crashing.
* The directory is bounded: ``RETNET_MLIR_CACHE_MAX_BYTES`` (default 2 GiB).
  Loading an entry updates its modification time; after each new entry the
  oldest entries are evicted until the total fits.

docs/security.md says what this protects against and what it does not.
"""

import atexit
import errno
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
import warnings
from functools import lru_cache
from pathlib import Path

from .errors import CacheError, RetNetError, RetNetValueError

#: Bumped when the entry format or the key's inputs change: older entries miss.
FORMAT_VERSION = 3
DEFAULT_MAX_BYTES = 2 << 30
_MAX_MANIFEST_BYTES = 64 << 20
_STALE_TEMP_SECONDS = 3600
_SUFFIXES = (".json", ".so", ".log")  # eviction order: the manifest (the commit) first
_ENTRY_RE = re.compile(r"^([0-9a-f]{64})\.(so|json|log)$")
_TEMP_RE = re.compile(r"^\.([0-9a-f]{64})\.(so|json|log)\.[0-9a-f]+\.tmp$")

_lock = threading.RLock()
_fallback = {"dir": None}
_warned = set()


class CacheWarning(RuntimeWarning):
    """The configured cache (or one of its entries) was not used."""


# The directory ----------------------------------------------------------
def configured_dir():
    """``RETNET_MLIR_CACHE``, else ``~/.cache/retnet_mlir`` (not checked)."""
    d = os.environ.get("RETNET_MLIR_CACHE")
    return Path(os.path.abspath(os.path.expanduser(d))) if d else Path.home() / ".cache" / "retnet_mlir"


def _untrusted_reason(st, what):
    euid = os.geteuid()
    if st.st_uid != euid:
        return f"{what} is owned by uid {st.st_uid}, not by this user (uid {euid})"
    if st.st_mode & 0o022:
        return f"{what} is writable by group or others (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def _directory_problem(path):
    """Why `path` cannot hold this user's artifacts, or None (creating it, 0700)."""
    try:
        if not os.path.lexists(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
        lst = os.lstat(path)
        if stat.S_ISLNK(lst.st_mode) and lst.st_uid != os.geteuid():
            return f"is a symbolic link owned by uid {lst.st_uid}, not by this user"
        st = os.stat(path)
    except OSError as e:
        return f"cannot be created or read ({e.strerror or e})"
    if not stat.S_ISDIR(st.st_mode):
        return "is not a directory"
    reason = _untrusted_reason(st, "it")
    if reason:
        return reason[len("it "):]
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        return "is not readable and writable by this user"
    return None


def _warn_once(tag, message):
    with _lock:
        if tag in _warned:
            return
        _warned.add(tag)
    warnings.warn(message, CacheWarning, stacklevel=4)


def private_dir():
    """This process's private cache (mode 0700 under the temporary
    directory, removed at exit)."""
    with _lock:
        d = _fallback["dir"]
        if d is None or not d.is_dir():
            d = Path(tempfile.mkdtemp(prefix="retnet_mlir_private_"))
            atexit.register(shutil.rmtree, str(d), True)
            _fallback["dir"] = d
        return d


def cache_dir():
    """The directory artifacts are cached in: the configured one when it is
    safe to load from, else (with a CacheWarning) this process's private one."""
    path = configured_dir()
    problem = _directory_problem(path)
    if problem is None:
        return path
    _warn_once(("dir", str(path)),
               f"retnet_mlir: not using the artifact cache {path}: it {problem}; artifacts are "
               f"built in a private temporary cache for this process instead (docs/security.md)")
    return private_dir()


def int_env(name, default, minimum, what):
    """The integer environment variable `name` (`default` when unset or
    empty); a value that is not an integer >= `minimum` is a RetNetValueError
    saying it must be `what`."""
    v = os.environ.get(name)
    if v is None or not v.strip():
        return default
    try:
        n = int(v)
    except ValueError:
        n = minimum - 1
    if n < minimum:
        raise RetNetValueError(f"{name} must be {what}, got {v!r}")
    return n


def max_bytes():
    """The bound on the cache directory's size (``RETNET_MLIR_CACHE_MAX_BYTES``)."""
    return int_env("RETNET_MLIR_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES, 0, "a number of bytes >= 0")


# The key ----------------------------------------------------------------
@lru_cache(maxsize=None)
def cpu_identity():
    """The machine and CPU the artifacts are built for: ``--mcpu=host`` (the
    default) emits the host's instructions (AVX-512 where it has them)."""
    info = {"machine": platform.machine(), "system": platform.system()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            block = f.read().split("\n\n", 1)[0]
    except OSError:
        block = ""
    wanted = ("vendor_id", "cpu family", "model", "model name", "flags", "Features",
              "CPU implementer", "CPU architecture", "CPU variant", "CPU part", "cpu", "isa")
    for line in block.splitlines():
        name, sep, value = line.partition(":")
        name = name.strip()
        if sep and name in wanted:
            value = value.strip()
            if name in ("flags", "Features"):
                value = " ".join(sorted(value.split()))
            info[name] = value
    if len(info) == 2:
        info["processor"] = platform.processor()
    return info


_RUNTIMES = ("libretnet_runtime.a", "libretnet_cuda_runtime.a")


def key_inputs(mlir_text, options, tool):
    """What the key is computed from (recorded in each entry's manifest):
    the module, the options, retnet-compile and the runtime libraries it
    links into artifacts (``<prefix>/lib`` next to its ``bin``), the CPU."""
    st = os.stat(tool)
    runtimes = {}
    lib = Path(os.path.realpath(tool)).parent.parent / "lib"
    for name in _RUNTIMES:
        try:
            rst = os.stat(lib / name)
        except OSError:
            continue
        runtimes[name] = {"size": rst.st_size, "mtime_ns": rst.st_mtime_ns}
    return {
        "format": FORMAT_VERSION,
        "mlir_sha256": hashlib.sha256(mlir_text.encode()).hexdigest(),
        "options": list(options),
        "tool": {"path": str(tool), "size": st.st_size, "mtime_ns": st.st_mtime_ns},
        "runtime": runtimes,
        "cpu": cpu_identity(),
    }


def key_of(inputs):
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


# Writing ----------------------------------------------------------------
def _write_atomic(directory, name, data):
    """Writes `data` to directory/name through a fresh temporary file and a
    rename: never opens an existing path for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o600)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(directory, name))
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def publish(directory, key, inputs, data, log, abi):
    """Writes a new entry (the .so, the log, then the manifest)."""
    manifest = {
        "format": "retnet-mlir-cache",
        "version": FORMAT_VERSION,
        "key": key,
        "inputs": inputs,
        "so": {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)},
        "abi": abi,
        "log": log,
    }
    _remove_non_files(directory, key)
    _write_atomic(directory, f"{key}.so", data)
    _write_atomic(directory, f"{key}.log", log.encode())
    _write_atomic(directory, f"{key}.json", json.dumps(manifest, indent=1).encode())
    return manifest


# Reading and verifying --------------------------------------------------
class Rejected(Exception):
    """An entry that must not be loaded; `foreign` when it was not this user's."""

    def __init__(self, reason, foreign=False):
        super().__init__(reason)
        self.foreign = foreign


class Missing(Exception):
    """No entry under that key."""


def _open_checked(path, what):
    """An O_RDONLY descriptor of `path`, a regular file of this user's that
    nobody else can write (never following a link, never blocking on a FIFO)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Missing(what) from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise Rejected(f"{what} is a symbolic link") from None
        raise Rejected(f"{what} cannot be opened ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Rejected(f"{what} is not a regular file")
        reason = _untrusted_reason(st, what)
        if reason:
            raise Rejected(reason, foreign=True)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _read_fd(fd, size):
    chunks, offset = [], 0
    while offset < size:
        chunk = os.pread(fd, min(1 << 20, size - offset), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _sha256_fd(fd):
    h, offset = hashlib.sha256(), 0
    while True:
        chunk = os.pread(fd, 1 << 20, offset)
        if not chunk:
            return h.hexdigest(), offset
        h.update(chunk)
        offset += len(chunk)


def open_verified(directory, key):
    """(manifest, descriptor of the verified .so) of entry `key`; raises
    Missing (no manifest) or Rejected (the entry must not be loaded)."""
    mpath = os.path.join(directory, f"{key}.json")
    fd, st = _open_checked(mpath, f"manifest {mpath}")
    try:
        if st.st_size > _MAX_MANIFEST_BYTES:
            raise Rejected(f"manifest {mpath} is {st.st_size} bytes")
        raw = _read_fd(fd, st.st_size)
    finally:
        os.close(fd)
    try:
        manifest = json.loads(raw.decode())
        ok = (isinstance(manifest, dict) and manifest.get("format") == "retnet-mlir-cache"
              and manifest.get("version") == FORMAT_VERSION)
    except (UnicodeDecodeError, ValueError, RecursionError):
        ok = False
    if not ok:
        raise Rejected(f"manifest {mpath} is not a cache manifest of this version")
    try:
        if manifest["key"] != key or key_of(manifest["inputs"]) != key:
            raise Rejected(f"manifest {mpath} is for another key")
        want_sha, want_size = manifest["so"]["sha256"], manifest["so"]["size"]
        if not isinstance(manifest["log"], str) or not isinstance(manifest["abi"], dict):
            raise Rejected(f"manifest {mpath} is malformed")
    except (KeyError, TypeError):
        raise Rejected(f"manifest {mpath} is malformed") from None
    spath = os.path.join(directory, f"{key}.so")
    try:
        fd, st = _open_checked(spath, f"artifact {spath}")
    except Missing:
        raise Rejected(f"artifact {spath} is missing") from None
    try:
        if st.st_size == 0 or st.st_size != want_size:
            raise Rejected(f"artifact {spath} is {st.st_size} bytes, its manifest says {want_size}")
        digest, n = _sha256_fd(fd)
        if n != want_size or digest != want_sha:
            raise Rejected(f"artifact {spath} does not match its manifest's sha256")
    except BaseException:
        os.close(fd)
        raise
    return manifest, fd


# Eviction ---------------------------------------------------------------
def _remove(path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def _remove_non_files(directory, key):
    """Clears directories planted where an entry's files go (a rename cannot
    replace them)."""
    for suffix in _SUFFIXES:
        path = os.path.join(directory, key + suffix)
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def evict(directory, key):
    for suffix in _SUFFIXES:
        try:
            _remove(os.path.join(directory, key + suffix))
        except OSError:
            pass


def touch(directory, key):
    """Marks entry `key` as just used (its files' modification times)."""
    for suffix in (".json", ".so"):
        try:
            os.utime(os.path.join(directory, key + suffix), follow_symlinks=False)
        except OSError:
            pass


def _scan(directory):
    """{key: [bytes, newest mtime]} of the entries, and the temporary files."""
    entries, temps = {}, []
    with os.scandir(directory) as it:
        for e in it:
            m = _ENTRY_RE.match(e.name)
            t = None if m else _TEMP_RE.match(e.name)
            if not (m or t):
                continue
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            if t:
                temps.append((e.path, st))
                continue
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            g = entries.setdefault(m.group(1), [0, 0.0])
            g[0] += size
            g[1] = max(g[1], st.st_mtime)
    return entries, temps


def enforce_bound(directory, keep=None, limit=None):
    """Evicts the least recently used entries until the directory holds at
    most `limit` bytes (``RETNET_MLIR_CACHE_MAX_BYTES``); never `keep`."""
    limit = max_bytes() if limit is None else limit
    try:
        entries, temps = _scan(directory)
    except OSError:
        return
    now = time.time()
    total = 0
    for path, st in temps:
        if now - st.st_mtime > _STALE_TEMP_SECONDS:  # a writer that died
            try:
                _remove(path)
            except OSError:
                pass
        else:
            total += st.st_size
    total += sum(size for size, _ in entries.values())
    for key in sorted(entries, key=lambda k: entries[k][1]):
        if total <= limit:
            break
        if key == keep:
            continue
        evict(directory, key)
        total -= entries[key][0]


def clear(directory):
    """Removes every entry (and temporary file) from `directory`; returns how
    many entries there were."""
    try:
        entries, temps = _scan(directory)
    except OSError as e:
        raise CacheError(f"cannot read the artifact cache {directory}: {e.strerror or e}") from None
    for key in entries:
        evict(directory, key)
    for path, _ in temps:
        try:
            _remove(path)
        except OSError:
            pass
    return len(entries)


# Get or build -----------------------------------------------------------
def load(inputs, build, open_artifact):
    """The verified artifact for `inputs` (from `key_inputs`).

    `build()` returns ``(so bytes, log, abi)`` of a fresh compile;
    `open_artifact(fd, path, manifest)` loads a verified .so through its
    descriptor (it owns `fd` from then on) and raises RetNetError when it
    cannot. A cached entry that fails verification or loading is evicted
    and rebuilt; a rebuilt one that fails raises.
    Returns ``(directory, key, open_artifact's result)``.
    """
    key = key_of(inputs)
    directory = cache_dir()
    try:
        manifest, fd = open_verified(directory, key)
    except Missing:
        manifest = None
    except Rejected as e:
        if e.foreign:
            _warn_once(("entry", str(directory), key),
                       f"retnet_mlir: not loading cache entry {key} in {directory}: {e}; "
                       f"evicting it and rebuilding (docs/security.md)")
        manifest = None
        evict(directory, key)
    if manifest is not None:
        try:
            result = open_artifact(fd, os.path.join(directory, f"{key}.so"), manifest)
        except RetNetError:
            evict(directory, key)
        else:
            touch(directory, key)
            return directory, key, result
    data, log, abi = build()
    try:
        publish(directory, key, inputs, data, log, abi)
    except OSError as e:
        fallback = private_dir()
        if Path(directory) == fallback:
            raise CacheError(f"cannot write the artifact cache {directory}: {e.strerror or e}") from None
        _warn_once(("write", str(directory)),
                   f"retnet_mlir: cannot write the artifact cache {directory} ({e.strerror or e}); "
                   f"using a private temporary cache for this process instead")
        directory = fallback
        publish(directory, key, inputs, data, log, abi)
    enforce_bound(directory, keep=key)
    try:
        manifest, fd = open_verified(directory, key)
    except (Missing, Rejected) as e:
        raise CacheError(f"the artifact just written to {directory} does not verify: {e}") from None
    return directory, key, open_artifact(fd, os.path.join(directory, f"{key}.so"), manifest)
