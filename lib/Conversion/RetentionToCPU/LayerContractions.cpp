//===- LayerContractions.cpp - register-tiled layer projections -----------===//
//
// convert-layer-contractions-to-cpu: the projections of a model graph,
// y[..., t, n] += x[..., t, k] * W[..., n, k] as linalg.generic (torch's
// Linear layout), otherwise lowered as one dot product per output element,
// become the register-tiled contraction the retention lowering uses
// (TileBuilder::contractTiled) on a transposed W.
//
//===----------------------------------------------------------------------===//

#include "retnet/Conversion/RetentionCommon/TileBuilder.h"
#include "retnet/Conversion/RetentionToCPU/RetentionToCPU.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
#include "retnet/Limits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

#include <optional>

namespace mlir {
#define GEN_PASS_DEF_CONVERTLAYERCONTRACTIONSTOCPU
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using retention::TileBuilder;

namespace {

/// A matched projection: loops (outer..., t, n, k), y indexed by all but k
/// (outer loops in order, t before n), x by (some outer..., t, k), W by
/// (some outer..., n, k) (torch's Linear layout, `transposeW`) or by some
/// outer loops in order with k placed anywhere and n last: W^T [k, n] or
/// [k, h, n] (in-features major), or W^T packed into panels [nb, k, n] (a
/// model graph's data-tiled weights: each panel's rows of n lanes are
/// contiguous, the loop nb over panels is outer).
struct Projection {
  linalg::GenericOp op;
  SmallVector<unsigned> xDims, wDims, yDims; ///< the loop of each tensor dim
  unsigned t = 0;                            ///< loops before t are outer
  bool transposeW = false;
  int64_t rows = ShapedType::kDynamic; ///< static extent of t, if any
};
/// The loop index of each result of `map` (all must be plain dims).
static std::optional<SmallVector<unsigned>> dimsOf(AffineMap map) {
  SmallVector<unsigned> dims;
  for (AffineExpr e : map.getResults()) {
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d)
      return std::nullopt;
    dims.push_back(d.getPosition());
  }
  return dims;
}

static std::optional<Projection> matchProjection(linalg::GenericOp op,
                                                 int64_t minRows) {
  // A contraction (upstream's test: the body is out + a * b), all f32.
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !op.hasPureTensorSemantics() || !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  for (Value v : op->getOperands())
    if (!cast<RankedTensorType>(v.getType()).getElementType().isF32())
      return std::nullopt;
  unsigned numLoops = op.getNumLoops();
  if (numLoops < 3)
    return std::nullopt;
  unsigned t = numLoops - 3, n = numLoops - 2, k = numLoops - 1;
  SmallVector<utils::IteratorType> kinds = op.getIteratorTypesArray();
  for (unsigned i = 0; i < numLoops; ++i)
    if ((kinds[i] == utils::IteratorType::reduction) != (i == k))
      return std::nullopt;
  // Upstream's dimension roles: k, the innermost loop, is the only
  // reduction; t indexes x's rows (an M dim), n W's columns (an N dim).
  FailureOr<linalg::ContractionDimensions> roles =
      linalg::inferContractionDims(op);
  if (failed(roles) || roles->k != SmallVector<unsigned, 2>{k} ||
      !llvm::is_contained(roles->m, t) || !llvm::is_contained(roles->n, n))
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto x = dimsOf(maps[0]), w = dimsOf(maps[1]), y = dimsOf(maps[2]);
  if (!x || !w || !y || y->size() != numLoops - 1 || x->size() < 2 ||
      w->size() < 2)
    return std::nullopt;
  // Outer loops of an operand: before t, each at most once, in order.
  auto outerInOrder = [&](ArrayRef<unsigned> dims) {
    for (auto [i, d] : llvm::enumerate(dims))
      if (d >= t || (i > 0 && d <= dims[i - 1]))
        return false;
    return true;
  };
  ArrayRef<unsigned> xd(*x), wd(*w);
  if (xd.take_back(2) != ArrayRef<unsigned>{t, k} ||
      !outerInOrder(xd.drop_back(2)))
    return std::nullopt;
  // y: every loop but k once; its outer loops in order, then t before n
  // (a panel loop of packed weights may sit between them).
  ArrayRef<unsigned> yd(*y);
  SmallVector<unsigned> yOuter;
  int tPos = -1, nPos = -1;
  for (auto [i, d] : llvm::enumerate(yd)) {
    if (d == t)
      tPos = i;
    else if (d == n)
      nPos = i;
    else
      yOuter.push_back(d);
  }
  if (tPos < 0 || nPos < tPos || yOuter.size() != t || !outerInOrder(yOuter))
    return std::nullopt;
  Projection p{op, *x, *w, *y, t};
  auto without = [](ArrayRef<unsigned> dims, unsigned drop) {
    SmallVector<unsigned> rest;
    for (unsigned d : dims)
      if (d != drop)
        rest.push_back(d);
    return rest;
  };
  if (wd.take_back(2) == ArrayRef<unsigned>{n, k} &&
      outerInOrder(wd.drop_back(2))) {
    p.transposeW = true;
  } else if (!(wd.back() == n && llvm::count(wd, k) == 1 &&
               outerInOrder(without(wd.drop_back(), k)))) {
    return std::nullopt;
  }
  p.rows = op.getStaticLoopRanges()[t];
  // A matrix-vector product (a decode step) in torch's layout stays a dot
  // product per output: transposing W would double its memory traffic.
  if (p.transposeW && !ShapedType::isDynamic(p.rows) && p.rows < minRows)
    return std::nullopt;
  return p;
}

/// Offsets, sizes and strides of the matrix [lead..., :, :] of `t`.
struct MatrixSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
static MatrixSlice matrixAt(ImplicitLocOpBuilder &b, Value t, ValueRange lead) {
  int64_t rank = cast<RankedTensorType>(t.getType()).getRank();
  MatrixSlice m;
  m.strides.assign(rank, b.getIndexAttr(1));
  for (Value i : lead) {
    m.offsets.push_back(i);
    m.sizes.push_back(b.getIndexAttr(1));
  }
  for (int64_t d = rank - 2; d < rank; ++d) {
    m.offsets.push_back(b.getIndexAttr(0));
    m.sizes.push_back(tensor::getMixedSize(b, b.getLoc(), t, d));
  }
  return m;
}

/// The matrix [lead..., :, :] of `src` as a rank-2 tensor.
static Value slice2D(ImplicitLocOpBuilder &b, Value src, ValueRange lead) {
  auto type = cast<RankedTensorType>(src.getType());
  MatrixSlice m = matrixAt(b, src, lead);
  auto sliceType = RankedTensorType::get(type.getShape().take_back(2),
                                         type.getElementType());
  return tensor::ExtractSliceOp::create(b, sliceType, src, m.offsets, m.sizes,
                                        m.strides);
}

/// Inserts rank-2 `tile` as the matrix [lead..., :, :] of `dst`.
static Value insert2D(ImplicitLocOpBuilder &b, Value tile, Value dst,
                      ValueRange lead) {
  MatrixSlice m = matrixAt(b, dst, lead);
  return tensor::InsertSliceOp::create(b, tile, dst, m.offsets, m.sizes,
                                       m.strides);
}

/// Loops over the leading dims of `shapeOf` (all but the last two), carrying
/// `init`; `body(indices, carried)` returns the new carried value.
static Value forLeading(ImplicitLocOpBuilder &b, Value shapeOf, Value init,
                        function_ref<Value(ValueRange, Value)> body,
                        SmallVector<Value> indices = {}) {
  auto type = cast<RankedTensorType>(shapeOf.getType());
  int64_t lead = type.getRank() - 2;
  if (static_cast<int64_t>(indices.size()) == lead)
    return body(indices, init);
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value one = arith::ConstantIndexOp::create(b, 1);
  Value ub = tensor::DimOp::create(b, shapeOf, indices.size());
  auto loop = scf::ForOp::create(b, zero, ub, one, ValueRange{init});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(loop.getBody());
  indices.push_back(loop.getInductionVar());
  Value next =
      forLeading(b, shapeOf, loop.getRegionIterArgs()[0], body, indices);
  scf::YieldOp::create(b, next);
  return loop.getResult(0);
}

/// An empty [..., K, N] tensor for the transpose of W [..., N, K].
static Value emptyTransposed(ImplicitLocOpBuilder &b, Value w) {
  auto type = cast<RankedTensorType>(w.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, b.getLoc(), w);
  std::swap(sizes[rank - 1], sizes[rank - 2]);
  return tensor::EmptyOp::create(b, sizes, type.getElementType());
}

/// W [..., N, K] -> [..., K, N] through TileBuilder::transpose per matrix.
static Value transposeInner(TileBuilder &tb, Value w) {
  ImplicitLocOpBuilder &b = tb.builder();
  if (cast<RankedTensorType>(w.getType()).getRank() == 2)
    return tb.transpose(w);
  Value init = emptyTransposed(b, w);
  return forLeading(b, w, init, [&](ValueRange lead, Value acc) {
    return insert2D(b, tb.transpose(slice2D(b, w, lead)), acc, lead);
  });
}

/// transposeInner as an scf.forall over `tiles` blocks of W's rows (16-row
/// multiples), for threads; W with a dynamic row count is transposed on one.
static Value transposeInnerThreaded(TileBuilder &tb, Value w, int64_t tiles) {
  ImplicitLocOpBuilder &b = tb.builder();
  auto type = cast<RankedTensorType>(w.getType());
  int64_t rank = type.getRank();
  int64_t rows = type.getDimSize(rank - 2);
  if (ShapedType::isDynamic(rows) || tiles < 2)
    return transposeInner(tb, w);
  int64_t block = llvm::divideCeil(llvm::divideCeil(rows, tiles), 16) * 16;
  int64_t count = llvm::divideCeil(rows, block);
  if (count < 2)
    return transposeInner(tb, w);
  Value init = emptyTransposed(b, w);
  auto forall =
      scf::ForallOp::create(b, ArrayRef<OpFoldResult>{b.getIndexAttr(count)},
                            ValueRange{init}, std::nullopt);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(forall.getTerminator());
  Value i = forall.getInductionVar(0);
  Value r0 = arith::MulIOp::create(
      b, i, arith::ConstantIndexOp::create(b, block).getResult());
  OpFoldResult len = b.getIndexAttr(block);
  if (rows % block != 0)
    len = arith::MinSIOp::create(
              b, arith::ConstantIndexOp::create(b, block),
              arith::SubIOp::create(b, arith::ConstantIndexOp::create(b, rows),
                                    r0))
              .getResult();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      strides(rank, b.getIndexAttr(1));
  SmallVector<OpFoldResult> inSizes = tensor::getMixedSizes(b, b.getLoc(), w);
  SmallVector<OpFoldResult> tileSizes =
      tensor::getMixedSizes(b, b.getLoc(), init);
  offsets[rank - 2] = r0;
  inSizes[rank - 2] = len;
  Value part = tensor::ExtractSliceOp::create(b, w, offsets, inSizes, strides);
  Value t = transposeInner(tb, part);
  SmallVector<OpFoldResult> outOffsets(rank, b.getIndexAttr(0));
  outOffsets[rank - 1] = r0;
  tileSizes[rank - 1] = len;
  b.setInsertionPointToEnd(forall.getTerminator().getBody());
  tensor::ParallelInsertSliceOp::create(b, t, forall.getRegionIterArgs()[0],
                                        outOffsets, tileSizes, strides);
  return forall.getResult(0);
}

struct ConvertLayerContractionsToCPUPass
    : impl::ConvertLayerContractionsToCPUBase<
          ConvertLayerContractionsToCPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (registerTileRows > retnet::kMaxRegisterTileRows ||
        registerTileLanes > retnet::kMaxRegisterTileLanes ||
        registerTileRows * registerTileLanes >
            retnet::kMaxRegisterTileElements) {
      getOperation()->emitError()
          << "convert-layer-contractions-to-cpu: the register tile is at "
             "most "
          << retnet::kMaxRegisterTileRows << " x "
          << retnet::kMaxRegisterTileLanes << " with "
          << retnet::kMaxRegisterTileElements << " accumulators, got "
          << static_cast<int64_t>(registerTileRows) << " x "
          << static_cast<int64_t>(registerTileLanes);
      return signalPassFailure();
    }
    if (registerTileRows <= 0 || registerTileLanes <= 0)
      return;
    SmallVector<Projection> found;
    getOperation()->walk([&](linalg::GenericOp op) {
      auto fn = op->getParentOfType<func::FuncOp>();
      if (fn && retention::isRetentionKernel(fn.getSymName()))
        return;
      if (auto p = matchProjection(op, minRows))
        found.push_back(*p);
    });
    for (Projection &p : found)
      rewrite(p);
  }

  /// W's transpose, computed once before the enclosing scf.forall when W is
  /// the whole of a tensor defined outside it (the threaded tiles of a
  /// prefill projection share it), else next to the op.
  Value transposedWeights(TileBuilder &tb, linalg::GenericOp op) {
    ImplicitLocOpBuilder &b = tb.builder();
    Value w = op.getDpsInputs()[1];
    auto forall = op->getParentOfType<scf::ForallOp>();
    auto slice = w.getDefiningOp<tensor::ExtractSliceOp>();
    if (forall && slice &&
        !forall->isAncestor(
            slice.getSource().getParentBlock()->getParentOp()) &&
        slice.getSourceType() == slice.getResultType() &&
        llvm::all_of(slice.getMixedOffsets(), isZeroInteger) &&
        llvm::all_of(slice.getMixedStrides(), isOneInteger)) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(forall);
      // The op's tiles run on threads: so does the transpose, in as many
      // blocks as the loop has tiles.
      int64_t tiles = 1;
      for (int64_t ub : forall.getStaticUpperBound())
        tiles = ShapedType::isDynamic(ub) ? 8 : tiles * ub;
      return transposeInnerThreaded(tb, slice.getSource(), tiles);
    }
    return transposeInner(tb, w);
  }

  /// The register tile for `rows` static rows of y: the configured rows x
  /// lanes, or fewer rows with wider lanes for a matrix-vector product (a
  /// decode step streams W once, several independent accumulators hide the
  /// FMA latency).
  std::pair<int64_t, int64_t> registerTile(int64_t rows) const {
    if (rows >= registerTileRows)
      return {registerTileRows, registerTileLanes};
    if (rows == 1)
      return {1, 4 * registerTileLanes};
    if (rows <= 4)
      return {rows, 2 * registerTileLanes};
    return {rows, registerTileLanes};
  }

  /// y2 += x2 w2 for x2 [R, K], w2 [K, N], y2 [R, N]: whole register tiles
  /// of rows, then the last R mod rows rows (all of them for a dynamic R
  /// below a tile: a decode step's batch) as matrix-vector products, so
  /// neither a prompt's tail nor a single row computes a padded tile.
  Value contractRows(TileBuilder &tb, Value x2, Value w2, Value y2) {
    ImplicitLocOpBuilder &b = tb.builder();
    // No wider lanes than the matrix has columns (a panel of packed
    // weights has as many as the configured tile).
    std::optional<int64_t> cols =
        getConstantIntValue(tensor::getMixedSize(b, b.getLoc(), w2, 1));
    auto contract = [&](Value xs, Value ys, int64_t rows) {
      auto [mr, nr] = registerTile(rows);
      if (cols && *cols < nr)
        nr = std::max<int64_t>(registerTileLanes,
                               llvm::divideCeil(*cols, registerTileLanes) *
                                   registerTileLanes);
      tb.setRegisterTile(mr, nr);
      // A matrix-vector product with few lanes (a panel of packed weights)
      // is bound by the latency of its FMA chains: run four per vector.
      tb.setReductionSplit(mr == 1 ? 4 : 1);
      return tb.contractTiled(xs, w2, ys, /*transA=*/false,
                              /*transB=*/false);
    };
    int64_t mr = registerTileRows;
    std::optional<int64_t> staticRows =
        getConstantIntValue(tensor::getMixedSize(b, b.getLoc(), x2, 0));
    if (staticRows && *staticRows == 0)
      return y2;
    if (staticRows && (*staticRows < mr || *staticRows % mr == 0))
      return contract(x2, y2, *staticRows);
    OpFoldResult main, tail;
    if (staticRows) {
      main = b.getIndexAttr(*staticRows - *staticRows % mr);
      tail = b.getIndexAttr(*staticRows % mr);
    } else {
      Value rows = tensor::DimOp::create(b, x2, 0);
      Value whole = arith::SubIOp::create(
          b, rows,
          arith::RemUIOp::create(b, rows,
                                 arith::ConstantIndexOp::create(b, mr)));
      main = whole;
      tail = arith::SubIOp::create(b, rows, whole).getResult();
    }
    OpFoldResult zero = b.getIndexAttr(0);
    auto rowsOf = [&](Value t, OpFoldResult first, OpFoldResult count) {
      SmallVector<OpFoldResult> offsets = {first, b.getIndexAttr(0)};
      SmallVector<OpFoldResult> sizes = {
          count, tensor::getMixedSize(b, b.getLoc(), t, 1)};
      SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
      return std::make_tuple(offsets, sizes, strides);
    };
    auto part = [&](Value acc, OpFoldResult first, OpFoldResult count,
                    int64_t tileRows) {
      auto [xo, xs, xst] = rowsOf(x2, first, count);
      auto [yo, ys, yst] = rowsOf(acc, first, count);
      Value xPart = tensor::ExtractSliceOp::create(b, x2, xo, xs, xst);
      Value yPart = tensor::ExtractSliceOp::create(b, acc, yo, ys, yst);
      Value r = contract(xPart, yPart, tileRows);
      return tensor::InsertSliceOp::create(b, r, acc, yo, ys, yst).getResult();
    };
    Value acc = part(y2, zero, main, mr);
    int64_t tailRows = staticRows ? *staticRows % mr : 1;
    return part(acc, main, tail, tailRows);
  }

  /// The loop that runs along the rows of the contracted matrices: t, or
  /// for a single row t (a decode step) the one outer loop x and y index
  /// and W does not (the batch), so a batch of rows streams W once.
  static unsigned rowLoop(const Projection &p) {
    if (p.rows != 1)
      return p.t;
    std::optional<unsigned> row;
    for (unsigned d : p.xDims) {
      if (d >= p.t || llvm::is_contained(p.wDims, d))
        continue;
      if (row)
        return p.t;
      row = d;
    }
    return row.value_or(p.t);
  }

  void rewrite(Projection &p) {
    linalg::GenericOp op = p.op;
    ImplicitLocOpBuilder b(op.getLoc(), op);
    TileBuilder tb(b);
    // (The transpose of W by vector blocks needs a register tile too.)
    tb.setRegisterTile(registerTileRows, registerTileLanes);
    Value w = op.getDpsInputs()[1];
    SmallVector<unsigned> wDims = p.wDims;
    if (p.transposeW) {
      // [outer..., n, k] -> [outer..., k, n].
      w = transposedWeights(tb, op);
      std::swap(wDims[wDims.size() - 1], wDims[wDims.size() - 2]);
    }
    Value x = op.getDpsInputs()[0];
    Value y = op.getDpsInits()[0];
    // y filled with a scalar for this op: the accumulators start at the
    // scalar and the fill's destination takes the result (every element is
    // written), so y is neither filled nor read.
    linalg::FillOp fill = y.getDefiningOp<linalg::FillOp>();
    if (fill && fill.hasPureTensorSemantics() &&
        fill.getInputs()[0].getType() ==
            getElementTypeOrSelf(fill.getOutputs()[0].getType())) {
      tb.setAccumulatorInit(fill.getInputs()[0]);
      y = fill.getOutputs()[0];
    } else {
      fill = {};
    }
    unsigned numLoops = op.getNumLoops();
    unsigned row = rowLoop(p), n = numLoops - 2, k = numLoops - 1;
    // Every other loop is a point of the matrices' index space: looped
    // over, or (t, when the batch runs along the rows) fixed at 0.
    SmallVector<unsigned> looped;
    for (unsigned d = 0; d < p.t; ++d)
      if (d != row)
        looped.push_back(d);
    ArrayRef<unsigned> yDims = p.yDims;
    Value zero = arith::ConstantIndexOp::create(b, 0);
    Value one = arith::ConstantIndexOp::create(b, 1);
    SmallVector<OpFoldResult> index(numLoops, b.getIndexAttr(0));
    // (offsets, sizes, strides) of the matrix of `src` at `index`, spanning
    // the loops `span`.
    auto matrix = [&](Value src, ArrayRef<unsigned> dims,
                      std::pair<unsigned, unsigned> span) {
      auto type = cast<RankedTensorType>(src.getType());
      SmallVector<OpFoldResult> offsets, sizes,
          strides(type.getRank(), b.getIndexAttr(1));
      SmallVector<int64_t> shape;
      for (auto [i, d] : llvm::enumerate(dims)) {
        if (d == span.first || d == span.second) {
          offsets.push_back(b.getIndexAttr(0));
          sizes.push_back(tensor::getMixedSize(b, b.getLoc(), src, i));
          shape.push_back(type.getDimSize(i));
        } else {
          offsets.push_back(index[d]);
          sizes.push_back(b.getIndexAttr(1));
        }
      }
      return std::make_tuple(
          RankedTensorType::get(shape, type.getElementType()), offsets, sizes,
          strides);
    };
    auto extract = [&](Value src, ArrayRef<unsigned> dims,
                       std::pair<unsigned, unsigned> span) -> Value {
      auto [type, offsets, sizes, strides] = matrix(src, dims, span);
      if (type.getRank() == cast<RankedTensorType>(src.getType()).getRank())
        return src;
      return tensor::ExtractSliceOp::create(b, type, src, offsets, sizes,
                                            strides);
    };
    std::function<Value(unsigned, Value)> nest = [&](unsigned level,
                                                     Value acc) -> Value {
      if (level == looped.size()) {
        Value x2 = extract(x, p.xDims, {row, k});
        Value w2 = extract(w, wDims, {k, n});
        Value y2 = extract(acc, yDims, {row, n});
        Value r = contractRows(tb, x2, w2, y2);
        auto [type, offsets, sizes, strides] = matrix(acc, yDims, {row, n});
        if (type.getRank() == cast<RankedTensorType>(acc.getType()).getRank())
          return r;
        return tensor::InsertSliceOp::create(b, r, acc, offsets, sizes,
                                             strides);
      }
      unsigned d = looped[level];
      Value ub =
          tensor::DimOp::create(b, y, llvm::find(yDims, d) - yDims.begin());
      auto loop = scf::ForOp::create(b, zero, ub, one, ValueRange{acc});
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(loop.getBody());
      index[d] = loop.getInductionVar();
      scf::YieldOp::create(b, nest(level + 1, loop.getRegionIterArgs()[0]));
      return loop.getResult(0);
    };
    Value result = nest(0, y);
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
    if (fill && fill->use_empty())
      fill->erase();
  }
};
} // namespace
