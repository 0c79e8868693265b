//===- TileContractions.cpp - tile-level contractions ---------------------===//
//
// TileBuilder::contract (linalg) and contractTiled (register-tiled vector
// code: the CPU lowerings' GEMM-class kernel), and the transposes they use.
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
  return buildFmaGeneric(b, a, bm, acc, {mapA, mapB, mapC}, iters);
}
