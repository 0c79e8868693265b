"""The C++ half of issue 13 ("Hardening, round two"), seen from a compiled
artifact: run-time extent checks and the call status (retnet_last_error),
the chunk-size bound, the ABI manifest.

The entry points are called through ctypes directly (memref descriptors
from retnet_mlir.runtime.Descriptors), so what is tested is the artifact
itself, not the Python package's own checks in front of it.
"""

import ctypes
import json
import subprocess

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import reference as ref
from retnet_mlir.errors import CompileError
from retnet_mlir.runtime import Descriptors

S = rm.TensorSpec
SENTINEL = np.float32(12345.0)

STATIC_K = """
func.func @prefill(%q: tensor<1x2x?x8xf32>, %k: tensor<1x2x16x8xf32>, %v: tensor<1x2x?x8xf32>,
                   %ld: tensor<2xf32>) -> tensor<1x2x?x8xf32> {
  %o = retention.retention %q, %k, %v, %ld {scale = 0.25 : f32}
      : (tensor<1x2x?x8xf32>, tensor<1x2x16x8xf32>, tensor<1x2x?x8xf32>,
         tensor<2xf32>) -> tensor<1x2x?x8xf32>
  return %o : tensor<1x2x?x8xf32>
}
"""
STATIC_K_SPECS = {"prefill": ([S((1, 2, "T", 8)), S((1, 2, 16, 8)), S((1, 2, "T", 8)), S((2,))],
                              [S((1, 2, "T", 8))])}

DECODE = """
func.func @decode(%q: tensor<?x2x1x8xf32>, %ld: tensor<2xf32>, %s0: tensor<?x2x8x8xf32>)
    -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>) {
  %o, %s = retention.retention %q, %q, %q, %ld init(%s0)
      : (tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<?x2x1x8xf32>, tensor<2xf32>,
         tensor<?x2x8x8xf32>) -> (tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>)
  return %o, %s : tensor<?x2x1x8xf32>, tensor<?x2x8x8xf32>
}
"""
DECODE_SPECS = {"decode": ([S(("B", 2, 1, 8)), S((2,)), S(("B", 2, 8, 8))],
                           [S(("B", 2, 1, 8)), S(("B", 2, 8, 8))])}


def cdll(module):
    """The artifact's ctypes handle (the one the module loaded)."""
    lib = getattr(module.library, "_lib", None)
    return lib if lib is not None else ctypes.CDLL(str(module.library.path))


def last_error(lib):
    fn = lib.retnet_last_error
    fn.restype, fn.argtypes = ctypes.c_char_p, []
    msg = fn()
    return msg.decode() if msg else None


def call(lib, name, inputs, outputs):
    """Calls _mlir_ciface_<name> on numpy arrays; returns the call status."""
    arrays = list(inputs) + list(outputs)
    buf, addresses = Descriptors([a.shape for a in arrays]).fill(arrays)
    fn = getattr(lib, f"_mlir_ciface_{name}")
    fn.restype = None
    fn(*[ctypes.c_void_p(a) for a in addresses])
    del buf
    return last_error(lib)


def inputs_static_k(rng, T, Tk=16):
    q = rng.standard_normal((1, 2, T, 8)).astype(np.float32)
    k = rng.standard_normal((1, 2, Tk, 8)).astype(np.float32)
    v = rng.standard_normal((1, 2, T, 8)).astype(np.float32)
    ld = np.array([-0.1, -0.5], dtype=np.float32)
    return q, k, v, ld


def test_static_k_against_dynamic_q_is_checked_at_run_time(rng):
    """q [1, 2, ?, 8] with k [1, 2, 16, 8]: T = 4096 used to read past k and
    return NaN garbage. Now the entry point reports the mismatch and leaves
    its output unwritten; a correct call right after clears the status and
    computes the reference's numbers."""
    module = rm.compile_module(STATIC_K, STATIC_K_SPECS)
    lib = cdll(module)
    q, k, v, ld = inputs_static_k(rng, 4096)
    out = np.full((1, 2, 4096, 8), SENTINEL, dtype=np.float32)
    err = call(lib, "prefill", [q, k, v, ld], [out])
    assert err == "prefill: operand 1 (k) dim 2 is 16 but operand 0 (q) dim 2 is 4096"
    assert np.all(out == SENTINEL), "nothing may be written on a mismatch"

    q, k, v, ld = inputs_static_k(rng, 16)
    out = np.full((1, 2, 16, 8), SENTINEL, dtype=np.float32)
    assert call(lib, "prefill", [q, k, v, ld], [out]) is None
    expected, _ = ref.parallel(q, k, v, ld, scale=0.25)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)


def test_the_package_raises_the_artifacts_message(rng):
    """Through the package's own call path the status surfaces as an error
    with the artifact's message."""
    module = rm.compile_module(STATIC_K, STATIC_K_SPECS)
    q, k, v, ld = inputs_static_k(rng, 4096)
    with pytest.raises(ValueError, match=r"operand 1 \(k\) dim 2 is 16 but operand 0 \(q\) dim 2 is 4096"):
        module.prefill(q, k, v, ld)
    q, k, v, ld = inputs_static_k(rng, 16)
    out = module.prefill(q, k, v, ld)
    assert np.all(np.isfinite(out))


def test_short_output_is_refused(rng):
    """The caller allocates the outputs: one shorter than q's T would be
    written past its end."""
    module = rm.compile_module(STATIC_K, STATIC_K_SPECS)
    lib = cdll(module)
    q, k, v, ld = inputs_static_k(rng, 16)
    out = np.full((1, 2, 4, 8), SENTINEL, dtype=np.float32)
    err = call(lib, "prefill", [q, k, v, ld], [out])
    assert err == "prefill: operand 4 (result 0) dim 2 is 4 but operand 0 dim 2 is 16"
    assert np.all(out == SENTINEL)


def test_state_batch_against_q_batch(rng):
    """A decode step's state [?, H, Dk, Dv] must have q's B (and so must both
    outputs): a state of B = 3 with q of B = 1 is refused, the state
    untouched."""
    module = rm.compile_module(DECODE, DECODE_SPECS)
    lib = cdll(module)
    q = rng.standard_normal((1, 2, 1, 8)).astype(np.float32)
    ld = np.array([-0.1, -0.5], dtype=np.float32)
    s0 = rng.standard_normal((3, 2, 8, 8)).astype(np.float32)
    out = np.full((1, 2, 1, 8), SENTINEL, dtype=np.float32)
    st = np.full((3, 2, 8, 8), SENTINEL, dtype=np.float32)
    err = call(lib, "decode", [q, ld, s0], [out, st])
    assert err == "decode: operand 2 (initial_state) dim 0 is 3 but operand 0 (q) dim 0 is 1"
    assert np.all(out == SENTINEL) and np.all(st == SENTINEL)

    # In place (the final state is the initial state's buffer), consistent.
    s0 = rng.standard_normal((1, 2, 8, 8)).astype(np.float32)
    expected_out, expected_state = ref.recurrent(q, q, q, ld, initial_state=s0)
    out = np.full((1, 2, 1, 8), SENTINEL, dtype=np.float32)
    assert call(lib, "decode", [q, ld, s0], [out, s0]) is None
    np.testing.assert_allclose(out, expected_out, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s0, expected_state, rtol=1e-4, atol=1e-5)


def test_status_is_cleared_by_retnet_clear_error(rng):
    module = rm.compile_module(STATIC_K, STATIC_K_SPECS)
    lib = cdll(module)
    q, k, v, ld = inputs_static_k(rng, 32)
    out = np.empty((1, 2, 32, 8), dtype=np.float32)
    assert call(lib, "prefill", [q, k, v, ld], [out]) is not None
    lib.retnet_clear_error.restype = None
    lib.retnet_clear_error()
    assert last_error(lib) is None


# The chunk-size bound --------------------------------------------------------

def chunkwise_text(T, chunk):
    t = "?" if T is None else str(T)
    ty = f"tensor<1x2x{t}x8xf32>"
    return f"""
func.func @f(%q: {ty}, %ld: tensor<2xf32>) -> {ty} {{
  %o = retention.retention %q, %q, %q, %ld {{schedule = #retention.schedule<chunkwise, chunk_size = {chunk}>}}
      : ({ty}, {ty}, {ty}, tensor<2xf32>) -> {ty}
  return %o : {ty}
}}
"""


@pytest.mark.parametrize("chunk", [4097, 2 ** 31, 2 ** 40, 2 ** 63 - 1])
def test_pinned_chunk_size_beyond_the_bound_is_a_compile_error(chunk):
    """2^31 used to be killed for memory, 2^32..2^62 to crash, 2^63-1 to
    compute NaN; all of them compiled."""
    with pytest.raises(CompileError, match=f"chunk_size must be at most 4096 .*got {chunk}"):
        rm.compile_module(chunkwise_text(100, chunk), {"f": ([S((1, 2, 100, 8)), S((2,))],
                                                             [S((1, 2, 100, 8))])})


@pytest.mark.parametrize("chunk", [2 ** 40, 2 ** 63 - 1])
def test_chunk_size_option_beyond_the_bound_is_a_compile_error(chunk):
    tool = rm.find_tool("retnet-compile")
    proc = subprocess.run([tool, "--schedule=chunkwise", f"--chunk-size={chunk}", "--emit=mlir",
                           "-o", "-"], input=chunkwise_text(None, 64).replace(
                               "{schedule = #retention.schedule<chunkwise, chunk_size = 64>}", ""),
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert f"--chunk-size must be at most 4096 (a C x C f32 tile of 64 MiB), got {chunk}" in proc.stderr


@pytest.mark.parametrize("T", [100, None])
def test_chunk_size_at_the_bound_runs(rng, T):
    """C = 4096 on T = 100: static T is one chunk of 100 rows; a dynamic T
    keeps the 4096-row chunk (a 64 MiB tile at most). Both are correct."""
    dims = (1, 2, "T" if T is None else T, 8)
    module = rm.compile_module(chunkwise_text(T, 4096), {"f": ([S(dims), S((2,))], [S(dims)])})
    q = rng.standard_normal((1, 2, 100, 8)).astype(np.float32) * 0.3
    ld = np.array([-0.05, -0.3], dtype=np.float32)
    out = module.f(q, ld)
    expected, _ = ref.parallel(q, q, q, ld)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
