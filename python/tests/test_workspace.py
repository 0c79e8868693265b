"""The static buffer plan (retention-plan-buffers): a compiled function's
temporaries live in one workspace the runtime keeps per thread, so a call
allocates nothing once its thread has run it, whatever glibc's malloc
settings; results stay right with threads calling at once, with a planned
function calling another, and after retnet_release_workspace()."""

import json
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import retnet_mlir as rm

# t = 2 x + 1 (a [T, N] temporary: linalg ops are not fused, so bufferization
# allocates it), y[n] = sum_t t[t, n].
TEMPORARY = """
#id = affine_map<(t, n) -> (t, n)>
#col = affine_map<(t, n) -> (n)>
func.func @colsum(%x: tensor<?x{N}xf32>) -> tensor<{N}xf32> {
  %c0 = arith.constant 0 : index
  %two = arith.constant 2.0 : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %t = tensor.dim %x, %c0 : tensor<?x{N}xf32>
  %e = tensor.empty(%t) : tensor<?x{N}xf32>
  %y2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x{N}xf32>) outs(%e : tensor<?x{N}xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %two : f32
    %s = arith.addf %m, %one : f32
    linalg.yield %s : f32
  } -> tensor<?x{N}xf32>
  %e2 = tensor.empty() : tensor<{N}xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e2 : tensor<{N}xf32>) -> tensor<{N}xf32>
  %r = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%y2 : tensor<?x{N}xf32>) outs(%z : tensor<{N}xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  } -> tensor<{N}xf32>
  return %r : tensor<{N}xf32>
}
"""


def colsum_module(n, options=()):
    sig = ([rm.TensorSpec(("T", n))], [rm.TensorSpec((n,))])
    return rm.compile_module(TEMPORARY.replace("{N}", str(n)), {"colsum": sig}, list(options))


def colsum_reference(x):
    return (2.0 * x.astype(np.float64) + 1.0).sum(axis=0)


# Each run in a fresh interpreter: glibc's malloc as it starts (no
# keep_freed_memory from another test), a 64 MiB temporary (above glibc's
# largest mmap threshold, so an unplanned one is mapped and faulted in on
# every call), the minor page faults of 5 calls after 2 warm-up calls.
FAULTS_SCRIPT = """
import json, resource, sys
import numpy as np
import pytest
sys.path.insert(0, {tests!r})
from test_workspace import colsum_module, colsum_reference
mod = colsum_module(4096, {options!r})
x = np.random.default_rng(0).standard_normal((4096, 4096), dtype=np.float32)
for _ in range(2):
    y = mod.colsum(x)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    y = mod.colsum(x)
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
err = float(np.abs(y - colsum_reference(x)).max() / np.abs(colsum_reference(x)).max())
print(json.dumps({{"faults": faults, "err": err}}))
"""


def faults_of(options):
    script = FAULTS_SCRIPT.format(tests=os.path.dirname(__file__), options=list(options))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                       timeout=600)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_a_call_allocates_nothing():
    """Planned: 5 calls fault in (almost) no page (a few for numpy's
    [4096] outputs). The unplanned control (--plan-buffers=0) faults in the
    64 MiB temporary on every call: 5 x 16384 pages."""
    planned = faults_of([])
    assert planned["err"] < 1e-5
    assert planned["faults"] < 1000, planned
    unplanned = faults_of(["--plan-buffers=0"])
    assert unplanned["err"] < 1e-5
    assert unplanned["faults"] > 5 * 16384 * 0.9, unplanned


def test_threads_calling_at_once(rng):
    """Each thread has its own workspace: 4 threads x 25 calls with their
    own inputs (ctypes releases the GIL), each result against float64."""
    mod = colsum_module(256)
    inputs = [rng.standard_normal((17 + 13 * i, 256), dtype=np.float32) for i in range(4)]
    errors = []

    def work(x):
        ref = colsum_reference(x)
        for _ in range(25):
            y = mod.colsum(x)
            err = float(np.abs(y - ref).max() / np.abs(ref).max())
            if not err < 1e-5:
                errors.append(err)

    threads = [threading.Thread(target=work, args=(x,)) for x in inputs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_growing_then_released_workspace(rng):
    """A longer T than before grows the thread's workspace; after
    retnet_release_workspace() (exported by every artifact) the next call
    allocates it again."""
    mod = colsum_module(128)
    for rows in (3, 300, 40, 3000, 5):
        x = rng.standard_normal((rows, 128), dtype=np.float32)
        np.testing.assert_allclose(mod.colsum(x), colsum_reference(x), rtol=1e-5, atol=1e-3)
        if rows == 40:
            assert mod.release_workspace() is True


NESTED = """
#id = affine_map<(t) -> (t)>
func.func @inner(%x: tensor<4096xf32>) -> tensor<4096xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<4096xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4096xf32>) outs(%e : tensor<4096xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %one : f32
    linalg.yield %s : f32
  } -> tensor<4096xf32>
  %e2 = tensor.empty() : tensor<4096xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t : tensor<4096xf32>) outs(%e2 : tensor<4096xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.mulf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}
func.func @outer(%x: tensor<4096xf32>) -> tensor<4096xf32> {
  %two = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<4096xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4096xf32>) outs(%e : tensor<4096xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.mulf %a, %two : f32
    linalg.yield %s : f32
  } -> tensor<4096xf32>
  %u = func.call @inner(%t) : (tensor<4096xf32>) -> tensor<4096xf32>
  %e2 = tensor.empty() : tensor<4096xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%u, %t : tensor<4096xf32>, tensor<4096xf32>) outs(%e2 : tensor<4096xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.subf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}
"""


def test_planned_function_calling_another(rng):
    """outer's temporary 2x is live across its call of inner, which takes
    its own workspace (the next nesting level): (2x + 1)^2 - 2x."""
    spec = ([rm.TensorSpec((4096,))], [rm.TensorSpec((4096,))])
    mod = rm.compile_module(NESTED, {"outer": spec, "inner": spec})
    for _ in range(3):
        x = rng.standard_normal(4096, dtype=np.float32)
        x64 = x.astype(np.float64)
        np.testing.assert_allclose(mod.outer(x), (2 * x64 + 1) ** 2 - 2 * x64, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(mod.inner(x), (x64 + 1) ** 2, rtol=1e-5, atol=1e-5)


def test_exported_symbols():
    """The artifact exports the workspace release next to the call status;
    the acquire/release the generated code calls stay internal."""
    mod = colsum_module(64)
    lib = mod.library._lib
    assert hasattr(lib, "retnet_release_workspace")
    for hidden in ("retnet_rt_workspace_acquire", "retnet_rt_workspace_release"):
        try:
            getattr(lib, hidden)
        except AttributeError:
            continue
        raise AssertionError(f"{hidden} is exported")


# A forall whose iteration i needs a temporary of sz[i] floats: y[i] =
# x[i] * sz[i]. The iterations run on OpenMP threads.
PER_ITERATION = """
func.func @f(%x: tensor<4xf32>, %sz: tensor<4xi64>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %r = scf.forall (%i) in (4) shared_outs(%o = %init) -> tensor<4xf32> {
    %s = tensor.extract %sz[%i] : tensor<4xi64>
    %n = arith.index_cast %s : i64 to index
    %e = tensor.empty(%n) : tensor<?xf32>
    %xi = tensor.extract %x[%i] : tensor<4xf32>
    %f = linalg.fill ins(%xi : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
    %z0 = tensor.empty() : tensor<f32>
    %z = linalg.fill ins(%zero : f32) outs(%z0 : tensor<f32>) -> tensor<f32>
    %red = linalg.reduce ins(%f : tensor<?xf32>) outs(%z : tensor<f32>) dimensions = [0]
      (%a: f32, %b: f32) {
        %s2 = arith.addf %a, %b : f32
        linalg.yield %s2 : f32
      }
    %v = tensor.extract %red[] : tensor<f32>
    %vt = tensor.from_elements %v : tensor<1xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %vt into %o[%i] [1] [1] : tensor<1xf32> into tensor<4xf32>
    }
  }
  return %r : tensor<4xf32>
}
"""


def test_failed_workspace_on_a_worker_thread_is_reported():
    """An iteration that cannot get its workspace raises on the caller,
    whichever thread ran it (2^42 floats: no machine has 16 TiB), and
    computes nothing silently wrong; the next call is right again."""
    mod = rm.compile_module(PER_ITERATION, {"f": ([rm.TensorSpec((4,)), rm.TensorSpec((4,), "i64")],
                                                  [rm.TensorSpec((4,))])})
    x = np.array([1, 2, 3, 4], np.float32)
    sizes = np.array([3, 5, 7, 9], np.int64)
    np.testing.assert_allclose(mod.f(x, sizes), x * sizes)
    for huge_at in range(4):
        sz = sizes.copy()
        sz[huge_at] = 1 << 42
        with pytest.raises(rm.RetNetError, match="cannot allocate"):
            mod.f(x, sz)
    np.testing.assert_allclose(mod.f(x, sizes), x * sizes)


RECURSIVE = """
#id = affine_map<(i) -> (i)>
func.func private @rec(%x: tensor<64xf32>, %n: i64) -> tensor<64xf32> {
  %z = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %f1 = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<64xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %f1 : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %c = arith.cmpi sle, %n, %z : i64
  %r = scf.if %c -> tensor<64xf32> {
    scf.yield %x : tensor<64xf32>
  } else {
    %m = arith.subi %n, %one : i64
    %u = func.call @rec(%t, %m) : (tensor<64xf32>, i64) -> tensor<64xf32>
    scf.yield %u : tensor<64xf32>
  }
  return %r : tensor<64xf32>
}
func.func @top(%x: tensor<64xf32>, %n: tensor<i64>) -> tensor<64xf32> {
  %v = tensor.extract %n[] : tensor<i64>
  %r = func.call @rec(%x, %v) : (tensor<64xf32>, i64) -> tensor<64xf32>
  return %r : tensor<64xf32>
}
"""


def test_deeply_nested_planned_calls():
    """A planned function recursing n deep holds n workspaces at once: any
    depth works (x + n)."""
    mod = rm.compile_module(RECURSIVE, {"top": ([rm.TensorSpec((64,)), rm.TensorSpec((), "i64")],
                                                [rm.TensorSpec((64,))])})
    x = np.arange(64, dtype=np.float32)
    for n in (0, 1, 17, 300, 5):
        np.testing.assert_allclose(mod.top(x, np.array(n, np.int64)), x + n)


def test_outputs_are_reused_only_when_dropped(rng):
    """A call returns the previous call's output array again only when the
    caller no longer refers to it (nor to a view of it): a held result
    never changes under the caller."""
    mod = colsum_module(64)
    x1 = rng.standard_normal((10, 64), dtype=np.float32)
    x2 = rng.standard_normal((10, 64), dtype=np.float32)
    held = mod.colsum(x1)
    kept = held.copy()
    second = mod.colsum(x2)
    assert second.ctypes.data != held.ctypes.data
    np.testing.assert_array_equal(held, kept)
    view = second[::2]
    third = mod.colsum(x1)
    assert third.ctypes.data != second.ctypes.data
    np.testing.assert_allclose(view, colsum_reference(x2)[::2], rtol=1e-5, atol=1e-4)
    address = third.ctypes.data
    del third
    fourth = mod.colsum(x2)
    assert fourth.ctypes.data == address  # dropped: its buffer serves again
    np.testing.assert_allclose(fourth, colsum_reference(x2), rtol=1e-5, atol=1e-4)
