//===- RetentionToCPU.cpp - lower scheduled retention ops -----------------===//
//
// One pattern per schedule. All share the outer structure, built once in
// RetentionLoweringBase: an scf.forall over (batch, head), the per-head slices
// widened to f32, the schedule's loop nest, and an epilogue that applies the
// scale, decay normalization and group norm (per row tile inside the parallel
// and chunkwise loops, after the loop for the recurrent one) and narrows back
// to the input type.
//
//===----------------------------------------------------------------------===//

#include "retnet/Conversion/RetentionToCPU/RetentionToCPU.h"

#include "retnet/Conversion/RetentionCommon/TileBuilder.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/FoldUtils.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTRETENTIONTOCPU
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;

namespace {

/// The per-(batch, head) operands of one schedule, all f32.
struct HeadInputs {
  Value q, k, v;  ///< [T, Dk], [T, Dk], [T, Dv]
  Value logDecay; ///< scalar
  Value init;     ///< [Dk, Dv] or null (normalized, with `normalize`)
  Value seqLen;   ///< T (index)
  /// Absolute position of the first token (index, >= 0); 0 without offset.
  Value offset;
  int64_t keyDim, valueDim;
  bool wantState;
  /// decay_normalization: rows and the final state are normalized at their
  /// absolute positions, and `init` is torchscale's normalized state.
  bool normalize = false;
  /// The per-row epilogue (scale, decay normalization, group norm) of rows
  /// [L, Dv] starting at absolute row `firstRow`; null when there is none.
  /// Schedules that produce finished row tiles apply it per tile, while the
  /// tile is in cache, instead of in one more pass over the whole output.
  std::function<Value(Value rows, Value firstRow)> epilogue;

  /// The initial state as the schedules that carry the plain decayed sum
  /// need it: with `normalize`, torchscale's normalized state scaled back by
  /// sqrt(sum_{i < offset} gamma^i); null without an initial state.
  Value plainInit(TileBuilder &tb) const {
    if (!init || !normalize)
      return init;
    return tb.scaleAll(init,
                       buildStateDenormFactor(tb.builder(), logDecay, offset));
  }
};

struct HeadResult {
  Value out;   ///< [T, Dv] f32
  Value state; ///< [Dk, Dv] f32 (unnormalized) or null
  /// Whether `out` has been through `HeadInputs::epilogue` already.
  bool epilogueApplied = false;
  /// Whether `out` and `state` are decay-normalized already (the recurrent
  /// schedule runs torchscale's normalized recurrence).
  bool normalized = false;
};

/// Builds an scf.for with iter_args; `fn` builds the body and returns the
/// yielded values.
scf::ForOp buildFor(ImplicitLocOpBuilder &b, Value lb, Value ub, Value step,
                    ValueRange inits,
                    function_ref<SmallVector<Value>(Value, ValueRange)> fn) {
  auto forOp = scf::ForOp::create(b, lb, ub, step, inits);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(forOp.getBody());
  SmallVector<Value> yielded =
      fn(forOp.getInductionVar(), forOp.getRegionIterArgs());
  scf::YieldOp::create(b, yielded);
  return forOp;
}

class RetentionLoweringBase : public OpRewritePattern<RetentionOp> {
public:
  RetentionLoweringBase(MLIRContext *ctx, ScheduleKind kind,
                        const RetentionToCPUOptions &options)
      : OpRewritePattern(ctx), kind(kind), options(options) {}

  LogicalResult matchAndRewrite(RetentionOp op,
                                PatternRewriter &rewriter) const override {
    ScheduleAttr schedule = op.getScheduleAttr();
    if (!schedule || schedule.getKind() != kind)
      return rewriter.notifyMatchFailure(op, "different schedule");

    // Every code generation choice comes from the op's lowering config;
    // an op without one (IR lowered without retention-select-schedule) gets
    // the CPU's, with the pass's register tile.
    retnet::LoweringConfig config =
        op.getLoweringConfigOr(retnet::TargetInfo());
    if (!op.getLoweringConfigAttr()) {
      config.registerTileRows = options.registerTileRows;
      config.registerTileLanes = options.registerTileLanes;
    }
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    TileBuilder tb(b);
    tb.setRegisterTile(config.registerTileRows, config.registerTileLanes);
    Value q = op.getQ(), k = op.getK(), v = op.getV();
    Type elt = op.getQType().getElementType();
    int64_t heads = op.getNumHeads(), dk = op.getKeyDim(),
            dv = op.getValueDim();
    OpFoldResult batch = tb.dim(q, 0), seq = tb.dim(q, 2);
    Value seqLen = getValueOrCreateConstantIndexOp(b, b.getLoc(), seq);
    // The absolute position of the first token, clamped at 0.
    Value offset = tb.index(0);
    if (Value off = op.getOffset()) {
      Value clamped = arith::MaxSIOp::create(
          b, off, arith::ConstantIntOp::create(b, off.getType(), 0));
      offset = arith::IndexCastOp::create(b, b.getIndexType(), clamped);
    }

    SmallVector<Value> sharedOuts;
    auto outType = cast<RankedTensorType>(op.getOut().getType());
    sharedOuts.push_back(tensor::EmptyOp::create(
        b,
        ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads), seq,
                               b.getIndexAttr(dv)},
        elt));
    Type stateElt;
    if (op.hasFinalState()) {
      auto stateType = cast<RankedTensorType>(op.getFinalState().getType());
      stateElt = stateType.getElementType();
      // B may be static in the state and dynamic in q or the other way
      // round (the verifier only asks them to be compatible): follow the
      // result type, taking a dynamic B from q.
      OpFoldResult stateBatch =
          stateType.isDynamicDim(0)
              ? batch
              : OpFoldResult(b.getIndexAttr(stateType.getDimSize(0)));
      sharedOuts.push_back(tensor::EmptyOp::create(
          b,
          ArrayRef<OpFoldResult>{stateBatch, b.getIndexAttr(heads),
                                 b.getIndexAttr(dk), b.getIndexAttr(dv)},
          stateElt));
    }

    // One (batch, head): the schedule's loop nest and the epilogue; returns
    // the head's output rows and (optionally) its final state.
    auto buildOneHead = [&](Value bi, Value hi) -> std::pair<Value, Value> {
      HeadInputs in;
      in.q = tb.toF32(tb.sliceHead(q, bi, hi));
      in.k = tb.toF32(tb.sliceHead(k, bi, hi));
      in.v = tb.toF32(tb.sliceHead(v, bi, hi));
      in.logDecay = tensor::ExtractOp::create(b, op.getLogDecay(), hi);
      if (Value init = op.getInitialState())
        in.init = tb.toF32(tb.sliceHead(init, bi, hi));
      in.seqLen = seqLen;
      in.offset = offset;
      in.keyDim = dk;
      in.valueDim = dv;
      in.wantState = op.hasFinalState();
      in.normalize = op.getDecayNormalization();

      // Epilogue: out[n, :] *= scale (/ sqrt(sum_{i<=offset+n} gamma^i)),
      // then the optional RMS norm of each row.
      float scale = op.getScale().convertToFloat();
      bool normalize = in.normalize;
      std::optional<APFloat> eps = op.getGroupNormEps();
      Value logDecay = in.logDecay;
      auto makeEpilogue =
          [&tb, &b, scale, eps, logDecay,
           offset](bool normalizeRows) -> std::function<Value(Value, Value)> {
        if (!normalizeRows && scale == 1.0f && !eps)
          return {};
        return [&tb, &b, scale, eps, logDecay, offset,
                normalizeRows](Value rows, Value firstRow) {
          if (normalizeRows || scale != 1.0f) {
            rows = tb.scaleRows(rows, [&](Value r) {
              // The row's absolute position: offset + firstRow + r.
              Value n = r;
              if (normalizeRows)
                for (Value base : {firstRow, offset})
                  if (!isZeroInteger(base))
                    n = arith::AddIOp::create(b, base, n).getResult();
              return buildRowFactor(b, scale,
                                    normalizeRows ? logDecay : Value(), n);
            });
          }
          if (eps)
            rows = tb.rmsNormRows(rows, eps->convertToFloat());
          return rows;
        };
      };
      in.epilogue = makeEpilogue(normalize);

      HeadResult res = buildHead(tb, in, schedule, config);

      Value out = res.out;
      if (!res.epilogueApplied) {
        if (auto epilogue = makeEpilogue(normalize && !res.normalized))
          out = epilogue(out, tb.index(0));
      }
      out = tb.fromF32(out, elt);
      // The loop nests build [T, Dv] with a dynamic T; give the slice the
      // op's static extent where there is one.
      auto headOutType =
          RankedTensorType::get({outType.getDimSize(2), dv}, elt);
      if (out.getType() != headOutType)
        out = tensor::CastOp::create(b, headOutType, out);
      Value state;
      if (in.wantState) {
        state = res.state;
        if (normalize && !res.normalized) {
          state = tb.scaleAll(
              state, buildFinalStateFactor(b, in.logDecay, offset, seqLen));
        }
        state = tb.fromF32(state, stateElt);
      }

      return {out, state};
    };
    SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
    auto offsets = [&](Value bi, Value hi) {
      return SmallVector<OpFoldResult>{bi, hi, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
    };
    SmallVector<OpFoldResult> outSizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                          seq, b.getIndexAttr(dv)};
    SmallVector<OpFoldResult> stateSizes = {
        b.getIndexAttr(1), b.getIndexAttr(1), b.getIndexAttr(dk),
        b.getIndexAttr(dv)};

    ValueRange loopResults;
    {
      auto forall = scf::ForallOp::create(
          b, ArrayRef<OpFoldResult>{batch, b.getIndexAttr(heads)}, sharedOuts,
          std::nullopt);
      Value bi = forall.getInductionVar(0), hi = forall.getInductionVar(1);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(forall.getTerminator());
      auto [out, state] = buildOneHead(bi, hi);
      b.setInsertionPointToEnd(forall.getTerminator().getBody());
      ValueRange shared = forall.getRegionIterArgs();
      tensor::ParallelInsertSliceOp::create(b, out, shared[0], offsets(bi, hi),
                                            outSizes, strides);
      if (state)
        tensor::ParallelInsertSliceOp::create(
            b, state, shared[1], offsets(bi, hi), stateSizes, strides);
      loopResults = forall.getResults();
      // Too little work to pay for waking threads (a decode step of a few
      // heads): retention-serialize-foralls runs this one as a loop nest.
      if (config.serial)
        forall->setAttr(kSerialAttrName, b.getUnitAttr());
    }
    // B may be dynamic in a result while static in q (the verifier only asks
    // for compatible shapes): cast to the op's result types.
    SmallVector<Value> results;
    for (auto [res, type] : llvm::zip_equal(loopResults, op->getResultTypes()))
      results.push_back(res.getType() == type
                            ? Value(res)
                            : Value(tensor::CastOp::create(b, type, res)));
    rewriter.replaceOp(op, results);
    return success();
  }

protected:
  virtual HeadResult buildHead(TileBuilder &tb, const HeadInputs &in,
                               ScheduleAttr schedule,
                               const retnet::LoweringConfig &config) const = 0;

  ScheduleKind kind;
  RetentionToCPUOptions options;
};

/// Parallel: for each query tile, visit key tiles up to and including the
/// diagonal; the decay of each score tile comes from log-decay in registers.
struct ParallelLowering : RetentionLoweringBase {
  ParallelLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Parallel, options) {}

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &config) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0), rowsV = tb.index(config.tileRows),
          colsV = tb.index(config.tileCols);
    // The diagonal tiles skip their register tiles above the diagonal.
    TileBuilder::Causal::Kind skip =
        config.causalSkipFrom > 0 &&
                std::min(config.tileRows, config.tileCols) >=
                    config.causalSkipFrom
            ? TileBuilder::Causal::Output
            : TileBuilder::Causal::None;
    OpFoldResult dvAttr = b.getIndexAttr(in.valueDim);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    Value init = in.plainInit(tb);
    auto rows = buildFor(
        b, zero, in.seqLen, rowsV, ValueRange{out0},
        [&](Value i0, ValueRange args) -> SmallVector<Value> {
          Value li = tb.minIndex(
              rowsV, arith::SubIOp::create(b, in.seqLen, i0).getResult());
          Value qi = tb.sliceRows(in.q, i0, li);
          Value acc0 = tb.zeros({li, dvAttr});
          Value jEnd = arith::AddIOp::create(b, i0, li);
          auto cols = buildFor(
              b, zero, jEnd, colsV, ValueRange{acc0},
              [&](Value j0, ValueRange acc) -> SmallVector<Value> {
                Value lj = tb.minIndex(
                    colsV, arith::SubIOp::create(b, jEnd, j0).getResult());
                Value kj = tb.sliceRows(in.k, j0, lj);
                Value vj = tb.sliceRows(in.v, j0, lj);
                // Row i0 + r sees key j0 + c for c <= r + (i0 - j0): the
                // diagonal tile skips its upper register tiles.
                TileBuilder::Causal causal;
                causal.offset = arith::SubIOp::create(b, i0, j0);
                causal.kind = skip;
                Value s = tb.contract(qi, kj, tb.zeros({li, lj}), false, true,
                                      causal);
                Value p = tb.maskWithDecay(s, in.logDecay, i0, j0);
                if (skip != TileBuilder::Causal::None)
                  causal.kind = TileBuilder::Causal::Reduction;
                return {tb.contract(p, vj, acc[0], false, false, causal)};
              });
          Value acc = cols.getResult(0);
          // (q * gamma^(n + 1)) S0 for absolute row n = i0 + r.
          if (init)
            acc = tb.addStateContribution(acc, qi, init, in.logDecay, i0);
          if (in.epilogue)
            acc = in.epilogue(acc, i0);
          return {tb.insertRows(acc, args[0], i0)};
        });
    HeadResult res;
    res.out = rows.getResult(0);
    res.epilogueApplied = true;
    // S = gamma^T S0 + sum_m gamma^(T - 1 - m) k_m^T v_m.
    if (in.wantState)
      res.state = tb.advanceState(init, in.k, in.v, in.logDecay, in.seqLen);
    return res;
  }
};

/// Chunkwise: sequential over chunks of C rows, carrying the Dk x Dv state;
/// inside a chunk the parallel form. The last chunk may be shorter than C.
struct ChunkwiseLowering : RetentionLoweringBase {
  ChunkwiseLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Chunkwise, options) {}

  /// One chunk of `len` rows at row c0: returns (next state, out with the
  /// chunk's rows written).
  std::pair<Value, Value> step(TileBuilder &tb, const HeadInputs &in,
                               const retnet::LoweringConfig &config, Value c0,
                               OpFoldResult len, Value state, Value out,
                               Value table, Value shift) const {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0);
    OpFoldResult dvAttr = b.getIndexAttr(in.valueDim);
    Value lenV = getValueOrCreateConstantIndexOp(b, b.getLoc(), len);
    Value qi = tb.sliceRows(in.q, c0, len);
    Value ki = tb.sliceRows(in.k, c0, len);
    Value vi = tb.sliceRows(in.v, c0, len);
    // inner = ((Q K^T) * D_C) V
    // Causal inside the chunk: skip the register tiles above the diagonal
    // of Q K^T and stop each row tile's P V reduction at the diagonal. Small
    // chunks keep static loop bounds instead: what the skipping saves there
    // is less than what the dynamic bounds cost.
    std::optional<int64_t> staticLen = getConstantIntValue(len);
    bool causalSkip = config.causalSkipFrom > 0 &&
                      (!staticLen || *staticLen >= config.causalSkipFrom);
    TileBuilder::Causal causal{causalSkip ? TileBuilder::Causal::Output
                                          : TileBuilder::Causal::None,
                               zero};
    Value s = tb.contract(qi, ki, tb.zeros({len, len}), false, true, causal);
    Value p = tb.maskWithDecay(s, in.logDecay, zero, zero, table, shift);
    if (causalSkip)
      causal.kind = TileBuilder::Causal::Reduction;
    Value inner =
        tb.contract(p, vi, tb.zeros({len, dvAttr}), false, false, causal);
    // cross = (Q * xi) R, xi[r] = gamma^(r + 1); fused with + inner.
    Value o = tb.addStateContribution(inner, qi, state, in.logDecay, zero);
    if (in.epilogue)
      o = in.epilogue(o, c0);
    // R' = gamma^len R + (K * zeta)^T V, zeta[r] = gamma^(len - 1 - r).
    Value next = tb.advanceState(state, ki, vi, in.logDecay, lenV);
    return {next, tb.insertRows(o, out, c0)};
  }

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in,
                       ScheduleAttr schedule,
                       const retnet::LoweringConfig &config) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    // A chunk longer than a static T is one chunk of T rows: no C x C tile
    // beyond the sequence (chunk_size may be up to kMaxChunkSize).
    std::optional<int64_t> staticT = getConstantIntValue(in.seqLen);
    int64_t c = schedule.getChunkSize();
    if (staticT)
      c = std::min(c, *staticT);
    Value zero = tb.index(0), chunk = tb.index(c);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    // The chunk's decays, once per head: every chunk (and the shorter last
    // one) reads them at r - c + C - 1.
    Value shift = tb.index(c - 1);
    Value table = tb.decayTable(in.logDecay, chunk, chunk, zero);
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    // Full chunks of C rows in the loop; the last, partial chunk is peeled
    // off (inline for a static T, under an scf.if for a dynamic one).
    Value fullEnd =
        staticT ? tb.index(*staticT / c * c)
                : arith::MulIOp::create(
                      b, arith::DivUIOp::create(b, in.seqLen, chunk), chunk)
                      .getResult();
    auto loop = buildFor(b, zero, fullEnd, chunk, ValueRange{state0, out0},
                         [&](Value c0, ValueRange args) -> SmallVector<Value> {
                           auto [next, out] =
                               step(tb, in, config, c0, chunk, args[0], args[1],
                                    table, shift);
                           return {next, out};
                         });
    Value state = loop.getResult(0), out = loop.getResult(1);
    if (staticT) {
      if (int64_t rem = *staticT % c)
        std::tie(state, out) =
            step(tb, in, config, fullEnd, b.getIndexAttr(rem), state, out,
                 table, shift);
    } else {
      Value rem = arith::SubIOp::create(b, in.seqLen, fullEnd);
      Value hasRem =
          arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, rem, zero);
      auto ifOp = scf::IfOp::create(
          b, TypeRange{state.getType(), out.getType()}, hasRem,
          /*withElseRegion=*/true);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        auto [s2, o2] =
            step(tb, in, config, fullEnd, rem, state, out, table, shift);
        scf::YieldOp::create(b, ValueRange{s2, o2});
        b.setInsertionPointToStart(&ifOp.getElseRegion().front());
        scf::YieldOp::create(b, ValueRange{state, out});
      }
      state = ifOp.getResult(0);
      out = ifOp.getResult(1);
    }
    HeadResult res;
    res.out = out;
    res.epilogueApplied = true;
    if (in.wantState)
      res.state = state;
    return res;
  }
};

/// Recurrent: one token at a time, S = gamma S + k^T v, o = q S.
struct RecurrentLowering : RetentionLoweringBase {
  RecurrentLowering(MLIRContext *ctx, const RetentionToCPUOptions &options)
      : RetentionLoweringBase(ctx, ScheduleKind::Recurrent, options) {}

  /// One token: the fused vector step when register tiling is on (one pass
  /// over the state, the output row written into `outRows` at `row`), else
  /// the linalg update and vector-matrix product. `kScale` (or null)
  /// multiplies k. Returns {next, outRows}.
  std::pair<Value, Value> step(TileBuilder &tb, Value s, Value gamma, Value k,
                               Value v, Value q, bool inPlace, Value outRows,
                               Value row, Value kScale) const {
    if (tb.registerTileRows() > 0)
      return tb.recurrentStep(s, gamma, k, v, q, inPlace, outRows, row, kScale);
    if (kScale)
      k = tb.scaleAll(k, kScale);
    Value next = tb.decayedOuterUpdate(s, gamma, k, v, inPlace);
    return {next, tb.insertRows(tb.vecMat(q, next), outRows, row)};
  }

  /// The decay and k factor of a decode step: gamma and none, or with
  /// decay_normalization those of torchscale's normalized recurrence at
  /// absolute position `offset` (so the state, the output row and the final
  /// state are normalized as they are computed, in one pass over the state).
  std::pair<Value, Value> decodeFactors(ImplicitLocOpBuilder &b,
                                        const HeadInputs &in,
                                        Value gamma) const {
    if (!in.normalize)
      return {gamma, Value()};
    return buildNormalizedStepFactors(b, in.logDecay, in.offset);
  }

  HeadResult buildHead(TileBuilder &tb, const HeadInputs &in, ScheduleAttr,
                       const retnet::LoweringConfig &) const override {
    ImplicitLocOpBuilder &b = tb.builder();
    Value zero = tb.index(0), one = tb.index(1);
    OpFoldResult dkAttr = b.getIndexAttr(in.keyDim),
                 dvAttr = b.getIndexAttr(in.valueDim);
    Value gamma = buildDecayPow(b, in.logDecay, one);
    HeadResult res;
    if (std::optional<int64_t> t = getConstantIntValue(in.seqLen);
        t && *t == 1) {
      // A decode step: no loop, and the state update goes out of place so
      // the (read-only) initial state is read once and the new state is
      // written straight into the result.
      Value s0 = in.init ? in.init : tb.zeros({dkAttr, dvAttr});
      auto [decay, kScale] = decodeFactors(b, in, gamma);
      res.normalized = in.normalize;
      // Built in sequence: argument evaluation order is unspecified in C++,
      // and the IR must not depend on the host compiler.
      Value vRow = tb.row(in.v, zero);
      Value kRow = tb.row(in.k, zero);
      Value qRow = tb.row(in.q, zero);
      auto [next, o] = step(
          tb, s0, decay, kRow, vRow, qRow, /*inPlace=*/false,
          tb.empty({b.getIndexAttr(1), dvAttr}, b.getF32Type()), zero, kScale);
      res.out = o;
      if (in.wantState)
        res.state = next;
      return res;
    }
    // A sequence: the plain recurrence on the plain decayed sum (the fused
    // step at full speed), normalized afterwards by the shared epilogue
    // (per-token normalization factors in the loop measured 1.5x slower at
    // D = 64).
    Value init = in.plainInit(tb);
    Value state0 = init ? init : tb.zeros({dkAttr, dvAttr});
    Value out0 = tb.empty({in.seqLen, dvAttr}, b.getF32Type());
    auto loop = buildFor(b, zero, in.seqLen, one, ValueRange{state0, out0},
                         [&](Value t, ValueRange args) -> SmallVector<Value> {
                           Value vRow = tb.row(in.v, t);
                           Value kRow = tb.row(in.k, t);
                           Value qRow = tb.row(in.q, t);
                           auto [next, o] =
                               step(tb, args[0], gamma, kRow, vRow, qRow,
                                    /*inPlace=*/true, args[1], t, Value());
                           return {next, o};
                         });
    res.out = loop.getResult(1);
    if (in.wantState)
      res.state = loop.getResult(0);
    return res;
  }
};

struct ConvertRetentionToCPUPass
    : impl::ConvertRetentionToCPUBase<ConvertRetentionToCPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (registerTileRows < 0 || registerTileLanes < 0 ||
        (registerTileRows == 0) != (registerTileLanes == 0)) {
      getOperation()->emitError()
          << "convert-retention-to-cpu: register-tile-rows and "
             "register-tile-lanes must both be positive, or both 0";
      return signalPassFailure();
    }
    WalkResult unscheduled = getOperation()->walk([](RetentionOp op) {
      return failed(op.requireSchedule()) ? WalkResult::interrupt()
                                          : WalkResult::advance();
    });
    if (unscheduled.wasInterrupted())
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    RetentionToCPUOptions options;
    options.registerTileRows = registerTileRows;
    options.registerTileLanes = registerTileLanes;
    populateRetentionToCPUPatterns(patterns, options);
    // Every retention op must go; everything the patterns build is legal.
    ConversionTarget target(getContext());
    target.addIllegalOp<RetentionOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns), config)))
      return signalPassFailure();
    // Constants uniqued and hoisted to the entry of their isolated region
    // (what a greedy rewrite would leave): the loop nests stay readable and
    // later passes see one constant per value.
    OperationFolder folder(&getContext());
    SmallVector<Operation *> constants;
    getOperation()->walk([&](Operation *op) {
      if (op->hasTrait<OpTrait::ConstantLike>())
        constants.push_back(op);
    });
    for (Operation *op : constants)
      folder.insertKnownConstant(op);
  }
};

} // namespace

void mlir::retention::populateRetentionParallelToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ParallelLowering>(patterns.getContext(), options);
}

void mlir::retention::populateRetentionChunkwiseToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<ChunkwiseLowering>(patterns.getContext(), options);
}

void mlir::retention::populateRetentionRecurrentToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  patterns.add<RecurrentLowering>(patterns.getContext(), options);
}

void mlir::retention::populateRetentionToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  populateRetentionParallelToCPUPatterns(patterns, options);
  populateRetentionChunkwiseToCPUPatterns(patterns, options);
  populateRetentionRecurrentToCPUPatterns(patterns, options);
}
