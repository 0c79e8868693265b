"""Signatures from retnet-compile's ABI manifest, not from the MLIR text
(issue 13), and the artifacts' run-time error slot.

The hand-written manifests (the `abi_tool` fixture: the real compiler,
wrapped to write the manifest a test gives) check the reader; the others use
the compiler's own manifest and run-time checks."""

import subprocess
import textwrap

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import compiler
from retnet_mlir.runtime import Library
from conftest import abi_manifest

S = rm.TensorSpec

F_TEXT = ("func.func @f(%a: tensor<4x?xf32>) -> tensor<4x?xf32> {\n"
          "  return %a : tensor<4x?xf32>\n}\n")
F_ABI = abi_manifest(("f", [((4, -1), "f32")], [((4, -1), "f32")]))
GOOD = ([S((4, "N"))], [S((4, "N"))])


def spec_cases():
    """(specs, message) the checks must refuse for F_TEXT."""
    return [
        ((GOOD[0], [S((8, "N"))]), r"output 0 is tensor<4x\?xf32> in the module, but its TensorSpec "
                                   r"is tensor<8x\?xf32>"),
        (([S((4, "N"), "f64")], GOOD[1]), r"input 0 is tensor<4x\?xf32>.*tensor<4x\?xf64>"),
        ((GOOD[0] * 2, GOOD[1]), "declares 1 inputs, the specs give 2"),
        (([S(("M", "N"))], [S(("M", "N"))]), r"input 0 is tensor<4x\?xf32>.*names are for dynamic ones"),
        (([S((4, 3))], [S((4, 3))]), r"input 0 is tensor<4x\?xf32> in the module, but its TensorSpec is "
                                     r"tensor<4x3xf32>"),
        (([S((4, "N", 1))], [S((4, "N"))]), "input 0 is tensor<4x\\?xf32>"),
    ]


def check_all(compile_):
    assert compile_({"f": GOOD})["f"](np.ones((4, 3), np.float32)).shape == (4, 3)
    for specs, match in spec_cases():
        with pytest.raises(rm.RetNetError, match=match):
            compile_({"f": specs})


def test_specs_are_checked_against_a_handwritten_manifest(abi_tool):
    abi_tool(F_ABI)
    check_all(lambda fns: rm.compile_module(F_TEXT, fns))


def test_specs_are_checked_against_the_compilers_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path))
    check_all(lambda fns: rm.compile_module(F_TEXT, fns))
    mod = rm.compile_module(F_TEXT, {"f": GOOD})
    assert mod.abi["format"] == "retnet-abi" and mod.abi["target"] == "cpu"
    assert mod.abi["functions"][0]["inputs"] == [{"shape": [4, -1], "dtype": "f32"}]


# The comment that used to pass for the signature: the regex reader took the
# first "func.func @g(" of the text, in a comment, and the call wrote 1 MiB
# floats into a 4-float output (SIGSEGV).
BIG = 1 << 20
FAKE_TEXT = (f"// func.func @g(%a: tensor<4xf32>) -> tensor<4xf32>\n"
             f"func.func @g(%a: tensor<{BIG}xf32>) -> tensor<{BIG}xf32> {{\n"
             f"  return %a : tensor<{BIG}xf32>\n}}\n")
FAKE_SPECS = {"g": ([S((4,))], [S((4,))])}


def test_a_comment_is_not_the_signature(abi_tool):
    abi_tool(abi_manifest(("g", [((BIG,), "f32")], [((BIG,), "f32")])))
    with pytest.raises(rm.RetNetError, match=rf"input 0 is tensor<{BIG}xf32> in the module"):
        rm.compile_module(FAKE_TEXT, FAKE_SPECS)


def test_a_comment_is_not_the_signature_real_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("RETNET_MLIR_CACHE", str(tmp_path))
    with pytest.raises(rm.RetNetError, match=rf"input 0 is tensor<{BIG}xf32> in the module"):
        rm.compile_module(FAKE_TEXT, FAKE_SPECS)


def test_manifest_functions_symbols_and_aliases(abi_tool):
    text, (ins, outs) = rm.retention_mlir(None, 2, None, 8, 8, initial_state=True, return_state=True,
                                          name="st")
    dyn = [((-1, 2, -1, 8), "f32")] * 3 + [((2,), "f32"), ((-1, 2, 8, 8), "f32")]
    manifest = abi_manifest(("st", dyn, [((-1, 2, -1, 8), "f32"), ((-1, 2, 8, 8), "f32")], [(1, 4)]))
    abi_tool(manifest)
    mod = rm.compile_module(text, {"st": (ins, outs)})
    assert mod.abi == manifest
    with pytest.raises(rm.RetNetError, match="output 1 may be input 4 itself"):
        rm.compile_module(text, {"st": (ins, [outs[0], S(("T", 2, 8, 8))])})
    with pytest.raises(rm.RetNetKeyError, match="no public function 'other'"):
        rm.compile_module(text, {"other": (ins, outs)})
    with pytest.raises(rm.RetNetError, match="for target 'cpu', not 'cuda'"):
        rm.compile_module(text, {"st": (ins, outs)}, ["--target=cuda", "--gpu-emulate"])


@pytest.mark.parametrize("bad,match", [
    ("not json", "malformed ABI manifest"),
    ({"format": "retnet-abi", "version": 2, "target": "cpu", "functions": []}, "version 2"),
    ({"format": "other", "version": 1}, "not a 'retnet-abi' manifest"),
    (dict(F_ABI, functions=[{"name": "f", "symbol": "s", "inputs": [{"shape": [4, -2], "dtype": "f32"}],
                             "outputs": []}]), "extent -2"),
    (dict(F_ABI, target="tpu"), "target 'tpu'"),
])
def test_malformed_manifests_are_compile_errors(abi_tool, tmp_path, monkeypatch, bad, match):
    if isinstance(bad, str):
        p = tmp_path / "garbage.json"
        p.write_text(bad)
        monkeypatch.setenv("RETNET_TEST_ABI", str(p))
    else:
        abi_tool(bad)
    with pytest.raises(rm.CompileError, match=match):
        rm.compile_module(F_TEXT, {"f": GOOD})


def test_a_compiler_that_writes_no_manifest_is_refused(abi_tool):
    abi_tool(None)
    with pytest.raises(rm.CompileError, match="wrote no ABI manifest"):
        rm.compile_module(F_TEXT, {"f": GOOD})


def test_new_specs_for_the_same_text_are_a_new_module(abi_tool):
    """compile_module used to hand back the module of the first call, with
    its specs, when called again with the same text and other specs."""
    abi_tool(F_ABI)
    m1 = rm.compile_module(F_TEXT, {"f": GOOD})
    m2 = rm.compile_module(F_TEXT, {"f": ([S((4, "M"))], [S((4, "M"))])})
    assert m2 is not m1 and m2["f"].inputs[0].dims == (4, "M")
    assert rm.compile_module(F_TEXT, {"f": GOOD}) is m1
    assert m1.library is m2.library  # one artifact, loaded once
    with pytest.raises(rm.RetNetError, match="output 0 is"):
        rm.compile_module(F_TEXT, {"f": (GOOD[0], [S((8, "N"))])})


def test_output_names_must_be_bound_by_inputs():
    """An output extent named by no input used to be a raw KeyError at the first call."""
    text, sig = rm.retention_mlir(1, 2, None, 8, 8, name="unbound")
    ins, outs = sig
    with pytest.raises(rm.RetNetValueError, match="output 0 names its dimension 2 'U', which no input"):
        rm.compile_module(text, {"unbound": (ins, [S((1, 2, "U", 8))])})


def test_bad_spec_arguments_are_retnet_errors():
    with pytest.raises(rm.RetNetTypeError, match="has no numpy counterpart"):
        rm.compile_module(F_TEXT, {"f": ([S((4, "N"), "q8")], GOOD[1])})
    with pytest.raises(rm.RetNetValueError, match="TensorSpec dims"):
        S((4, -1))
    with pytest.raises(rm.RetNetValueError, match="TensorSpec dims"):
        S((True, "N"))
    with pytest.raises(rm.RetNetTypeError, match="non-empty dict"):
        rm.compile_module(F_TEXT, [("f", GOOD)])
    with pytest.raises(rm.RetNetTypeError, match="must be a TensorSpec"):
        rm.compile_module(F_TEXT, {"f": ([(4, "N")], GOOD[1])})
    with pytest.raises(rm.RetNetTypeError, match="options must be a list"):
        rm.compile_module(F_TEXT, {"f": GOOD}, "--schedule=auto")
    with pytest.raises(rm.RetNetTypeError, match="must be MLIR text"):
        rm.compile_module(b"bytes", {"f": GOOD})


# Run-time extent errors (retnet_last_error) ---------------------------------
MIXED = """\
func.func @mixed(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %v: tensor<1x2x?x8xf32>,
                 %ld: tensor<2xf32>) -> tensor<1x2x?x8xf32> {
  %out = retention.retention %q, %k, %v, %ld {scale = 1.0 : f32}
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>, tensor<2xf32>)
      -> tensor<1x2x?x8xf32>
  return %out : tensor<1x2x?x8xf32>
}
"""
MIXED_SPECS = {"mixed": ([S((1, 2, "T", 8)), S((1, 2, 16, 8)), S((1, 2, "T", 8)), S((2,))],
                         [S((1, 2, "T", 8))])}


def test_inconsistent_extents_raise_at_run_time():
    """q's T is dynamic, k's is 16: T = 4096 used to read far past k."""
    fn = rm.compile_module(MIXED, MIXED_SPECS)["mixed"]
    rng = np.random.default_rng(0)
    ld = np.full(2, -0.1, np.float32)
    k = rng.standard_normal((1, 2, 16, 8)).astype(np.float32)
    q16, v16 = (rng.standard_normal((1, 2, 16, 8)).astype(np.float32) for _ in range(2))
    ok = fn(q16, k, v16, ld)
    np.testing.assert_allclose(ok, rm.reference.parallel(q16, k, v16, ld)[0], rtol=1e-4, atol=1e-4)
    q, v = (rng.standard_normal((1, 2, 4096, 8)).astype(np.float32) for _ in range(2))
    for _ in range(2):  # the first call, then the cached plan's fast path
        with pytest.raises(rm.RetNetValueError, match=r"^mixed: .*\b16\b.*\b4096\b"):
            fn(q, k, v, ld)
    np.testing.assert_array_equal(fn(q16, k, v16, ld), ok)  # the error does not stick


def test_two_names_for_one_extent_raise_at_run_time():
    """q's T named 'T' and v's 'U': a call with T != U used to read past v."""
    text, (ins, outs) = rm.retention_mlir(1, 2, None, 8, 8, name="tu")
    ins = [ins[0], ins[1], S((1, 2, "U", 8)), ins[3]]
    fn = rm.compile_module(text, {"tu": (ins, outs)})["tu"]
    rng = np.random.default_rng(0)
    q = rng.standard_normal((1, 2, 4096, 8)).astype(np.float32)
    v = rng.standard_normal((1, 2, 1, 8)).astype(np.float32)
    with pytest.raises(rm.RetNetValueError, match=r"^tu: .*\b1\b.*\b4096\b"):
        fn(q, q, v, np.full(2, -0.1, np.float32))


ERR_C = r"""
#include <stdint.h>
#include <string.h>
#include <stdio.h>
typedef struct { float *alloc, *aligned; int64_t offset, size, stride; } m1;
static char msg[128];
static const char *err;
const char *retnet_last_error(void) { return err; }
void retnet_clear_error(void) { err = 0; }
void _mlir_ciface_f(m1 *in, m1 *out) {
  err = 0;
  if (in->size > 8) {
    snprintf(msg, sizeof msg, "operand 0 has %lld rows, at most 8", (long long)in->size);
    err = msg;
    return;
  }
  memcpy(out->aligned, in->aligned, in->size * sizeof(float));
}
"""


def test_error_slot_is_checked_after_every_call(tmp_path):
    """With a stand-in artifact: the first call and the cached-plan path
    both raise the artifact's message; a good call after it works."""
    (tmp_path / "err.c").write_text(ERR_C)
    so = tmp_path / "err.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(so), str(tmp_path / "err.c")], check=True)
    fn = rm.CompiledModule(so, {"f": ([S(("N",))], [S(("N",))])})["f"]
    assert fn.library.checks_errors
    x = np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(fn(x), x)
    big = np.arange(9, dtype=np.float32)
    for _ in range(3):
        with pytest.raises(rm.RetNetValueError, match="^f: operand 0 has 9 rows, at most 8$"):
            fn(big)
    np.testing.assert_array_equal(fn(x), x)
    out = np.empty(9, np.float32)
    with pytest.raises(rm.RetNetValueError, match="operand 0 has 9 rows"):
        fn.library.call("f", [big], [out])


def test_artifacts_without_the_error_slot_still_load(tmp_path):
    (tmp_path / "old.c").write_text(textwrap.dedent("""
        #include <stdint.h>
        #include <string.h>
        typedef struct { float *alloc, *aligned; int64_t offset, size, stride; } m1;
        void _mlir_ciface_f(m1 *in, m1 *out) { memcpy(out->aligned, in->aligned, in->size * 4); }
    """))
    so = tmp_path / "old.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(so), str(tmp_path / "old.c")], check=True)
    fn = rm.CompiledModule(so, {"f": ([S(("N",))], [S(("N",))])})["f"]
    assert not fn.library.checks_errors
    x = np.arange(3, dtype=np.float32)
    np.testing.assert_array_equal(fn(x), x)
    # ... but not when it comes with an ABI manifest: the compilers that
    # write one link the error slot into every artifact.
    manifest = abi_manifest(("f", [((-1,), "f32")], [((-1,), "f32")]))
    with pytest.raises(rm.RetNetError, match="exports no retnet_last_error"):
        rm.CompiledModule(Library(so, abi=manifest), {"f": ([S(("N",))], [S(("N",))])})


def test_module_function_lookup_errors():
    text, sig = rm.retention_mlir(1, 1, 2, 4, 4, name="lookup")
    mod = rm.compile_module(text, {"lookup": sig})
    with pytest.raises(KeyError):
        mod["nope"]
    with pytest.raises(rm.RetNetKeyError, match="no function 'nope'"):
        mod["nope"]
    with pytest.raises(rm.RetNetTypeError, match="expected a numpy array"):
        mod["lookup"](1, 2, 3, 4)
    with pytest.raises(rm.RetNetTypeError, match="takes 4 arrays, got 3"):
        mod["lookup"](*[np.zeros(s.dims, np.float32) for s in sig[0]][:3])
    assert compiler._MODULES  # the module table is in use


def test_one_tensor_returned_twice_fills_both_outputs():
    """A value returned in two result slots gets a buffer per slot (the
    pipeline crashed in buffer-results-to-out-params on one buffer for two
    results): both outputs equal the float64 reference (tolerance 1e-5
    relative to the max), and an argument returned twice is copied twice."""
    from retnet_mlir import reference as ref
    text = textwrap.dedent("""\
        func.func @f(%q: tensor<1x2x?x16xf32>, %ld: tensor<2xf32>)
            -> (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
                tensor<1x2x?x16xf32>) {
          %o = retention.retention %q, %q, %q, %ld : (tensor<1x2x?x16xf32>,
              tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<2xf32>)
              -> tensor<1x2x?x16xf32>
          return %o, %o, %q, %q : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
              tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>
        }
        """)
    t = S((1, 2, "T", 16))
    mod = rm.compile_module(text, {"f": ([t, S((2,))], [t, t, t, t])})
    rng = np.random.default_rng(0)
    q = rng.standard_normal((1, 2, 40, 16)).astype(np.float32)
    ld = np.log([0.9, 0.6]).astype(np.float32)
    o1, o2, q1, q2 = mod.f(q, ld)
    want = ref.parallel(q, q, q, ld)
    want = want[0] if isinstance(want, tuple) else want
    for o in (o1, o2):
        assert np.max(np.abs(o - want)) <= 1e-5 * np.max(np.abs(want))
    assert np.array_equal(q1, q) and np.array_equal(q2, q)
