"""The artifact cache (issue 13): it loads only this user's verified files,
writes atomically, evicts corrupt entries, is bounded, keys on the CPU; the
process's loaded libraries are bounded too."""

import gc
import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import cache, compiler
from retnet_mlir import reference as ref
from conftest import abi_manifest

NOBODY = 65534


def module(name, T=3):
    return rm.retention_mlir(1, 1, T, 4, 4, name=name)


def inputs(T=3, seed=0):
    rng = np.random.default_rng(seed)
    q, k, v = (rng.standard_normal((1, 1, T, 4)).astype(np.float32) for _ in range(3))
    return q, k, v, np.full(1, -0.2, np.float32)


def run(name, T=3):
    """Compiles and runs module `name`; checks the result against the reference."""
    text, sig = module(name, T)
    mod = rm.compile_module(text, {name: sig})
    args = inputs(T)
    out = mod[name](*args)
    np.testing.assert_allclose(out, ref.parallel(*args)[0], rtol=1e-4, atol=1e-5)
    return mod


def key_of(text, options=()):
    return cache.key_of(cache.key_inputs(text, tuple(options), rm.find_tool("retnet-compile")))


def forget_loaded():
    """Drops the process's in-memory modules, so the next compile reads the disk."""
    compiler._MODULES.clear()
    gc.collect()


@pytest.fixture
def cdir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(d))
    forget_loaded()
    yield d
    forget_loaded()


def planted_library(directory, name, marker):
    """A shared library whose constructor writes `marker`, exporting the
    entry point of function `name` (doing nothing)."""
    src = Path(directory) / "planted.c"
    src.write_text(textwrap.dedent(f"""\
        #include <stdio.h>
        __attribute__((constructor)) static void planted(void) {{
          FILE *f = fopen("{marker}", "w");
          if (f) {{ fputs("planted code ran\\n", f); fclose(f); }}
        }}
        void _mlir_ciface_{name}(void *a, void *b, void *c, void *d, void *e) {{}}
        """))
    so = Path(directory) / "planted.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(so), str(src)], check=True)
    return so


def forged_manifest(text, so_bytes, options=()):
    """The manifest an attacker would write for (text, options): everything
    in it is computable by anyone."""
    import hashlib

    inputs = cache.key_inputs(text, tuple(options), rm.find_tool("retnet-compile"))
    key = cache.key_of(inputs)
    ins = [((1, 1, 3, 4), "f32")] * 3 + [((1,), "f32")]
    abi = abi_manifest((text.split("@", 1)[1].split("(", 1)[0], ins, [((1, 1, 3, 4), "f32")]))
    return key, {"format": "retnet-mlir-cache", "version": cache.FORMAT_VERSION, "key": key,
                 "inputs": inputs, "so": {"sha256": hashlib.sha256(so_bytes).hexdigest(),
                                          "size": len(so_bytes)}, "abi": abi, "log": ""}


def test_planted_library_would_run_if_loaded(tmp_path):
    """The planted library of the tests below does write its marker when
    loaded: its absence there means it was not loaded."""
    marker = tmp_path / "marker"
    so = planted_library(tmp_path, "x", marker)
    subprocess.run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(so)!r})"], check=True)
    assert marker.read_text() == "planted code ran\n"


# The directory --------------------------------------------------------------
def test_directory_is_created_0700(cdir):
    run("c_mode")
    assert stat.S_IMODE(cdir.stat().st_mode) == 0o700
    files = sorted(p.name for p in cdir.iterdir())
    assert [f.rsplit(".", 1)[1] for f in files] == ["json", "log", "so"]
    for p in cdir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    manifest = json.loads(next(cdir.glob("*.json")).read_text())
    assert manifest["key"] == key_of(module("c_mode")[0])
    assert set(manifest["inputs"]) == {"format", "mlir_sha256", "options", "tool", "runtime", "cpu"}
    assert manifest["so"]["size"] == next(cdir.glob("*.so")).stat().st_size


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_group_or_world_writable_directory_is_not_used(cdir, mode):
    cdir.mkdir()
    cdir.chmod(mode)
    with pytest.warns(rm.CacheWarning, match="writable by group or others"):
        run(f"c_writable_{mode:o}")
    assert list(cdir.iterdir()) == []  # built elsewhere: the private cache


def test_unusable_cache_paths_warn_and_still_work(tmp_path, monkeypatch):
    """A regular file, a path under a file, a read-only directory: a
    CacheWarning and a private cache, never a raw OSError."""
    f = tmp_path / "file"
    f.write_text("x")
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    for i, path in enumerate([f, f / "sub", ro]):
        if path == ro and os.geteuid() == 0:
            continue  # root writes anyway
        monkeypatch.setenv("RETNET_MLIR_CACHE", str(path))
        forget_loaded()
        with pytest.warns(rm.CacheWarning, match="not using the artifact cache"):
            run(f"c_unusable_{i}")


def test_symlink_to_own_directory_is_fine(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path / "link"))
    forget_loaded()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run("c_link")
    assert len(list(real.glob("*.so"))) == 1


# Writing ---------------------------------------------------------------------
def test_planted_log_symlink_does_not_truncate_its_target(cdir, tmp_path):
    """retnet_mlir used to write <key>.log through an existing path: a
    symlink planted there truncated the file it pointed at."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    text, _ = module("c_logsym")
    cdir.mkdir(mode=0o700)
    log = cdir / f"{key_of(text)}.log"
    log.symlink_to(victim)
    run("c_logsym")
    assert victim.read_text() == "precious\n"
    assert not log.is_symlink() and log.is_file()
    assert not list(cdir.glob(".*.tmp"))


def test_planted_symlinks_for_every_file_are_replaced_not_followed(cdir, tmp_path):
    text, _ = module("c_allsym")
    cdir.mkdir(mode=0o700)
    key = key_of(text)
    victims = []
    for suffix in (".so", ".json", ".log"):
        v = tmp_path / f"victim{suffix}"
        v.write_text("precious\n")
        (cdir / f"{key}{suffix}").symlink_to(v)
        victims.append(v)
    run("c_allsym")
    assert all(v.read_text() == "precious\n" for v in victims)
    assert not any((cdir / f"{key}{s}").is_symlink() for s in (".so", ".json", ".log"))


# Verification ----------------------------------------------------------------
def corrupt(entry, how, other=None):
    """Damages an entry; new files replace the old ones (a loaded library's
    file changed in place would crash the process that has it mapped)."""
    so, mf = entry.with_suffix(".so"), entry.with_suffix(".json")
    old = so.read_bytes()
    so.unlink()
    so.write_bytes(old)
    if how == "truncated":
        so.write_bytes(so.read_bytes()[:100])
    elif how == "garbage":
        so.write_bytes(os.urandom(so.stat().st_size))
    elif how == "empty":
        so.write_bytes(b"")
    elif how == "directory":
        so.unlink()
        so.mkdir()
        (so / "x").write_text("x")
    elif how == "manifest-garbage":
        mf.write_text("{not json")
    elif how == "manifest-missing":
        mf.unlink()
    elif how == "manifest-other-key":  # another entry's manifest and .so under this key
        so.write_bytes(other.with_suffix(".so").read_bytes())
        mf.write_text(other.with_suffix(".json").read_text())
    elif how == "other-artifact":  # a valid artifact of another signature
        so.write_bytes(other.with_suffix(".so").read_bytes())
    elif how == "dlopen-fails":  # hash and size match, but it is no library
        data = b"\x7fELF but not really" * 10
        so.write_bytes(data)
        m = json.loads(mf.read_text())
        import hashlib
        m["so"] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        mf.write_text(json.dumps(m))
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "directory", "manifest-garbage",
                                 "manifest-missing", "manifest-other-key", "other-artifact",
                                 "dlopen-fails"])
def test_corrupt_entries_are_evicted_and_rebuilt(cdir, how):
    run("c_other", T=5)
    run("c_corrupt")
    other = cdir / key_of(module("c_other", T=5)[0])
    entry = cdir / key_of(module("c_corrupt")[0])
    assert entry.with_suffix(".so").exists()
    forget_loaded()
    corrupt(entry, how, other)
    run("c_corrupt")  # right numbers: the rebuilt artifact
    assert entry.with_suffix(".so").is_file()
    manifest = json.loads(entry.with_suffix(".json").read_text())
    assert manifest["key"] == entry.name
    forget_loaded()
    run("c_corrupt")  # and it stays fixed


def plant_entry(cdir, tmp_path, name):
    """A planted library (its constructor writes `marker`) with a forged but
    well-formed manifest under `name`'s key in a fresh 0700 `cdir`:
    returns (key, marker)."""
    marker = tmp_path / "marker"
    text, _ = module(name)
    so = planted_library(tmp_path, name, marker)
    key, manifest = forged_manifest(text, so.read_bytes())
    cdir.mkdir(mode=0o700)
    (cdir / f"{key}.so").write_bytes(so.read_bytes())
    (cdir / f"{key}.json").write_text(json.dumps(manifest))
    return key, marker


def test_entry_of_another_owner_in_own_directory_is_not_loaded(cdir, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to give files to another uid")
    key, marker = plant_entry(cdir, tmp_path, "c_foreign")
    for suffix in (".so", ".json"):
        os.chown(cdir / f"{key}{suffix}", NOBODY, NOBODY)
    with pytest.warns(rm.CacheWarning, match=f"owned by uid {NOBODY}"):
        run("c_foreign")
    assert not marker.exists()
    assert (cdir / f"{key}.so").stat().st_uid == 0


def test_own_entry_writable_by_others_is_not_loaded(cdir, tmp_path):
    key, marker = plant_entry(cdir, tmp_path, "c_groupw")
    os.chmod(cdir / f"{key}.so", 0o666)
    with pytest.warns(rm.CacheWarning, match="writable by group or others"):
        run("c_groupw")
    assert not marker.exists()


def _as_nobody():
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def test_another_users_planted_library_is_not_loaded():
    """A second uid (nobody) owns a shared cache directory and plants an
    entry for a module the victim compiles: a library whose constructor
    writes a marker, under the right key with a manifest of the right hash
    (all computable by anyone), and a <key>.log symlink to a victim file.
    The victim (this uid, in a fresh process) does not use the directory:
    the marker never appears, the file is intact, the results are right."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as a second user")
    base = Path(tempfile.mkdtemp(prefix="retnet_multiuser_", dir="/tmp"))
    try:
        base.chmod(0o1777)  # like /tmp: anyone may create entries in it
        marker, victim, shared = base / "marker", base / "victim.txt", base / "shared"
        victim.write_text("precious\n")
        text, _ = module("c_multiuser")
        so = planted_library(base, "c_multiuser", marker)
        so.chmod(0o644)
        key, manifest = forged_manifest(text, so.read_bytes())
        (base / "manifest.json").write_text(json.dumps(manifest))
        plant = textwrap.dedent(f"""
            import os, shutil
            os.mkdir({str(shared)!r}); os.chmod({str(shared)!r}, 0o777)
            shutil.copyfile({str(so)!r}, {str(shared / (key + '.so'))!r})
            shutil.copyfile({str(base / 'manifest.json')!r}, {str(shared / (key + '.json'))!r})
            os.symlink({str(victim)!r}, {str(shared / (key + '.log'))!r})
        """)
        try:
            subprocess.run([sys.executable, "-c", plant], preexec_fn=_as_nobody, check=True,
                           capture_output=True, cwd="/")
        except subprocess.CalledProcessError as e:
            pytest.skip(f"cannot plant files as uid {NOBODY}: {e.stderr.decode()[-500:]}")
        except OSError as e:
            pytest.skip(f"cannot run a process as uid {NOBODY}: {e}")
        assert shared.stat().st_uid == NOBODY and (shared / f"{key}.so").stat().st_uid == NOBODY
        victim_code = textwrap.dedent(f"""
            import warnings, numpy as np, retnet_mlir as rm
            from retnet_mlir import reference as ref
            text, sig = rm.retention_mlir(1, 1, 3, 4, 4, name="c_multiuser")
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                mod = rm.compile_module(text, {{"c_multiuser": sig}})
            rng = np.random.default_rng(0)
            q, k, v = (rng.standard_normal((1, 1, 3, 4)).astype(np.float32) for _ in range(3))
            ld = np.full(1, -0.2, np.float32)
            out = mod["c_multiuser"](q, k, v, ld)
            print(float(np.abs(out - ref.parallel(q, k, v, ld)[0]).max()))
            print(mod.path)
            print([str(x.message) for x in w])
        """)
        env = dict(os.environ, RETNET_MLIR_CACHE=str(shared))
        res = subprocess.run([sys.executable, "-c", victim_code], env=env, capture_output=True,
                             text=True)
        assert res.returncode == 0, res.stderr
        err, path, warned = res.stdout.strip().splitlines()
        assert float(err) < 1e-4
        assert not marker.exists(), "the planted library ran"
        assert victim.read_text() == "precious\n"
        assert not path.startswith(str(shared))
        assert f"owned by uid {NOBODY}" in warned and "not using the artifact cache" in warned
    finally:
        import shutil
        shutil.rmtree(base, ignore_errors=True)


# The key ---------------------------------------------------------------------
def test_key_includes_the_cpu_and_mcpu(cdir, monkeypatch):
    text, _ = module("c_cpu")
    tool = rm.find_tool("retnet-compile")
    inputs = cache.key_inputs(text, (), tool)
    assert inputs["cpu"]["machine"]
    if os.path.exists("/proc/cpuinfo") and inputs["cpu"]["machine"] in ("x86_64", "AMD64"):
        assert inputs["cpu"]["model name"] and "sse2" in inputs["cpu"]["flags"].split()
    assert key_of(text, ["--mcpu=generic"]) != key_of(text)
    run("c_cpu")
    other = dict(cache.cpu_identity(), flags="sse sse2")  # another machine, no AVX-512
    monkeypatch.setattr(cache, "cpu_identity", lambda: other)
    forget_loaded()
    assert key_of(text) != cache.key_of(inputs)
    run("c_cpu")
    assert len(list(cdir.glob("*.so"))) == 2  # not handed the first machine's code


# Size bound and clearing ------------------------------------------------------
def entry_bytes(d):
    return sum(p.stat().st_size for p in Path(d).iterdir())


def test_lru_bound(cdir, monkeypatch):
    run("c_lru0")
    one = entry_bytes(cdir)
    monkeypatch.setenv("RETNET_MLIR_CACHE_MAX_BYTES", str(int(3.5 * one)))
    for i in range(1, 3):
        run(f"c_lru{i}")
    keys = {i: key_of(module(f"c_lru{i}")[0]) for i in range(6)}
    os.utime(cdir / f"{keys[0]}.so", (1, 1))
    os.utime(cdir / f"{keys[0]}.json", (1, 1))
    os.utime(cdir / f"{keys[1]}.so", (2, 2))
    os.utime(cdir / f"{keys[1]}.json", (2, 2))
    forget_loaded()
    run("c_lru1")  # a use: entry 1 is now the newest, then 2, then 0
    for i in range(3, 5):
        run(f"c_lru{i}")
        assert entry_bytes(cdir) <= 3.5 * one
    left = {p.stem for p in cdir.glob("*.so")}
    assert left == {keys[1], keys[3], keys[4]}  # 0 went first, then 2


def test_bad_max_bytes_is_a_clear_error(cdir, monkeypatch):
    monkeypatch.setenv("RETNET_MLIR_CACHE_MAX_BYTES", "lots")
    with pytest.raises(rm.RetNetError, match="RETNET_MLIR_CACHE_MAX_BYTES"):
        run("c_badmax")


def test_clear_cache(cdir):
    run("c_clear0")
    run("c_clear1")
    assert len(list(cdir.glob("*.so"))) == 2
    assert rm.clear_cache() == 2
    assert list(cdir.iterdir()) == []
    assert not compiler._MODULES
    run("c_clear0")


# Bounded growth ------------------------------------------------------------------
def _maps(d):
    with open("/proc/self/maps") as f:
        return sum(str(d) in line for line in f)


def test_100_shapes_stay_bounded(cdir, monkeypatch):
    """Every new shape used to add cache files and a loaded library for good
    (214 files and 535 mappings after 100 shapes). With a small size bound
    and at most 8 loaded modules, the directory stays under the bound and
    the mappings of cache files stay bounded."""
    rng = np.random.default_rng(0)
    run("c_probe")
    one = entry_bytes(cdir)
    bound = 10 * one
    monkeypatch.setenv("RETNET_MLIR_CACHE_MAX_BYTES", str(bound))
    monkeypatch.setenv("RETNET_MLIR_MAX_LOADED", "8")
    peak_maps = 0
    for T in range(1, 101):
        q, k, v = (rng.standard_normal((1, 2, T, 8)).astype(np.float32) for _ in range(3))
        ld = np.full(2, -0.1, np.float32)
        out = rm.retention(q, k, v, ld)
        assert out.shape == (1, 2, T, 8)
        assert entry_bytes(cdir) <= bound
        peak_maps = max(peak_maps, _maps(cdir))
    assert len(compiler._MODULES) <= 8
    files = len(list(cdir.iterdir()))
    assert files <= 3 * 12, files
    # 8 loaded libraries of a few mappings each (the ones evicted are unloaded).
    assert peak_maps <= 8 * 6, peak_maps


def test_concurrent_compiles_of_one_key(cdir):
    """Six processes compiling the same module into one cache at once: all
    get the right numbers, one entry remains, no temporary files are left."""
    code = textwrap.dedent("""
        import numpy as np, retnet_mlir as rm
        from retnet_mlir import reference as ref
        text, sig = rm.retention_mlir(1, 1, 3, 4, 4, name="c_race")
        rng = np.random.default_rng(0)
        q, k, v = (rng.standard_normal((1, 1, 3, 4)).astype(np.float32) for _ in range(3))
        ld = np.full(1, -0.2, np.float32)
        for _ in range(3):
            out = rm.compile_module(text, {"c_race": sig})["c_race"](q, k, v, ld)
        print(float(np.abs(out - ref.parallel(q, k, v, ld)[0]).max()))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert float(out) < 1e-4
    assert len(list(cdir.glob("*.so"))) == 1 and len(list(cdir.glob("*.json"))) == 1
    assert not list(cdir.glob(".*.tmp"))
    forget_loaded()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run("c_race")
