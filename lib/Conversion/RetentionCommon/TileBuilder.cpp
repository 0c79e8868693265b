//===- TileBuilder.cpp - shared tile and decay helpers --------------------===//
//
// Slices, element casts, decay tables and masks, row scaling, the recurrent
// step and the state updates; the contractions are in TileContractions.cpp.
//

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

Value mlir::retention::buildRowFactor(ImplicitLocOpBuilder &b, float scale,
                                      Value logDecay, Value absRow) {
  Value f = arith::ConstantOp::create(b, b.getF32FloatAttr(scale));
  if (logDecay)
    f = arith::MulFOp::create(b, f, buildDecayNormFactor(b, logDecay, absRow));
  return f;
}

Value mlir::retention::buildFinalStateFactor(ImplicitLocOpBuilder &b,
                                             Value logDecay, Value offset,
                                             Value seqLen) {
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value one = arith::ConstantIndexOp::create(b, 1);
  Value count = arith::AddIOp::create(b, offset, seqLen);
  Value none = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, count, zero);
  Value last =
      arith::SubIOp::create(b, arith::MaxSIOp::create(b, count, one), one);
  return arith::SelectOp::create(
      b, none, arith::ConstantOp::create(b, b.getF32FloatAttr(1.0)),
      buildDecayNormFactor(b, logDecay, last));
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

Value mlir::retention::buildFmaGeneric(ImplicitLocOpBuilder &b, Value x,
                                       Value y, Value acc,
                                       ArrayRef<AffineMap> maps,
                                       ArrayRef<IteratorType> iterators) {
  return linalg::GenericOp::create(
             b, TypeRange{acc.getType()}, ValueRange{x, y}, ValueRange{acc},
             maps, iterators,
             [](OpBuilder &nb, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   nb, loc, buildFmaLike(nb, loc, args[0], args[1], args[2]));
             })
      .getResult(0);
}

Value mlir::retention::buildFmaLike(OpBuilder &b, Location loc, Value x,
                                    Value y, Value acc) {
  auto fm = arith::FastMathFlags::reassoc | arith::FastMathFlags::contract;
  Value prod = arith::MulFOp::create(b, loc, x, y, fm);
  return arith::AddFOp::create(b, loc, acc, prod, fm);
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
  return buildFmaGeneric(b, q, s, acc, {mapQ, mapS, mapO}, iters);
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
  Value sumsq =
      linalg::GenericOp::create(
          b, TypeRange{sumsq0.getType()}, ValueRange{x}, ValueRange{sumsq0},
          ArrayRef<AffineMap>{id, rowMap},
          ArrayRef<IteratorType>{IteratorType::parallel,
                                 IteratorType::reduction},
          [](OpBuilder &nb, Location loc, ValueRange args) {
            linalg::YieldOp::create(
                nb, loc, buildFmaLike(nb, loc, args[0], args[0], args[1]));
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
