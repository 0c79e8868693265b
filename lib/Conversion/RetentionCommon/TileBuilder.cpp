//===- TileBuilder.cpp - shared tile and decay helpers --------------------===//

#include "retnet/Conversion/RetentionCommon/TileBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::retention;

using utils::IteratorType;

Value mlir::retention::buildDecayPow(ImplicitLocOpBuilder &b, Value logDecay,
                                     Value delta) {
  Type f32 = b.getF32Type();
  Value asInt = arith::IndexCastOp::create(b, b.getI64Type(), delta);
  Value asFloat = arith::SIToFPOp::create(b, f32, asInt);
  Value exponent = arith::MulFOp::create(b, asFloat, logDecay);
  Value pow = math::ExpOp::create(b, exponent);
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value isZero =
      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, delta, zero);
  Value one = arith::ConstantOp::create(b, b.getF32FloatAttr(1.0));
  return arith::SelectOp::create(b, isZero, one, pow);
}

Value mlir::retention::buildDecaySum(ImplicitLocOpBuilder &b, Value logDecay,
                                     Value count) {
  // (1 - gamma^count) / (1 - gamma), or count when gamma == 1. Evaluated in
  // f64: 1 - gamma is tiny for slow decays.
  Type f64 = b.getF64Type();
  Value ld = arith::ExtFOp::create(b, f64, logDecay);
  Value asInt = arith::IndexCastOp::create(b, b.getI64Type(), count);
  Value n = arith::SIToFPOp::create(b, f64, asInt);
  Value one = arith::ConstantOp::create(b, b.getF64FloatAttr(1.0));
  Value zero = arith::ConstantOp::create(b, b.getF64FloatAttr(0.0));
  Value num = arith::SubFOp::create(
      b, one, math::ExpOp::create(b, arith::MulFOp::create(b, n, ld)));
  Value den = arith::SubFOp::create(b, one, math::ExpOp::create(b, ld));
  Value denIsZero =
      arith::CmpFOp::create(b, arith::CmpFPredicate::OEQ, den, zero);
  Value safeDen = arith::SelectOp::create(b, denIsZero, one, den);
  Value ratio = arith::DivFOp::create(b, num, safeDen);
  return arith::SelectOp::create(b, denIsZero, n, ratio);
}

Value mlir::retention::buildDecayNormFactor(ImplicitLocOpBuilder &b,
                                            Value logDecay, Value n) {
  Value np1 = arith::AddIOp::create(b, n, arith::ConstantIndexOp::create(b, 1));
  Value factor = math::RsqrtOp::create(b, buildDecaySum(b, logDecay, np1));
  return arith::TruncFOp::create(b, b.getF32Type(), factor);
}

Value mlir::retention::buildStateDenormFactor(ImplicitLocOpBuilder &b,
                                              Value logDecay, Value offset) {
  Value factor = math::SqrtOp::create(b, buildDecaySum(b, logDecay, offset));
  return arith::TruncFOp::create(b, b.getF32Type(), factor);
}

std::pair<Value, Value>
mlir::retention::buildNormalizedStepFactors(ImplicitLocOpBuilder &b,
                                            Value logDecay, Value n) {
  Type f32 = b.getF32Type();
  Value before = buildDecaySum(b, logDecay, n);
  Value np1 = arith::AddIOp::create(b, n, arith::ConstantIndexOp::create(b, 1));
  Value after = buildDecaySum(b, logDecay, np1);
  Value gamma = math::ExpOp::create(
      b, arith::ExtFOp::create(b, b.getF64Type(), logDecay));
  Value ratio =
      math::SqrtOp::create(b, arith::DivFOp::create(b, before, after));
  Value decay = arith::MulFOp::create(b, gamma, ratio);
  Value kScale = math::RsqrtOp::create(b, after);
  return {arith::TruncFOp::create(b, f32, decay),
          arith::TruncFOp::create(b, f32, kScale)};
}

Value TileBuilder::f32(double v) {
  return arith::ConstantOp::create(b, b.getF32FloatAttr(v));
}

Value TileBuilder::index(int64_t v) {
  return arith::ConstantIndexOp::create(b, v);
}

OpFoldResult TileBuilder::dim(Value t, int64_t d) {
  return tensor::getMixedSize(b, b.getLoc(), t, d);
}

Value TileBuilder::minIndex(Value x, Value y) {
  return arith::MinSIOp::create(b, x, y);
}

Value TileBuilder::empty(ArrayRef<OpFoldResult> sizes, Type elt) {
  return tensor::EmptyOp::create(b, sizes, elt);
}

Value TileBuilder::zeros(ArrayRef<OpFoldResult> sizes) {
  Value init = empty(sizes, b.getF32Type());
  return linalg::FillOp::create(b, ValueRange{f32(0.0)}, ValueRange{init})
      .getResult(0);
}

/// The static extent of an attribute size; a Value size is dynamic even when
/// it is a constant (the op builders treat it as a dynamic operand).
static int64_t staticOr(OpFoldResult ofr) {
  if (isa<Attribute>(ofr))
    if (std::optional<int64_t> c = getConstantIntValue(ofr))
      return *c;
  return ShapedType::kDynamic;
}

Value TileBuilder::sliceHead(Value src, Value bIdx, Value hIdx) {
  auto type = cast<RankedTensorType>(src.getType());
  OpFoldResult rows = dim(src, 2), cols = dim(src, 3);
  auto resultType = RankedTensorType::get({staticOr(rows), staticOr(cols)},
                                          type.getElementType());
  SmallVector<OpFoldResult> offsets = {bIdx, hIdx, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), b.getIndexAttr(1), rows,
                                     cols};
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, resultType, src, offsets, sizes,
                                        strides);
}

Value TileBuilder::sliceRows(Value src, OpFoldResult off, OpFoldResult len) {
  auto type = cast<RankedTensorType>(src.getType());
  OpFoldResult cols = dim(src, 1);
  auto resultType = RankedTensorType::get({staticOr(len), staticOr(cols)},
                                          type.getElementType());
  SmallVector<OpFoldResult> offsets = {off, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {len, cols};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, resultType, src, offsets, sizes,
                                        strides);
}

Value TileBuilder::row(Value src, Value rowIdx) {
  auto type = cast<RankedTensorType>(src.getType());
  OpFoldResult cols = dim(src, 1);
  auto resultType =
      RankedTensorType::get({staticOr(cols)}, type.getElementType());
  SmallVector<OpFoldResult> offsets = {rowIdx, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1), cols};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, resultType, src, offsets, sizes,
                                        strides);
}

Value TileBuilder::insertRows(Value tile, Value dst, OpFoldResult off) {
  auto tileType = cast<RankedTensorType>(tile.getType());
  SmallVector<OpFoldResult> sizes;
  if (tileType.getRank() == 1)
    sizes = {b.getIndexAttr(1), dim(tile, 0)};
  else
    sizes = {dim(tile, 0), dim(tile, 1)};
  SmallVector<OpFoldResult> offsets = {off, b.getIndexAttr(0)};
  SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, tile, dst, offsets, sizes, strides);
}

/// Elementwise map of `t` into a tensor of element type `elt`.
static Value mapElements(ImplicitLocOpBuilder &b, Value t, Type elt,
                         function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(t.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, b.getLoc(), t);
  Value init = tensor::EmptyOp::create(b, sizes, elt);
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<IteratorType> iters(type.getRank(), IteratorType::parallel);
  return linalg::GenericOp::create(
             b, TypeRange{init.getType()}, ValueRange{t}, ValueRange{init},
             ArrayRef<AffineMap>{id, id}, iters,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(nb, loc, fn(nb, loc, args[0]));
             })
      .getResult(0);
}

Value TileBuilder::toF32(Value t) {
  Type elt = cast<RankedTensorType>(t.getType()).getElementType();
  if (elt.isF32())
    return t;
  Type f32Type = b.getF32Type();
  return mapElements(b, t, f32Type, [&](OpBuilder &nb, Location loc, Value x) {
    return arith::ExtFOp::create(nb, loc, f32Type, x).getResult();
  });
}

Value TileBuilder::fromF32(Value t, Type elt) {
  if (elt.isF32())
    return t;
  return mapElements(b, t, elt, [&](OpBuilder &nb, Location loc, Value x) {
    return arith::TruncFOp::create(nb, loc, elt, x).getResult();
  });
}

/// Multiply-add with reassociation and contraction allowed, so LLVM can
/// vectorize reductions and form FMAs.
static Value fmaLike(OpBuilder &b, Location loc, Value x, Value y, Value acc) {
  auto fm = arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
  Value prod = arith::MulFOp::create(b, loc, x, y, fm);
  return arith::AddFOp::create(b, loc, acc, prod, fm);
}

Value TileBuilder::transpose(Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  if (tileRows > 0 && tileLanes > 0 && type.getElementType().isF32()) {
    // 16 x 16 blocks through vector registers: vector.transpose, which the
    // CPU pipeline lowers to shuffles (convert-vector-to-llvm
    // {vector-transpose-lowering=shuffle16x16}). A transposing generic
    // becomes gathers (or scalar copies) instead, which cost a fifth of a
    // chunkwise run.
    constexpr int64_t kBlock = 16;
    Value rows = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(x, 0));
    Value cols = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(x, 1));
    Value init = empty({dim(x, 1), dim(x, 0)}, type.getElementType());
    auto blockType = VectorType::get({kBlock, kBlock}, b.getF32Type());
    Value zero = index(0), step = index(kBlock), pad = f32(0.0);
    auto outer = scf::ForOp::create(b, zero, rows, step, ValueRange{init});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(outer.getBody());
      Value i0 = outer.getInductionVar();
      auto inner = scf::ForOp::create(b, zero, cols, step,
                                      ValueRange{outer.getRegionIterArgs()});
      {
        OpBuilder::InsertionGuard innerGuard(b);
        b.setInsertionPointToEnd(inner.getBody());
        Value j0 = inner.getInductionVar();
        Value blk =
            vector::TransferReadOp::create(b, blockType, x, ValueRange{i0, j0},
                                           pad, ArrayRef<bool>{false, false});
        Value t = vector::TransposeOp::create(b, blk, ArrayRef<int64_t>{1, 0});
        Value out = vector::TransferWriteOp::create(
                        b, t, inner.getRegionIterArgs()[0], ValueRange{j0, i0},
                        ArrayRef<bool>{false, false})
                        .getResult();
        scf::YieldOp::create(b, out);
      }
      scf::YieldOp::create(b, inner.getResults());
    }
    return outer.getResult(0);
  }
  MLIRContext *ctx = b.getContext();
  AffineExpr r = getAffineDimExpr(0, ctx), c = getAffineDimExpr(1, ctx);
  Value init = empty({dim(x, 1), dim(x, 0)}, type.getElementType());
  return linalg::GenericOp::create(
             b, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init},
             ArrayRef<AffineMap>{AffineMap::get(2, 0, {c, r}, ctx),
                                 AffineMap::get(2, 0, {r, c}, ctx)},
             ArrayRef<IteratorType>{IteratorType::parallel,
                                    IteratorType::parallel},
             [](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(nb, loc, args[0]);
             })
      .getResult(0);
}

Value TileBuilder::contractTiled(Value a, Value bm, Value acc, bool transA,
                                 bool transB, Causal causal) {
  // B is read as [K, N] rows of lanes (unit stride): transposed first when
  // given as [N, K]. A is read one element per accumulator row, broadcast:
  // a vector of mr rows from A^T [K, M] when given transposed, else one
  // scalar load per row straight from A [M, K] (a broadcast from memory; a
  // transposed copy would cost more than the loads it makes contiguous).
  Value bk = transB ? transpose(bm) : bm;
  Value at = a;
  const int64_t mr = tileRows, nr = tileLanes;
  // The reduction split applies to a single row with a static K it divides
  // and no causal bound.
  std::optional<int64_t> staticK = getConstantIntValue(dim(a, transA ? 0 : 1));
  const int64_t split = mr == 1 && !transA && causal.kind == Causal::None &&
                                reductionSplit > 1 && staticK &&
                                *staticK % reductionSplit == 0
                            ? reductionSplit
                            : 1;
  Type f32Type = b.getF32Type();
  auto accVec = VectorType::get({mr, nr}, f32Type);
  auto rowVec = VectorType::get({nr}, f32Type);
  auto colVec = VectorType::get({mr}, f32Type);
  Value m = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(acc, 0));
  Value n = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(acc, 1));
  Value k =
      getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(a, transA ? 0 : 1));
  // Rows past M of a partial row tile are computed and never stored; their
  // A loads are clamped into range.
  std::optional<int64_t> staticM = getConstantIntValue(m);
  bool clampRows = !staticM || *staticM % mr != 0;
  Value mLast =
      clampRows ? arith::SubIOp::create(b, m, index(1)).getResult() : Value();
  Value zero = index(0), one = index(1), mrV = index(mr), nrV = index(nr);
  Value pad = f32(0.0);
  MLIRContext *ctx = b.getContext();
  AffineMap minor = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  auto forOp = [&](Value lb, Value ub, Value step, ValueRange inits,
                   function_ref<SmallVector<Value>(Value, ValueRange)> fn) {
    auto loop = scf::ForOp::create(b, lb, ub, step, inits);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(loop.getBody());
    scf::YieldOp::create(b,
                         fn(loop.getInductionVar(), loop.getRegionIterArgs()));
    return loop.getResults();
  };
  // min(bound, i0 + mr + offset): the end of the column (or reduction)
  // range row tile i0 needs under the causal structure (offset >= 0, so an
  // unsigned min of non-negative indices).
  auto causalEnd = [&](Value i0, Value bound) -> Value {
    Value end = arith::AddIOp::create(b, i0, mrV);
    if (!matchPattern(causal.offset, m_Zero()))
      end = arith::AddIOp::create(b, end, causal.offset);
    return arith::MinUIOp::create(b, end, bound);
  };
  return forOp(zero, m, mrV, ValueRange{acc}, [&](Value i0, ValueRange accI) {
    Value nEnd = causal.kind == Causal::Output ? causalEnd(i0, n) : n;
    Value kEnd = causal.kind == Causal::Reduction ? causalEnd(i0, k) : k;
    SmallVector<Value> rowIdx;
    if (!transA) {
      for (int64_t r = 0; r < mr; ++r) {
        Value row = arith::AddIOp::create(b, i0, index(r));
        rowIdx.push_back(clampRows ? arith::MinUIOp::create(b, row, mLast)
                                   : row);
      }
    }
    return SmallVector<Value>(
        forOp(zero, nEnd, nrV, accI, [&](Value j0, ValueRange accJ) {
          Value blockIn =
              accumulatorInit && causal.kind == Causal::None
                  ? vector::BroadcastOp::create(b, accVec, accumulatorInit)
                        .getResult()
                  : vector::TransferReadOp::create(b, accVec, accJ[0],
                                                   ValueRange{i0, j0}, pad,
                                                   ArrayRef<bool>{false, false})
                        .getResult();
          SmallVector<Value> rows;
          for (int64_t r = 0; r < mr; ++r)
            rows.push_back(vector::ExtractOp::create(b, blockIn, r));
          if (split > 1) {
            // One row: `split` partial sums over interleaved k, so that
            // many FMA chains run at once (a matrix-vector product is
            // otherwise bound by one chain's latency).
            Value zeroRow = vector::BroadcastOp::create(b, rowVec, pad);
            SmallVector<Value> parts = {rows[0]};
            parts.append(split - 1, zeroRow);
            ValueRange partial = forOp(
                zero, kEnd, index(split), parts, [&](Value p0, ValueRange cur) {
                  SmallVector<Value> next;
                  for (int64_t q = 0; q < split; ++q) {
                    Value p = arith::AddIOp::create(b, p0, index(q));
                    Value bv = vector::TransferReadOp::create(
                        b, rowVec, bk, ValueRange{p, j0}, pad, minor,
                        ArrayRef<bool>{false});
                    Value ar = tensor::ExtractOp::create(
                        b, at, ValueRange{rowIdx[0], p});
                    Value splat = vector::BroadcastOp::create(b, rowVec, ar);
                    next.push_back(vector::FMAOp::create(b, splat, bv, cur[q]));
                  }
                  return next;
                });
            SmallVector<Value> sums(partial.begin(), partial.end());
            while (sums.size() > 1) {
              SmallVector<Value> half;
              for (size_t q = 0; q + 1 < sums.size(); q += 2)
                half.push_back(arith::AddFOp::create(b, sums[q], sums[q + 1]));
              if (sums.size() % 2)
                half.push_back(sums.back());
              sums = std::move(half);
            }
            Value blockOut = vector::InsertOp::create(b, sums[0], blockIn, 0);
            Value written = vector::TransferWriteOp::create(
                                b, blockOut, accJ[0], ValueRange{i0, j0},
                                ArrayRef<bool>{false, false})
                                .getResult();
            return SmallVector<Value>{written};
          }
          ValueRange sums =
              forOp(zero, kEnd, one, rows, [&](Value p, ValueRange cur) {
                Value bv = vector::TransferReadOp::create(
                    b, rowVec, bk, ValueRange{p, j0}, pad, minor,
                    ArrayRef<bool>{false});
                Value av;
                if (transA)
                  av = vector::TransferReadOp::create(
                      b, colVec, at, ValueRange{p, i0}, pad, minor,
                      ArrayRef<bool>{false});
                SmallVector<Value> next;
                for (int64_t r = 0; r < mr; ++r) {
                  Value ar =
                      transA ? vector::ExtractOp::create(b, av, r).getResult()
                             : tensor::ExtractOp::create(
                                   b, at, ValueRange{rowIdx[r], p})
                                   .getResult();
                  Value splat = vector::BroadcastOp::create(b, rowVec, ar);
                  next.push_back(vector::FMAOp::create(b, splat, bv, cur[r]));
                }
                return next;
              });
          Value blockOut = blockIn;
          for (int64_t r = 0; r < mr; ++r)
            blockOut = vector::InsertOp::create(b, sums[r], blockOut, r);
          Value written = vector::TransferWriteOp::create(
                              b, blockOut, accJ[0], ValueRange{i0, j0},
                              ArrayRef<bool>{false, false})
                              .getResult();
          return SmallVector<Value>{written};
        }));
  })[0];
}

Value TileBuilder::contract(Value a, Value bm, Value acc, bool transA,
                            bool transB, Causal causal) {
  if (tileRows > 0 && tileLanes > 0)
    return contractTiled(a, bm, acc, transA, transB, causal);
  // Loop order = dimension order after convert-linalg-to-loops. Without
  // transB the output column j is innermost (unit stride in B and acc);
  // with transB the reduction p is (unit stride in A and B).
  MLIRContext *ctx = b.getContext();
  bool colInner = !transB;
  AffineExpr i = getAffineDimExpr(0, ctx);
  AffineExpr j = getAffineDimExpr(colInner ? 2 : 1, ctx);
  AffineExpr p = getAffineDimExpr(colInner ? 1 : 2, ctx);
  AffineMap mapA = AffineMap::get(
      3, 0, transA ? ArrayRef<AffineExpr>{p, i} : ArrayRef<AffineExpr>{i, p},
      ctx);
  AffineMap mapB = AffineMap::get(
      3, 0, transB ? ArrayRef<AffineExpr>{j, p} : ArrayRef<AffineExpr>{p, j},
      ctx);
  AffineMap mapC = AffineMap::get(3, 0, {i, j}, ctx);
  SmallVector<IteratorType> iters = {
      IteratorType::parallel, IteratorType::parallel, IteratorType::parallel};
  iters[colInner ? 1 : 2] = IteratorType::reduction;
  return linalg::GenericOp::create(
             b, TypeRange{acc.getType()}, ValueRange{a, bm}, ValueRange{acc},
             ArrayRef<AffineMap>{mapA, mapB, mapC}, iters,
             [](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, loc, fmaLike(nb, loc, args[0], args[1], args[2]));
             })
      .getResult(0);
}

Value TileBuilder::decayTable(Value logDecay, Value rows, Value cols,
                              Value base) {
  // table[t] = gamma^(base + t - (cols - 1)) for t < rows + cols - 1, 0
  // where that exponent is negative (non-causal).
  Value colsM1 = arith::SubIOp::create(b, cols, index(1));
  Value tableLen = arith::AddIOp::create(b, rows, colsM1);
  Value first = arith::SubIOp::create(b, base, colsM1);
  Value table0 = empty({OpFoldResult(tableLen)}, b.getF32Type());
  AffineMap id1 = b.getMultiDimIdentityMap(1);
  return linalg::GenericOp::create(
             b, TypeRange{table0.getType()}, ValueRange{}, ValueRange{table0},
             ArrayRef<AffineMap>{id1},
             ArrayRef<IteratorType>{IteratorType::parallel},
             [&](OpBuilder &nb, Location loc, ValueRange) {
               ImplicitLocOpBuilder ib(loc, nb);
               Value t = linalg::IndexOp::create(ib, 0);
               Value delta = arith::AddIOp::create(ib, first, t);
               Value zeroIdx = arith::ConstantIndexOp::create(ib, 0);
               Value causal = arith::CmpIOp::create(
                   ib, arith::CmpIPredicate::sge, delta, zeroIdx);
               Value safe = arith::SelectOp::create(ib, causal, delta, zeroIdx);
               Value decay = buildDecayPow(ib, logDecay, safe);
               Value zero =
                   arith::ConstantOp::create(ib, ib.getF32FloatAttr(0.0));
               linalg::YieldOp::create(
                   ib, arith::SelectOp::create(ib, causal, decay, zero)
                           .getResult());
             })
      .getResult(0);
}

Value TileBuilder::maskWithDecay(Value s, Value logDecay, Value rowOff,
                                 Value colOff, Value table, Value shift) {
  // P[r, c] depends on r - c only: gamma^(rowOff - colOff + r - c). One exp
  // per diagonal (a table) instead of one per element.
  if (!table) {
    Value rows = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(s, 0));
    Value cols = getValueOrCreateConstantIndexOp(b, b.getLoc(), dim(s, 1));
    Value base = arith::SubIOp::create(b, rowOff, colOff);
    table = decayTable(logDecay, rows, cols, base);
    shift = arith::SubIOp::create(b, cols, index(1));
  }
  Value colsM1 = shift;
  AffineMap id = b.getMultiDimIdentityMap(2);
  SmallVector<IteratorType> iters(2, IteratorType::parallel);
  return linalg::GenericOp::create(
             b, TypeRange{s.getType()}, ValueRange{}, ValueRange{s},
             ArrayRef<AffineMap>{id}, iters,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               ImplicitLocOpBuilder ib(loc, nb);
               Value r = linalg::IndexOp::create(ib, 0);
               Value c = linalg::IndexOp::create(ib, 1);
               Value n = arith::AddIOp::create(ib, rowOff, r);
               Value m = arith::AddIOp::create(ib, colOff, c);
               Value causal =
                   arith::CmpIOp::create(ib, arith::CmpIPredicate::sge, n, m);
               Value t = arith::AddIOp::create(
                   ib, arith::SubIOp::create(ib, r, c), colsM1);
               Value decay = tensor::ExtractOp::create(ib, table, t);
               Value scaled = arith::MulFOp::create(ib, args[0], decay);
               Value zero =
                   arith::ConstantOp::create(ib, ib.getF32FloatAttr(0.0));
               // Masked entries are exactly 0, even where S is NaN or Inf.
               Value v = arith::SelectOp::create(ib, causal, scaled, zero);
               linalg::YieldOp::create(ib, v);
             })
      .getResult(0);
}

Value TileBuilder::scaleRows(Value x, const std::function<Value(Value)> &factor,
                             Value addend) {
  AffineMap id = b.getMultiDimIdentityMap(2);
  SmallVector<IteratorType> iters(2, IteratorType::parallel);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (addend) {
    inputs.push_back(addend);
    maps.push_back(id);
  }
  maps.push_back(id);
  bool hasAddend = static_cast<bool>(addend);
  return linalg::GenericOp::create(
             b, TypeRange{x.getType()}, inputs, ValueRange{x}, maps, iters,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               ImplicitLocOpBuilder ib(loc, nb);
               OpBuilder::InsertionGuard guard(b);
               b.setInsertionPoint(ib.getInsertionBlock(),
                                   ib.getInsertionPoint());
               Value r = linalg::IndexOp::create(b, 0);
               Value f = factor(r);
               Value xv = hasAddend ? args[1] : args[0];
               Value v = arith::MulFOp::create(b, xv, f);
               if (hasAddend)
                 v = arith::AddFOp::create(b, v, args[0]);
               linalg::YieldOp::create(b, v);
             })
      .getResult(0);
}

Value TileBuilder::scaleAll(Value x, Value s) {
  auto type = cast<RankedTensorType>(x.getType());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<IteratorType> iters(type.getRank(), IteratorType::parallel);
  return linalg::GenericOp::create(
             b, TypeRange{x.getType()}, ValueRange{}, ValueRange{x},
             ArrayRef<AffineMap>{id}, iters,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               Value v = arith::MulFOp::create(nb, loc, args[0], s);
               linalg::YieldOp::create(nb, loc, v);
             })
      .getResult(0);
}

Value TileBuilder::decayedOuterUpdate(Value s, Value gamma, Value k, Value v,
                                      bool inPlace) {
  MLIRContext *ctx = b.getContext();
  AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx);
  AffineMap mapK = AffineMap::get(2, 0, {i}, ctx);
  AffineMap mapV = AffineMap::get(2, 0, {j}, ctx);
  AffineMap id = b.getMultiDimIdentityMap(2);
  SmallVector<IteratorType> iters(2, IteratorType::parallel);
  SmallVector<Value> inputs = {k, v};
  SmallVector<AffineMap> maps = {mapK, mapV};
  Value init = s;
  if (!inPlace) {
    // Read s, write a fresh tensor: no copy of a read-only s, and the
    // result can be written straight into its final destination.
    inputs.push_back(s);
    maps.push_back(id);
    init = empty({dim(s, 0), dim(s, 1)}, b.getF32Type());
  }
  maps.push_back(id);
  return linalg::GenericOp::create(
             b, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iters,
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               auto fm = arith::FastMathFlags::contract;
               Value kv = arith::MulFOp::create(nb, loc, args[0], args[1], fm);
               Value decayed =
                   arith::MulFOp::create(nb, loc, args[2], gamma, fm);
               Value sum = arith::AddFOp::create(nb, loc, decayed, kv, fm);
               linalg::YieldOp::create(nb, loc, sum);
             })
      .getResult(0);
}

Value TileBuilder::vecMat(Value q, Value s) {
  // out[j] = sum_i q[i] * s[i, j], with j innermost (unit stride in s).
  MLIRContext *ctx = b.getContext();
  AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx);
  AffineMap mapQ = AffineMap::get(2, 0, {i}, ctx);
  AffineMap mapS = AffineMap::get(2, 0, {i, j}, ctx);
  AffineMap mapO = AffineMap::get(2, 0, {j}, ctx);
  Value acc = zeros({dim(s, 1)});
  SmallVector<IteratorType> iters = {IteratorType::reduction,
                                     IteratorType::parallel};
  return linalg::GenericOp::create(
             b, TypeRange{acc.getType()}, ValueRange{q, s}, ValueRange{acc},
             ArrayRef<AffineMap>{mapQ, mapS, mapO}, iters,
             [](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, loc, fmaLike(nb, loc, args[0], args[1], args[2]));
             })
      .getResult(0);
}

std::pair<Value, Value> TileBuilder::recurrentStep(Value s, Value gamma,
                                                   Value k, Value v, Value q,
                                                   bool inPlace, Value outRows,
                                                   Value row, Value kScale) {
  auto sType = cast<RankedTensorType>(s.getType());
  int64_t dk = sType.getDimSize(0), dv = sType.getDimSize(1);
  Type f32Type = b.getF32Type();
  const int64_t width = std::min<int64_t>(dv, 128);
  auto vecType = VectorType::get({width}, f32Type);
  Value pad = f32(0.0), zero = index(0), one = index(1);
  Value next =
      inPlace ? s : empty({b.getIndexAttr(dk), b.getIndexAttr(dv)}, f32Type);
  Value out = outRows;
  Value gammaV = vector::BroadcastOp::create(b, vecType, gamma);
  MLIRContext *ctx = b.getContext();
  AffineMap minor = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  bool full = dv % width == 0;
  for (int64_t j0 = 0; j0 < dv; j0 += width) {
    Value j = index(j0);
    Value vj = vector::TransferReadOp::create(b, vecType, v, ValueRange{j}, pad,
                                              ArrayRef<bool>{full});
    Value acc0 = arith::ConstantOp::create(
        b, vecType, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0.0)));
    auto loop =
        scf::ForOp::create(b, zero, index(dk), one, ValueRange{next, acc0});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(loop.getBody());
      Value i = loop.getInductionVar();
      Value cur = loop.getRegionIterArgs()[0];
      Value acc = loop.getRegionIterArgs()[1];
      Value srcState = inPlace ? cur : s;
      Value row =
          vector::TransferReadOp::create(b, vecType, srcState, ValueRange{i, j},
                                         pad, minor, ArrayRef<bool>{full});
      Value kElt = tensor::ExtractOp::create(b, k, ValueRange{i});
      if (kScale)
        kElt = arith::MulFOp::create(b, kElt, kScale);
      Value ki = vector::BroadcastOp::create(b, vecType, kElt);
      Value qi = vector::BroadcastOp::create(
          b, vecType, tensor::ExtractOp::create(b, q, ValueRange{i}));
      Value decayed = arith::MulFOp::create(b, row, gammaV);
      Value updated = vector::FMAOp::create(b, ki, vj, decayed);
      Value written =
          vector::TransferWriteOp::create(b, updated, cur, ValueRange{i, j},
                                          minor, ArrayRef<bool>{full})
              .getResult();
      Value accNext = vector::FMAOp::create(b, qi, updated, acc);
      scf::YieldOp::create(b, ValueRange{written, accNext});
    }
    next = loop.getResult(0);
    out = vector::TransferWriteOp::create(b, loop.getResult(1), out,
                                          ValueRange{row, j}, minor,
                                          ArrayRef<bool>{full})
              .getResult();
  }
  return {next, out};
}

Value TileBuilder::rmsNormRows(Value x, float eps) {
  MLIRContext *ctx = b.getContext();
  AffineExpr r = getAffineDimExpr(0, ctx);
  AffineMap id = b.getMultiDimIdentityMap(2);
  AffineMap rowMap = AffineMap::get(2, 0, {r}, ctx);
  Value sumsq0 = zeros({dim(x, 0)});
  Value sumsq = linalg::GenericOp::create(
                    b, TypeRange{sumsq0.getType()}, ValueRange{x},
                    ValueRange{sumsq0}, ArrayRef<AffineMap>{id, rowMap},
                    ArrayRef<IteratorType>{IteratorType::parallel,
                                           IteratorType::reduction},
                    [](OpBuilder &nb, Location loc, ValueRange args) {
                      linalg::YieldOp::create(
                          nb, loc, fmaLike(nb, loc, args[0], args[0], args[1]));
                    })
                    .getResult(0);
  auto type = cast<RankedTensorType>(x.getType());
  int64_t cols = type.getDimSize(1);
  Value invCols = f32(1.0 / static_cast<double>(cols));
  Value epsV = f32(eps);
  Value init = empty(tensor::getMixedSizes(b, b.getLoc(), x), b.getF32Type());
  return linalg::GenericOp::create(
             b, TypeRange{init.getType()}, ValueRange{x, sumsq},
             ValueRange{init}, ArrayRef<AffineMap>{id, rowMap, id},
             ArrayRef<IteratorType>{IteratorType::parallel,
                                    IteratorType::parallel},
             [&](OpBuilder &nb, Location loc, ValueRange args) {
               Value mean = arith::MulFOp::create(nb, loc, args[1], invCols);
               Value var = arith::AddFOp::create(nb, loc, mean, epsV);
               Value inv = math::RsqrtOp::create(nb, loc, var);
               Value v = arith::MulFOp::create(nb, loc, args[0], inv);
               linalg::YieldOp::create(nb, loc, v);
             })
      .getResult(0);
}

Value TileBuilder::addStateContribution(Value acc, Value q, Value state,
                                        Value logDecay, Value rowOff) {
  Value qs =
      contract(q, state, zeros({dim(q, 0), dim(state, 1)}), false, false);
  return scaleRows(
      qs,
      [&](Value r) {
        Value n1 = arith::AddIOp::create(b, arith::AddIOp::create(b, rowOff, r),
                                         index(1));
        return buildDecayPow(b, logDecay, n1);
      },
      acc);
}

Value TileBuilder::advanceState(Value state, Value k, Value v, Value logDecay,
                                Value len) {
  Value base = state ? scaleAll(state, buildDecayPow(b, logDecay, len))
                     : zeros({dim(k, 1), dim(v, 1)});
  Value lastRow = arith::SubIOp::create(b, len, index(1));
  Value kz = scaleRows(k, [&](Value r) {
    return buildDecayPow(b, logDecay,
                         arith::SubIOp::create(b, lastRow, r).getResult());
  });
  return contract(kz, v, base, true, false);
}
