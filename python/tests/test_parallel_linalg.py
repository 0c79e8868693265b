"""Layer-level linalg ops split into threaded tiles (retention-parallelize-linalg,
on with --openmp) compute what they computed on one thread: a projection with
a run-time row count that 8 tiles do not divide evenly, and a decode step's
matrix-vector product split along its output features, against float64 numpy."""

import numpy as np
import pytest

import retnet_mlir as rm

PROJECTION_TEMPLATE = """
#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>
func.func @proj(%x: tensor<1x?x256xf32>, %w: tensor<512x256xf32>) -> tensor<1x?x512xf32> {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %t = tensor.dim %x, %c1 : tensor<1x?x256xf32>
  %e = tensor.empty(%t) : tensor<1x?x512xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x?x512xf32>) -> tensor<1x?x512xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y],
                       iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x?x256xf32>, tensor<512x256xf32>) outs(%z : tensor<1x?x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x?x512xf32>
  return %r : tensor<1x?x512xf32>
}
"""


def projection(n):
    """The projection with n output features (W [n, 256])."""
    text = PROJECTION_TEMPLATE.replace("512", str(n))
    sig = ([rm.TensorSpec((1, "T", 256)), rm.TensorSpec((n, 256))],
           [rm.TensorSpec((1, "T", n))])
    return text, sig


PROJECTION, SIG = projection(512)


@pytest.mark.parametrize("features", [512, 200])
@pytest.mark.parametrize("openmp", ["--openmp=1", "--openmp=0"])
@pytest.mark.parametrize("rows", [1, 5, 37, 128])
def test_threaded_projection_matches_float64(openmp, rows, features):
    """200 features: W's threaded transpose has a short last block (7 blocks
    of 32 rows, the last with 8)."""
    rng = np.random.default_rng(rows)
    x = rng.standard_normal((1, rows, 256)).astype(np.float32)
    w = (rng.standard_normal((features, 256)) / 16).astype(np.float32)
    text, sig = projection(features)
    fn = rm.compile_module(text, {"proj": sig}, [openmp])["proj"]
    got = fn(x, w)
    want = x.astype(np.float64) @ w.astype(np.float64).T
    # f32 dot products of length 256 with O(1) terms: 1e-5 relative to the
    # largest output is far above rounding and far below any wrong tile.
    assert got.shape == want.shape
    err = np.max(np.abs(got - want)) / np.max(np.abs(want))
    assert err < 1e-5, err


HEADS = """
#x = affine_map<(b, h, t, d, k) -> (b, t, k)>
#w = affine_map<(b, h, t, d, k) -> (h, d, k)>
#y = affine_map<(b, h, t, d, k) -> (b, h, t, d)>
func.func @heads(%x: tensor<2x20x48xf32>, %w: tensor<3x40x48xf32>) -> tensor<2x3x20x40xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x3x20x40xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x3x20x40xf32>) -> tensor<2x3x20x40xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x20x48xf32>, tensor<3x40x48xf32>) outs(%z : tensor<2x3x20x40xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x3x20x40xf32>
  return %r : tensor<2x3x20x40xf32>
}
"""


@pytest.mark.parametrize("options", [[], ["--openmp=0"]])
def test_register_tiled_head_projection_matches_float64(options):
    """The per-head form (x [B, T, K] against W [H, D, K]) with edges that no
    tile divides: 20 rows (register tiles of 8), 40 features (32 lanes), a
    reduction of 48 (16 x 16 transpose blocks)."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 20, 48)).astype(np.float32)
    w = rng.standard_normal((3, 40, 48)).astype(np.float32)
    sig = ([rm.TensorSpec((2, 20, 48)), rm.TensorSpec((3, 40, 48))],
           [rm.TensorSpec((2, 3, 20, 40))])
    got = rm.compile_module(HEADS, {"heads": sig}, options)["heads"](x, w)
    want = np.einsum("btk,hdk->bhtd", x.astype(np.float64), w.astype(np.float64))
    err = np.max(np.abs(got - want)) / np.max(np.abs(want))
    assert err < 1e-5, err
