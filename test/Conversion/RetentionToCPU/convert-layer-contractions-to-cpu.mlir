// RUN: retnet-opt %s -convert-layer-contractions-to-cpu -split-input-file | FileCheck %s
// RUN: retnet-opt %s -convert-layer-contractions-to-cpu="register-tile-rows=0" -split-input-file | FileCheck %s --check-prefix=OFF

// With the register tile off, every op stays a linalg.generic.
// OFF-LABEL: func.func @projection
// OFF:       linalg.generic
// OFF-NOT:   vector.fma

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// A projection (PyTorch's Linear layout, W [out, in]) with 16 rows: W is
// transposed by 16 x 16 vector blocks, then an 8 x 32 block of y stays in
// vector registers while the reduction over k runs (one broadcast x element
// per row, one unit-stride row of W^T); the loop over b (one iteration)
// carries y.
// CHECK-LABEL: func.func @projection(
// CHECK-NOT:     linalg.generic
// CHECK:         vector.transpose %{{.*}}, [1, 0] : vector<16x16xf32> to vector<16x16xf32>
// CHECK:         scf.for
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c32
// CHECK:               scf.for {{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK-COUNT-8:         vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @projection(%x: tensor<1x16x256xf32>, %w: tensor<512x256xf32>, %y: tensor<1x16x512xf32>) -> tensor<1x16x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x16x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x512xf32>
  return %r : tensor<1x16x512xf32>
}

// -----

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// A threaded tile of a projection (retention-parallelize-linalg): W is the
// whole tensor from outside the scf.forall, so its transpose is computed
// once before the loop, itself in 8 threaded blocks of 64 rows of W, and
// every tile reads it.
// CHECK-LABEL: func.func @threaded_tiles(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<1x128x256xf32>, %[[W:[a-z0-9_]+]]: tensor<512x256xf32>
// CHECK:         %[[WT:.*]] = scf.forall (%{{.*}}) in (8) shared_outs(%[[S:.*]] = %{{.*}}) -> (tensor<256x512xf32>)
// CHECK:           tensor.extract_slice %[[W]][%[[R:.*]], 0] [64, 256] [1, 1] : tensor<512x256xf32> to tensor<64x256xf32>
// CHECK:           vector.transpose
// CHECK:           tensor.parallel_insert_slice %{{.*}} into %[[S]][0, %[[R]]] [256, 64] [1, 1] : tensor<256x64xf32> into tensor<256x512xf32>
// CHECK:         scf.forall
// CHECK-NOT:       vector.transpose
// CHECK:           vector.transfer_read %[[WT]]
// CHECK:           vector.fma
// CHECK:           vector.fma
// CHECK:           scf.forall.in_parallel
func.func @threaded_tiles(%x: tensor<1x128x256xf32>, %w: tensor<512x256xf32>, %y: tensor<1x128x512xf32>) -> tensor<1x128x512xf32> {
  %r = scf.forall (%i) in (8) shared_outs(%o = %y) -> (tensor<1x128x512xf32>) {
    %off = affine.apply affine_map<(d0) -> (d0 * 16)>(%i)
    %xs = tensor.extract_slice %x[0, %off, 0] [1, 16, 256] [1, 1, 1] : tensor<1x128x256xf32> to tensor<1x16x256xf32>
    %ws = tensor.extract_slice %w[0, 0] [512, 256] [1, 1] : tensor<512x256xf32> to tensor<512x256xf32>
    %ys = tensor.extract_slice %o[0, %off, 0] [1, 16, 512] [1, 1, 1] : tensor<1x128x512xf32> to tensor<1x16x512xf32>
    %t = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
        ins(%xs, %ws : tensor<1x16x256xf32>, tensor<512x256xf32>) outs(%ys : tensor<1x16x512xf32>) {
    ^bb0(%a: f32, %b: f32, %c: f32):
      %m = arith.mulf %a, %b : f32
      %s = arith.addf %c, %m : f32
      linalg.yield %s : f32
    } -> tensor<1x16x512xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %t into %o[0, %off, 0] [1, 16, 512] [1, 1, 1] : tensor<1x16x512xf32> into tensor<1x128x512xf32>
    }
  }
  return %r : tensor<1x128x512xf32>
}

// -----

#x = affine_map<(b, h, t, d, k) -> (b, t, k)>
#w = affine_map<(b, h, t, d, k) -> (h, d, k)>
#y = affine_map<(b, h, t, d, k) -> (b, h, t, d)>

// Per-head projections (x [B, T, K] against W [H, D, K]): each head's
// matrix is transposed, and the contraction runs once per (b, h), reading
// x by b and W^T by h.
// CHECK-LABEL: func.func @heads(
// CHECK:         scf.for {{.*}} -> (tensor<4x64x32xf32>)
// CHECK:           vector.transpose
// CHECK:         scf.for %[[B:[a-z0-9_]+]] = {{.*}} -> (tensor<2x4x8x32xf32>)
// CHECK:           scf.for %[[H:[a-z0-9_]+]] = {{.*}} -> (tensor<2x4x8x32xf32>)
// CHECK-DAG:         tensor.extract_slice %{{.*}}[%[[B]], 0, 0] [1, 8, 64] [1, 1, 1] : tensor<2x8x64xf32> to tensor<8x64xf32>
// CHECK-DAG:         tensor.extract_slice %{{.*}}[%[[H]], 0, 0] [1, 64, 32] [1, 1, 1] : tensor<4x64x32xf32> to tensor<64x32xf32>
// CHECK-DAG:         tensor.extract_slice %{{.*}}[%[[B]], %[[H]], 0, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<2x4x8x32xf32> to tensor<8x32xf32>
// CHECK:             vector.fma
// CHECK:             tensor.insert_slice %{{.*}} into %{{.*}}[%[[B]], %[[H]], 0, 0] [1, 1, 8, 32]
func.func @heads(%x: tensor<2x8x64xf32>, %w: tensor<4x32x64xf32>, %y: tensor<2x4x8x32xf32>) -> tensor<2x4x8x32xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x8x64xf32>, tensor<4x32x64xf32>) outs(%y : tensor<2x4x8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x4x8x32xf32>
  return %r : tensor<2x4x8x32xf32>
}

// -----

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// Left alone: a decode step's matrix-vector product with W in torch's
// layout (one row: a transpose would double W's traffic), a body that is
// not a multiply-add, and f64.
// CHECK-LABEL: func.func @left_alone(
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT:     vector.fma
func.func @left_alone(%x1: tensor<1x1x256xf32>, %w: tensor<512x256xf32>, %y1: tensor<1x1x512xf32>,
                      %x: tensor<1x16x256xf32>, %y: tensor<1x16x512xf32>,
                      %xd: tensor<1x16x256xf64>, %wd: tensor<512x256xf64>, %yd: tensor<1x16x512xf64>)
    -> (tensor<1x1x512xf32>, tensor<1x16x512xf32>, tensor<1x16x512xf64>) {
  %a = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x1, %w : tensor<1x1x256xf32>, tensor<512x256xf32>) outs(%y1 : tensor<1x1x512xf32>) {
  ^bb0(%p: f32, %q: f32, %c: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1x512xf32>
  %b = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x16x512xf32>) {
  ^bb0(%p: f32, %q: f32, %c: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.maximumf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x512xf32>
  %c = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%xd, %wd : tensor<1x16x256xf64>, tensor<512x256xf64>) outs(%yd : tensor<1x16x512xf64>) {
  ^bb0(%p: f64, %q: f64, %o: f64):
    %m = arith.mulf %p, %q : f64
    %s = arith.addf %o, %m : f64
    linalg.yield %s : f64
  } -> tensor<1x16x512xf64>
  return %a, %b, %c : tensor<1x1x512xf32>, tensor<1x16x512xf32>, tensor<1x16x512xf64>
}

// -----

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#wkn = affine_map<(b, t, n, k) -> (k, n)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// W given as W^T [K, N] (a model graph's layout): no transpose, the
// contraction reads W^T's rows as they are. Sixteen rows take the 8 x 32
// register tile; a decode step's single row takes a 1 x 128 tile (four
// independent accumulators per row of W^T streamed once).
// CHECK-LABEL: func.func @transposed_weights(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<1x16x256xf32>, %[[W:[a-z0-9_]+]]: tensor<256x512xf32>
// CHECK-NOT:     vector.transpose
// CHECK:         vector.transfer_read %[[W]]{{.*}} : tensor<256x512xf32>, vector<32xf32>
// CHECK:         vector.fma {{.*}} : vector<32xf32>
// CHECK:         vector.transfer_read %[[W]]{{.*}} : tensor<256x512xf32>, vector<128xf32>
// CHECK:         vector.fma {{.*}} : vector<128xf32>
// CHECK-NOT:     linalg.generic
func.func @transposed_weights(%x: tensor<1x16x256xf32>, %w: tensor<256x512xf32>, %y: tensor<1x16x512xf32>,
                              %x1: tensor<1x1x256xf32>, %y1: tensor<1x1x512xf32>)
    -> (tensor<1x16x512xf32>, tensor<1x1x512xf32>) {
  %a = linalg.generic {indexing_maps = [#x, #wkn, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x256xf32>, tensor<256x512xf32>) outs(%y : tensor<1x16x512xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x512xf32>
  %b = linalg.generic {indexing_maps = [#x, #wkn, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x1, %w : tensor<1x1x256xf32>, tensor<256x512xf32>) outs(%y1 : tensor<1x1x512xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1x512xf32>
  return %a, %b : tensor<1x16x512xf32>, tensor<1x1x512xf32>
}

// -----

#x = affine_map<(b, h, t, d, k) -> (b, t, k)>
#w = affine_map<(b, h, t, d, k) -> (k, h, d)>
#y = affine_map<(b, h, t, d, k) -> (b, h, t, d)>

// Per-head projections with W^T [K, H, D]: head h's matrix is the strided
// [K, D] slice W^T[:, h, :].
// CHECK-LABEL: func.func @transposed_heads(
// CHECK-NOT:     vector.transpose
// CHECK:         scf.for %[[B:[a-z0-9_]+]] = {{.*}} -> (tensor<2x4x8x32xf32>)
// CHECK:           scf.for %[[H:[a-z0-9_]+]] = {{.*}} -> (tensor<2x4x8x32xf32>)
// CHECK-DAG:         tensor.extract_slice %{{.*}}[0, %[[H]], 0] [64, 1, 32] [1, 1, 1] : tensor<64x4x32xf32> to tensor<64x32xf32>
// CHECK:             vector.fma
func.func @transposed_heads(%x: tensor<2x8x64xf32>, %w: tensor<64x4x32xf32>, %y: tensor<2x4x8x32xf32>) -> tensor<2x4x8x32xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<2x8x64xf32>, tensor<64x4x32xf32>) outs(%y : tensor<2x4x8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<2x4x8x32xf32>
  return %r : tensor<2x4x8x32xf32>
}

// -----

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#wkn = affine_map<(b, t, n, k) -> (k, n)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// A decode step of a dynamic batch (t of extent 1): the batch runs along
// the rows, so W^T is streamed once per step, not once per sequence; whole
// 8-row tiles first, then the remaining rows (all of them below 8) as
// 1 x 128 matrix-vector tiles.
// CHECK-LABEL: func.func @decode_batch(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<?x1x256xf32>
// CHECK:         tensor.extract_slice %[[X]][0, 0, 0] [%{{.*}}, 1, 256] [1, 1, 1] : tensor<?x1x256xf32> to tensor<?x256xf32>
// CHECK:         %[[REM:.*]] = arith.remui
// CHECK:         %[[MAIN:.*]] = arith.subi %{{.*}}, %[[REM]]
// CHECK:         vector.fma {{.*}} : vector<32xf32>
// CHECK:         vector.fma {{.*}} : vector<128xf32>
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0] [%{{.*}}, 1, 512] [1, 1, 1] : tensor<?x512xf32> into tensor<?x1x512xf32>
// CHECK-NOT:     linalg.generic
func.func @decode_batch(%x: tensor<?x1x256xf32>, %w: tensor<256x512xf32>, %y: tensor<?x1x512xf32>) -> tensor<?x1x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #wkn, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<?x1x256xf32>, tensor<256x512xf32>) outs(%y : tensor<?x1x512xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x1x512xf32>
  return %r : tensor<?x1x512xf32>
}

// -----

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#wkn = affine_map<(b, t, n, k) -> (k, n)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>

// 20 rows: two whole 8 x 32 tiles, the last 4 rows as one 4 x 64 tile.
// CHECK-LABEL: func.func @row_tail(
// CHECK:         tensor.extract_slice %{{.*}}[0, 0] [16, 256] [1, 1] : tensor<20x256xf32> to tensor<16x256xf32>
// CHECK:         vector.fma {{.*}} : vector<32xf32>
// CHECK:         tensor.extract_slice %{{.*}}[16, 0] [4, 256] [1, 1] : tensor<20x256xf32> to tensor<4x256xf32>
// CHECK:         scf.for {{.*}} -> (vector<64xf32>, vector<64xf32>, vector<64xf32>, vector<64xf32>)
func.func @row_tail(%x: tensor<1x20x256xf32>, %w: tensor<256x512xf32>, %y: tensor<1x20x512xf32>) -> tensor<1x20x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #wkn, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x20x256xf32>, tensor<256x512xf32>) outs(%y : tensor<1x20x512xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x20x512xf32>
  return %r : tensor<1x20x512xf32>
}

// -----

#x = affine_map<(b, nb, t, nl, k) -> (b, t, k)>
#wp = affine_map<(b, nb, t, nl, k) -> (nb, k, nl)>
#y = affine_map<(b, nb, t, nl, k) -> (b, t, nb, nl)>

// Packed weights (a model graph's data tiling): W^T in panels [N/32, K, 32].
// The panel loop is outer; each panel is a contiguous [K, 32] matrix and
// its output the strided [T, 32] columns of y.
// CHECK-LABEL: func.func @packed_panels(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<1x16x256xf32>, %[[W:[a-z0-9_]+]]: tensor<16x256x32xf32>
// CHECK:         scf.for %[[B:[a-z0-9_]+]] =
// CHECK:           scf.for %[[P:[a-z0-9_]+]] =
// CHECK-DAG:         tensor.extract_slice %[[W]][%[[P]], 0, 0] [1, 256, 32] [1, 1, 1] : tensor<16x256x32xf32> to tensor<256x32xf32>
// CHECK-DAG:         tensor.extract_slice %{{.*}}[%[[B]], 0, %[[P]], 0] [1, 16, 1, 32] [1, 1, 1, 1] : tensor<1x16x16x32xf32> to tensor<16x32xf32>
// CHECK:             vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT:     linalg.generic
func.func @packed_panels(%x: tensor<1x16x256xf32>, %w: tensor<16x256x32xf32>, %y: tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32> {
  %r = linalg.generic {indexing_maps = [#x, #wp, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x256xf32>, tensor<16x256x32xf32>) outs(%y : tensor<1x16x16x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16x32xf32>
  return %r : tensor<1x16x16x32xf32>
}

// -----

#x = affine_map<(b, nb, t, nl, k) -> (b, t, k)>
#wp = affine_map<(b, nb, t, nl, k) -> (nb, k, nl)>
#y = affine_map<(b, nb, t, nl, k) -> (b, t, nb, nl)>

// A decode step on packed weights: one row per sequence, lanes capped at
// the panel's 32, and four partial sums over k (a matrix-vector product is
// otherwise bound by the latency of one FMA chain).
// CHECK-LABEL: func.func @packed_decode(
// CHECK:         scf.for {{.*}} step %c4{{.*}} -> (vector<32xf32>, vector<32xf32>, vector<32xf32>, vector<32xf32>)
// CHECK-COUNT-4:   vector.fma {{.*}} : vector<32xf32>
// CHECK:         arith.addf {{.*}} : vector<32xf32>
func.func @packed_decode(%x: tensor<?x1x256xf32>, %w: tensor<16x256x32xf32>, %y: tensor<?x1x16x32xf32>) -> tensor<?x1x16x32xf32> {
  %r = linalg.generic {indexing_maps = [#x, #wp, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<?x1x256xf32>, tensor<16x256x32xf32>) outs(%y : tensor<?x1x16x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x1x16x32xf32>
  return %r : tensor<?x1x16x32xf32>
}

// -----

#x = affine_map<(b, nb, t, nl, k) -> (b, t, k)>
#wp = affine_map<(b, nb, t, nl, k) -> (nb, k, nl)>
#y = affine_map<(b, nb, t, nl, k) -> (b, t, nb, nl)>

// y filled with a constant for this op: the accumulators start at the
// constant and the fill's destination takes the result; y is neither
// filled nor read (no fill, no transfer_read of the output).
// CHECK-LABEL: func.func @filled_init(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<1x16x256xf32>, %{{[a-z0-9_]+}}: tensor<16x256x32xf32>, %[[E:[a-z0-9_]+]]: tensor<1x16x16x32xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NOT:     linalg.fill
// CHECK:         %[[Z:.*]] = vector.broadcast %[[ZERO]] : f32 to vector<8x32xf32>
// CHECK-NOT:     vector.transfer_read {{.*}} : tensor<16x32xf32>, vector<8x32xf32>
// CHECK:         vector.extract %[[Z]][0]
// CHECK:         vector.fma {{.*}} : vector<32xf32>
// CHECK:         vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<16x32xf32>
// CHECK-NOT:     linalg.fill
// CHECK-NOT:     linalg.generic
func.func @filled_init(%x: tensor<1x16x256xf32>, %w: tensor<16x256x32xf32>, %e: tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %y = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %r = linalg.generic {indexing_maps = [#x, #wp, #y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x16x256xf32>, tensor<16x256x32xf32>) outs(%y : tensor<1x16x16x32xf32>) {
  ^bb0(%p: f32, %q: f32, %o: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x16x16x32xf32>
  return %r : tensor<1x16x16x32xf32>
}
