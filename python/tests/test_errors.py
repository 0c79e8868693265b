"""Bad input gets a clear Python exception, never a crash."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import retnet_mlir as rm


def good(B=1, H=2, T=5, Dk=8, Dv=8, dtype=np.float32):
    rng = np.random.default_rng(0)
    q = rng.standard_normal((B, H, T, Dk)).astype(dtype)
    k = rng.standard_normal((B, H, T, Dk)).astype(dtype)
    v = rng.standard_normal((B, H, T, Dv)).astype(dtype)
    ld = np.full(H, -0.1, dtype=np.float32)
    return q, k, v, ld


def test_wrong_dtype():
    q, k, v, ld = good()
    with pytest.raises(TypeError, match="float32 or float16"):
        rm.retention(q.astype(np.float64), k, v, ld)
    with pytest.raises(TypeError, match="k has dtype"):
        rm.retention(q, k.astype(np.float16), v, ld)
    with pytest.raises(TypeError, match="log_decay must be float32"):
        rm.retention(q, k, v, ld.astype(np.float64))


def test_not_an_array():
    q, k, v, ld = good()
    with pytest.raises(TypeError, match="q must be a numpy array"):
        rm.retention(q.tolist(), k, v, ld)


def test_non_contiguous():
    q, k, v, ld = good(Dk=8)
    with pytest.raises(ValueError, match="C-contiguous"):
        rm.retention(q[..., ::2], k[..., ::2], v, ld)


@pytest.mark.parametrize("case", ["rank", "kshape", "vshape", "ld", "zero", "state"])
def test_wrong_shapes(case):
    q, k, v, ld = good()
    kw = {}
    if case == "rank":
        q = q[0]
    elif case == "kshape":
        k = np.zeros((1, 2, 5, 4), np.float32)
    elif case == "vshape":
        v = np.zeros((1, 2, 6, 8), np.float32)
    elif case == "ld":
        ld = np.zeros(3, np.float32)
    elif case == "zero":
        q, k, v, ld = good(T=0)
    elif case == "state":
        kw["initial_state"] = np.zeros((1, 2, 8, 7), np.float32)
    with pytest.raises(ValueError):
        rm.retention(q, k, v, ld, **kw)


def test_bad_options():
    q, k, v, ld = good()
    with pytest.raises(ValueError, match="schedule must be one of"):
        rm.retention(q, k, v, ld, schedule="fast")
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        rm.retention(q, k, v, ld, schedule="chunkwise", chunk_size=0)
    with pytest.raises(ValueError, match="only applies to the chunkwise"):
        rm.retention(q, k, v, ld, schedule="parallel", chunk_size=16)
    with pytest.raises(ValueError, match="finite"):
        rm.retention(q, k, v, ld, scale=float("nan"))
    with pytest.raises(ValueError, match="decay_normalization with initial_state needs offset="):
        rm.retention(q, k, v, ld, decay_normalization=True,
                     initial_state=np.zeros((1, 2, 8, 8), np.float32))
    with pytest.raises(ValueError, match="offset only applies with decay_normalization"):
        rm.retention(q, k, v, ld, offset=3)
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="offset must be an integer >= 0"):
            rm.retention(q, k, v, ld, decay_normalization=True, offset=bad)


def test_compile_error_carries_location():
    bad = "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n  return %b : tensor<2xf32>\n}\n"
    with pytest.raises(rm.CompileError, match=r"module\.mlir:2:\d+: error"):
        rm.compile_module(bad, {"f": ([rm.TensorSpec((2,))], [rm.TensorSpec((2,))])})


def test_verifier_error_from_compiler():
    text, sig = rm.retention_mlir(1, 2, 4, 8, 8)
    text = text.replace("tensor<2xf32>", "tensor<3xf32>")
    with pytest.raises(rm.CompileError, match="log_decay must have shape"):
        rm.compile_module(text, {"retention": sig})


def test_compiled_function_checks_arrays():
    text, sig = rm.retention_mlir(None, 2, None, 8, 8)
    mod = rm.compile_module(text, {"retention": sig})
    q, k, v, ld = good(B=2, T=3)
    out = mod["retention"](q, k, v, ld)
    assert out.shape == (2, 2, 3, 8)
    with pytest.raises(ValueError, match="dimension 2 \\(T\\)"):
        mod["retention"](q, k, v[:, :, :2].copy(), ld)
    with pytest.raises(ValueError, match="dimension 3 must be 8"):
        mod["retention"](q, k, np.zeros((2, 2, 3, 9), np.float32), ld)
    with pytest.raises(rm.RetNetError, match="takes 4 arrays"):
        mod["retention"](q, k, v)


def test_repeated_calls_still_check_arrays():
    """After a first call, calls with the same shapes take a cached plan:
    arrays of those shapes with a wrong dtype, a strided layout or another
    type must still be rejected, and read-only inputs still work."""
    text, sig = rm.retention_mlir(None, 2, None, 8, 8)
    fn = rm.compile_module(text, {"retention": sig})["retention"]
    q, k, v, ld = good(B=2, T=3)
    first = fn(q, k, v, ld)
    with pytest.raises(TypeError, match="dtype"):
        fn(q.astype(np.float64), k, v, ld)
    wide = np.zeros((2, 2, 3, 16), np.float32)
    with pytest.raises(ValueError, match="C-contiguous"):
        fn(q, k, wide[..., ::2], ld)
    with pytest.raises(TypeError, match="numpy array"):
        fn(q.tolist(), k, v, ld)
    frozen = [a.copy() for a in (q, k, v, ld)]
    for a in frozen:
        a.flags.writeable = False
    np.testing.assert_array_equal(fn(*frozen), first)
    # Another T: a new plan, the right output shape.
    q2, k2, v2, _ = good(B=2, T=5)
    assert fn(q2, k2, v2, ld).shape == (2, 2, 5, 8)


def test_missing_tools_is_a_clear_error(tmp_path):
    env = dict(os.environ, RETNET_MLIR_TOOLS=str(tmp_path))
    code = textwrap.dedent("""
        import numpy as np, retnet_mlir as rm
        try:
            rm.find_tool("retnet-compile")
        except rm.ToolNotFoundError as e:
            print("OK", e)
    """)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.stdout.startswith("OK") and "RETNET_MLIR_TOOLS" in out.stdout


def test_works_from_any_directory(tmp_path):
    """Without RETNET_MLIR_TOOLS the package finds <repo>/build/bin itself."""
    env = {k: v for k, v in os.environ.items() if k != "RETNET_MLIR_TOOLS"}
    code = textwrap.dedent("""
        import numpy as np, retnet_mlir as rm
        q = np.ones((1, 1, 3, 4), np.float32)
        out = rm.retention(q, q, q, np.zeros(1, np.float32))
        # gamma = 1, q.k = 4: out[n] = 4 * (n + 1) * ones
        print(out[0, 0, :, 0].tolist())
    """)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[4.0, 8.0, 12.0]"


def test_cache_reuses_artifacts(tmp_path, monkeypatch):
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path))
    text, sig = rm.retention_mlir(1, 1, 2, 4, 4, name="cached")
    rm.compile_module(text, {"cached": sig})
    files = sorted(p.name for p in tmp_path.glob("*.so"))
    assert len(files) == 1
    mtime = (tmp_path / files[0]).stat().st_mtime_ns
    rm.compile_module(text, {"cached": sig})
    assert sorted(p.name for p in tmp_path.glob("*.so")) == files
    assert (tmp_path / files[0]).stat().st_mtime_ns == mtime


def test_specs_must_match_the_function_type():
    """A TensorSpec that disagrees with the compiled function (a static
    extent, the dtype, the number of arrays) is refused before anything is
    compiled or called: the compiled code would otherwise write outside the
    arrays it is given."""
    text = ("func.func @f(%a: tensor<4x?xf32>) -> tensor<4x?xf32> {\n"
            "  return %a : tensor<4x?xf32>\n}\n")
    good = ([rm.TensorSpec((4, "N"))], [rm.TensorSpec((4, "N"))])
    assert rm.compile_module(text, {"f": good})["f"](np.ones((4, 3), np.float32)).shape == (4, 3)
    with pytest.raises(rm.RetNetError, match=r"output 0 is tensor<4x\?xf32> in the module, but its "
                                             r"TensorSpec is tensor<8x\?xf32>"):
        rm.compile_module(text, {"f": (good[0], [rm.TensorSpec((8, "N"))])})
    with pytest.raises(rm.RetNetError, match="input 0 is tensor<4x\\?xf32>.*tensor<4x\\?xf64>"):
        rm.compile_module(text, {"f": ([rm.TensorSpec((4, "N"), "f64")], good[1])})
    with pytest.raises(rm.RetNetError, match="declares 1 inputs, the specs give 2"):
        rm.compile_module(text, {"f": (good[0] * 2, good[1])})


# Issue 13: bounds and values checked in Python --------------------------------
@pytest.mark.parametrize("chunk", [2**63 - 1, 2**62, 2**40, 2**32, 2**31, 2**30, 4097, -1, 0])
def test_chunk_size_is_bounded(chunk):
    """2^63-1 gave NaN, 2^32..2^62 SIGSEGV, 2^30 and 2^31 garbage."""
    q, k, v, ld = good()
    with pytest.raises(ValueError, match=r"chunk_size must be a positive integer <= 4096.*got "
                                         + str(chunk)) as e:
        rm.retention(q, k, v, ld, schedule="chunkwise", chunk_size=chunk)
    assert isinstance(e.value, rm.RetNetError)
    with pytest.raises(rm.RetNetError, match="chunk_size must be a positive integer <= 4096"):
        rm.retention_mlir(1, 2, 5, 8, 8, schedule="chunkwise", chunk_size=chunk)


@pytest.mark.parametrize("chunk", [True, 16.0, "16", np.float32(16)])
def test_chunk_size_must_be_an_int(chunk):
    q, k, v, ld = good()
    with pytest.raises(rm.RetNetError, match="chunk_size must be a positive integer <= 4096"):
        rm.retention(q, k, v, ld, schedule="chunkwise", chunk_size=chunk)


def test_largest_chunk_size_runs():
    q, k, v, ld = good(T=40)
    out = rm.retention(q, k, v, ld, schedule="chunkwise", chunk_size=np.int64(4096))
    np.testing.assert_allclose(out, rm.reference.parallel(q, k, v, ld)[0], rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("chunk", [2**40, 2**31, 4097, 0, 16.0, True])
def test_model_chunk_size_is_bounded(chunk):
    cfg = dict(decoder_embed_dim=16, decoder_value_embed_dim=16, decoder_retention_heads=2,
               decoder_ffn_embed_dim=16, decoder_layers=1, vocab_size=11)
    with pytest.raises(rm.RetNetError, match="RetNetModel: chunk_size must be a positive integer <= 4096"):
        rm.RetNetModel.from_config(cfg, chunk_size=chunk)


@pytest.mark.parametrize("name", ["scale", "group_norm_eps"])
@pytest.mark.parametrize("value", [1e40, -1e40, float("inf"), float("-inf"), float("nan")])
def test_f32_attributes_must_be_finite_in_f32(name, value):
    """1e40 is finite in Python but inf as an f32: it used to reach the
    verifier and come back as a dump of the IR."""
    q, k, v, ld = good()
    with pytest.raises(ValueError, match=f"{name} must be finite") as e:
        rm.retention(q, k, v, ld, **{name: value})
    assert isinstance(e.value, rm.RetNetError)
    with pytest.raises(rm.RetNetError, match=f"{name} must be finite"):
        rm.retention_mlir(1, 2, 5, 8, 8, **{name: value})


def test_f32_attributes_type_and_range():
    q, k, v, ld = good()
    with pytest.raises(TypeError, match="scale must be a real number"):
        rm.retention(q, k, v, ld, scale="0.5")
    with pytest.raises(rm.RetNetError, match="group_norm_eps must be >= 0"):
        rm.retention(q, k, v, ld, group_norm_eps=-1e-6)
    big = float(np.finfo(np.float32).max)
    assert rm.retention(q, k, v, ld, scale=1e-30).shape == q.shape  # tiny is fine


@pytest.mark.parametrize("bad", [0.1, 1e-9, float("nan"), float("inf")])
def test_log_decay_must_be_a_decay(bad):
    """gamma = exp(log_decay) > 1 (or NaN) used to run and grow without bound."""
    q, k, v, ld = good()
    ld[1] = bad
    with pytest.raises(ValueError, match="log_decay must be <= 0.*for head 1") as e:
        rm.retention(q, k, v, ld)
    assert isinstance(e.value, rm.RetNetError)


def test_log_decay_minus_inf_is_gamma_zero():
    q, k, v, ld = good(T=9)
    ld[0] = -np.inf
    out = rm.retention(q, k, v, ld)
    diag = np.einsum("td,td->t", q[0, 0].astype(np.float64), k[0, 0])[:, None] * v[0, 0]
    np.testing.assert_allclose(out[0, 0], diag, rtol=1e-5, atol=1e-5)
    want1 = rm.reference.parallel(q[:, 1:], k[:, 1:], v[:, 1:], ld[1:])[0]
    np.testing.assert_allclose(out[:, 1:], want1, rtol=1e-4, atol=1e-5)


def test_generate_rejects_negative_and_non_int_counts():
    cfg = dict(decoder_embed_dim=16, decoder_value_embed_dim=16, decoder_retention_heads=2,
               decoder_ffn_embed_dim=16, decoder_layers=1, vocab_size=11)
    m = rm.RetNetModel.from_config(cfg)
    p = np.array([[1, 2, 3]])
    for bad in (-1, -5, 2.0, True, "3"):
        with pytest.raises(ValueError, match="max_new_tokens must be an integer >= 0"):
            m.generate(p, bad)
    assert m.generate(p, 0).shape == (1, 3)


def test_tool_that_cannot_run_is_a_retnet_error(tmp_path, monkeypatch):
    """A retnet-compile that exists but cannot be executed used to be a raw
    PermissionError (OSError) from subprocess."""
    tool = tmp_path / "retnet-compile"
    tool.write_text("not a program")
    tool.chmod(0o644)
    monkeypatch.setenv("RETNET_MLIR_TOOLS", str(tmp_path))
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path / "cache"))
    q, k, v, ld = good()
    with pytest.raises(rm.ToolNotFoundError, match="cannot run"):
        rm.retention(q, k, v, ld)


def test_model_constructor_arguments_are_checked():
    """These used to escape as a raw AttributeError, TypeError or KeyError."""
    cfg = dict(decoder_embed_dim=16, decoder_value_embed_dim=16, decoder_retention_heads=2,
               decoder_ffn_embed_dim=16, decoder_layers=1, vocab_size=11)
    m = rm.RetNetModel.from_config(cfg)
    assert rm.RetNetModel(cfg, m.weights).config == m.config  # a dict config is converted
    with pytest.raises(rm.RetNetTypeError, match="weights must be the dict"):
        rm.RetNetModel(m.config, None)
    with pytest.raises(rm.RetNetValueError, match="weights lack embed_tokens.weight"):
        rm.RetNetModel(m.config, {})
    bad = dict(m.weights, **{"embed_tokens.weight": np.zeros((3, 3), np.float32)})
    with pytest.raises(rm.RetNetValueError, match="'embed_tokens.weight' has shape"):
        rm.RetNetModel(m.config, bad)
    with pytest.raises(rm.RetNetTypeError, match="seed must be an int"):
        rm.RetNetModel.from_config(cfg, seed="x")
    with pytest.raises(rm.RetNetValueError, match="kind must be 'prefill' or 'decode'"):
        m.schedules("bogus", 1, 1)
    with pytest.raises(KeyError, match="no reference config 'nope'"):
        rm.reference_config("nope")
