// RUN: retnet-opt %s -retention-parallelize-linalg | FileCheck %s
// RUN: retnet-opt %s -retention-parallelize-linalg="tiles=1" | FileCheck %s --check-prefix=ONE
// RUN: retnet-opt %s -retention-parallelize-linalg="min-iterations=1000000000" | FileCheck %s --check-prefix=BIG

// With one tile, or a threshold above every op, nothing changes, except
// that an op with a dynamic extent is split under a run-time comparison of
// its size with the threshold.
// ONE-NOT: scf.forall
// BIG-LABEL: func.func @prefill_projection
// BIG-NOT:   scf.forall
// BIG-LABEL: func.func @dynamic_rows
// BIG:       arith.cmpi uge, %{{.*}}, %c1000000000 : index
// BIG:       scf.forall

#x = affine_map<(b, t, n, k) -> (b, t, k)>
#w = affine_map<(b, t, n, k) -> (n, k)>
#y = affine_map<(b, t, n, k) -> (b, t, n)>
#id = affine_map<(i, j) -> (i, j)>

// A prefill projection (128 rows x 512 features x 256): the rows (the
// outermost parallel loop with at least 8 iterations; b has one) are split
// into 8 tiles of 16; the reduction is not split, each tile reads all of W.
// CHECK-LABEL: func.func @prefill_projection(
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: tensor<1x128x256xf32>, %[[W:[a-z0-9_]+]]: tensor<512x256xf32>, %[[Y:[a-z0-9_]+]]: tensor<1x128x512xf32>)
// CHECK:         %[[R:.*]] = scf.forall (%[[I:.*]]) in (8) shared_outs(%[[S:.*]] = %[[Y]])
// CHECK:           %[[XS:.*]] = tensor.extract_slice %[[X]][0, %{{.*}}, 0] [1, 16, 256] [1, 1, 1]
// CHECK:           %[[WS:.*]] = tensor.extract_slice %[[W]][0, 0] [512, 256] [1, 1]
// CHECK:           %[[YS:.*]] = tensor.extract_slice %[[S]][0, %{{.*}}, 0] [1, 16, 512] [1, 1, 1]
// CHECK:           %[[T:.*]] = linalg.generic {{.*}} ins(%[[XS]], %[[WS]] : tensor<1x16x256xf32>, tensor<512x256xf32>) outs(%[[YS]] : tensor<1x16x512xf32>)
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[T]] into %[[S]][0, %{{.*}}, 0] [1, 16, 512] [1, 1, 1]
// CHECK:         return %[[R]]
func.func @prefill_projection(%x: tensor<1x128x256xf32>, %w: tensor<512x256xf32>, %y: tensor<1x128x512xf32>) -> tensor<1x128x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x128x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x128x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x128x512xf32>
  return %r : tensor<1x128x512xf32>
}

// A decode step's matrix-vector product (one row): the output features are
// split instead, 8 tiles of 64 rows of W.
// CHECK-LABEL: func.func @decode_projection(
// CHECK:         scf.forall (%{{.*}}) in (8)
// CHECK:           tensor.extract_slice %{{.*}}[%{{.*}}, 0] [64, 256] [1, 1] : tensor<512x256xf32> to tensor<64x256xf32>
// CHECK:           linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x64xf32>)
func.func @decode_projection(%x: tensor<1x1x256xf32>, %w: tensor<512x256xf32>, %y: tensor<1x1x512xf32>) -> tensor<1x1x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x1x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x1x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1x512xf32>
  return %r : tensor<1x1x512xf32>
}

// A prompt of unknown length: the dynamic rows are split into 8 tiles whose
// sizes are computed at run time (the last one may be short).
// CHECK-LABEL: func.func @dynamic_rows(
// CHECK:         scf.forall (%{{.*}}) in (8)
// CHECK:           affine.min
// CHECK:           linalg.generic {{.*}} outs(%{{.*}} : tensor<1x?x512xf32>)
func.func @dynamic_rows(%x: tensor<1x?x256xf32>, %w: tensor<512x256xf32>, %y: tensor<1x?x512xf32>) -> tensor<1x?x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x?x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x?x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x?x512xf32>
  return %r : tensor<1x?x512xf32>
}

// Few parallel iterations: the longest parallel loop (4) gets 4 tiles, not
// 8, so none is empty.
// CHECK-LABEL: func.func @few_rows(
// CHECK:         scf.forall (%{{.*}}) in (4)
// CHECK:           linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2xf32>)
func.func @few_rows(%x: tensor<4x1x65536xf32>, %w: tensor<2x65536xf32>, %y: tensor<4x1x2xf32>) -> tensor<4x1x2xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<4x1x65536xf32>, tensor<2x65536xf32>) outs(%y : tensor<4x1x2xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x1x2xf32>
  return %r : tensor<4x1x2xf32>
}

// Too little work to pay for threads (32 points): left alone; so are fills
// and the retention kernels' own functions (threaded over (batch, head)).
// CHECK-LABEL: func.func @small(
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
// CHECK-NOT:     scf.forall
// CHECK-LABEL: func.func private @__retention_recurrent(
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @small(%a: tensor<4x8xf32>, %e: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %t = math.tanh %v : f32
    linalg.yield %t : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
func.func private @__retention_recurrent(%x: tensor<1x128x256xf32>, %w: tensor<512x256xf32>) -> tensor<1x128x512xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x128x512xf32>
  %y = linalg.fill ins(%cst : f32) outs(%e : tensor<1x128x512xf32>) -> tensor<1x128x512xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x128x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x128x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x128x512xf32>
  return %r : tensor<1x128x512xf32>
}

// Dynamic batch and length (one prefill artifact for every prompt): the
// dynamic loop inside the batch loop (T) is split, not the batch (often 1),
// so a one-prompt prefill still runs on every thread. The split runs when
// the call's iteration space, B x T x 512 x 256, has at least
// min-iterations points; else the op as it was, on the calling thread.
// CHECK-LABEL: func.func @dynamic_batch_and_rows(
// CHECK-DAG:     %[[B:.*]] = tensor.dim %{{.*}}, %c0 : tensor<?x?x256xf32>
// CHECK-DAG:     %[[T:.*]] = tensor.dim %{{.*}}, %c1{{.*}} : tensor<?x?x256xf32>
// CHECK:         %[[BT:.*]] = arith.muli %{{.*}}, %[[T]] : index
// CHECK:         %[[BTN:.*]] = arith.muli %[[BT]], %c512 : index
// CHECK:         %[[POINTS:.*]] = arith.muli %[[BTN]], %c256 : index
// CHECK:         %[[LARGE:.*]] = arith.cmpi uge, %[[POINTS]], %c32768 : index
// CHECK:         scf.if %[[LARGE]] -> (tensor<?x?x512xf32>) {
// CHECK:           scf.forall (%{{.*}}) in (8)
// CHECK:             tensor.extract_slice %{{.*}}[0, %{{.*}}, 0] [%{{.*}}, %{{.*}}, 256]
// CHECK:             linalg.generic {{.*}} outs(%{{.*}} : tensor<?x?x512xf32>)
// CHECK:         } else {
// CHECK-NEXT:      %[[WHOLE:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x?x256xf32>, tensor<512x256xf32>) outs(%{{.*}} : tensor<?x?x512xf32>)
// CHECK:           scf.yield %[[WHOLE]]
func.func @dynamic_batch_and_rows(%x: tensor<?x?x256xf32>, %w: tensor<512x256xf32>, %y: tensor<?x?x512xf32>) -> tensor<?x?x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<?x?x256xf32>, tensor<512x256xf32>) outs(%y : tensor<?x?x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x?x512xf32>
  return %r : tensor<?x?x512xf32>
}

// A decode step for any batch (T = 1): the lone outermost dynamic loop is
// left alone while a static loop has enough iterations: the 512 output
// features are split (each thread streams its part of W).
// CHECK-LABEL: func.func @dynamic_batch_decode(
// CHECK:         scf.forall (%{{.*}}) in (8)
// CHECK:           tensor.extract_slice %{{.*}}[0, 0, %{{.*}}] [%{{.*}}, 1, 64]
// CHECK:           linalg.generic {{.*}} outs(%{{.*}} : tensor<?x1x64xf32>)
func.func @dynamic_batch_decode(%x: tensor<?x1x65536xf32>, %w: tensor<512x65536xf32>, %y: tensor<?x1x512xf32>) -> tensor<?x1x512xf32> {
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<?x1x65536xf32>, tensor<512x65536xf32>) outs(%y : tensor<?x1x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x1x512xf32>
  return %r : tensor<?x1x512xf32>
}


#lx = affine_map<(b, h, p, t, l, k) -> (b, t, k)>
#lw = affine_map<(b, h, p, t, l, k) -> (h, p, k, l)>
#ly = affine_map<(b, h, p, t, l, k) -> (b, h, t, p, l)>

// A decode step's per-head projection on packed weights: the only loop
// with enough iterations is the innermost, the vector lanes of a panel;
// the heads and panels outside it are split instead (4 x 2 tiles), so each
// tile keeps whole 32-lane rows.
// CHECK-LABEL: func.func @lanes_stay_whole(
// CHECK:         scf.forall (%{{.*}}, %{{.*}}) in (4, 2)
// CHECK:           linalg.generic
// CHECK-SAME:        ins(%{{.*}}, %{{.*}} : tensor<?x1x256xf32>, tensor<1x1x256x32xf32>)
func.func @lanes_stay_whole(%x: tensor<?x1x256xf32>, %w: tensor<4x2x256x32xf32>, %y: tensor<?x4x1x2x32xf32>) -> tensor<?x4x1x2x32xf32> {
  %r = linalg.generic {indexing_maps = [#lx, #lw, #ly], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<?x1x256xf32>, tensor<4x2x256x32xf32>) outs(%y : tensor<?x4x1x2x32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<?x4x1x2x32xf32>
  return %r : tensor<?x4x1x2x32xf32>
}

// The fill of the op's init runs in the same tiles: each thread fills the
// rows it computes (no serial fill of the whole output before the loop).
// CHECK-LABEL: func.func @filled_projection(
// CHECK-SAME:    %{{[a-z0-9_]+}}: tensor<1x128x256xf32>, %{{[a-z0-9_]+}}: tensor<512x256xf32>, %[[E:[a-z0-9_]+]]: tensor<1x128x512xf32>)
// CHECK-NOT:     linalg.fill
// CHECK:         scf.forall (%{{.*}}) in (8) shared_outs(%[[S:.*]] = %[[E]])
// CHECK:           %[[YS:.*]] = tensor.extract_slice %[[S]][0, %{{.*}}, 0] [1, 16, 512] [1, 1, 1]
// CHECK:           %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[YS]] : tensor<1x16x512xf32>)
// CHECK:           linalg.generic {{.*}} outs(%[[F]] : tensor<1x16x512xf32>)
// CHECK:           scf.forall.in_parallel
// CHECK-NOT:     linalg.fill
// CHECK:         return
func.func @filled_projection(%x: tensor<1x128x256xf32>, %w: tensor<512x256xf32>, %e: tensor<1x128x512xf32>) -> tensor<1x128x512xf32> {
  %cst = arith.constant 0.0 : f32
  %y = linalg.fill ins(%cst : f32) outs(%e : tensor<1x128x512xf32>) -> tensor<1x128x512xf32>
  %r = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<1x128x256xf32>, tensor<512x256xf32>) outs(%y : tensor<1x128x512xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %c, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x128x512xf32>
  return %r : tensor<1x128x512xf32>
}
