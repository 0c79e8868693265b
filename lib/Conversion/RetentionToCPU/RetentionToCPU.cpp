//===- RetentionToCPU.cpp - lower scheduled retention ops -----------------===//
//
// The outer structure every schedule shares (RetentionLoweringBase, see
// CPULowering.h; the schedules are in Parallel.cpp, Chunkwise.cpp and
// Recurrent.cpp) and the pass convert-retention-to-cpu.
//
//===----------------------------------------------------------------------===//

#include "CPULowering.h"

#include "retnet/Limits.h"

#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/FoldUtils.h"

namespace mlir {
#define GEN_PASS_DEF_CONVERTRETENTIONTOCPU
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::cpu_lowering;

LogicalResult
RetentionLoweringBase::matchAndRewrite(RetentionOp op,
                                       PatternRewriter &rewriter) const {
  ScheduleAttr schedule = op.getScheduleAttr();
  if (!schedule || schedule.getKind() != kind)
    return rewriter.notifyMatchFailure(op, "different schedule");

  // Every code generation choice comes from the op's lowering config;
  // an op without one (IR lowered without retention-select-schedule) gets
  // the CPU's, with the pass's register tile.
  retnet::LoweringConfig config = op.getLoweringConfigOr(retnet::TargetInfo());
  if (!op.getLoweringConfigAttr()) {
    config.registerTileRows = options.registerTileRows;
    config.registerTileLanes = options.registerTileLanes;
  }
  ImplicitLocOpBuilder b(op.getLoc(), rewriter);
  TileBuilder tb(b);
  tb.setRegisterTile(config.registerTileRows, config.registerTileLanes);
  Value q = op.getQ(), k = op.getK(), v = op.getV();
  Type elt = op.getQType().getElementType();
  int64_t heads = op.getNumHeads(), dk = op.getKeyDim(), dv = op.getValueDim();
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
            return buildRowFactor(b, scale, normalizeRows ? logDecay : Value(),
                                  n);
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
    auto headOutType = RankedTensorType::get({outType.getDimSize(2), dv}, elt);
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
  SmallVector<OpFoldResult> stateSizes = {b.getIndexAttr(1), b.getIndexAttr(1),
                                          b.getIndexAttr(dk),
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

namespace {

struct ConvertRetentionToCPUPass
    : impl::ConvertRetentionToCPUBase<ConvertRetentionToCPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!retnet::isValidRegisterTile(registerTileRows, registerTileLanes)) {
      getOperation()->emitError()
          << "convert-retention-to-cpu: register-tile-rows and "
             "register-tile-lanes must both be positive, or both 0, and at "
             "most "
          << retnet::kMaxRegisterTileRows << " x "
          << retnet::kMaxRegisterTileLanes << " with "
          << retnet::kMaxRegisterTileElements << " accumulators";
      return signalPassFailure();
    }
    WalkResult unscheduled = getOperation()->walk([](RetentionOp op) {
      if (failed(op.requireSchedule()))
        return WalkResult::interrupt();
      // A config for another target is refused, not ignored.
      if (LoweringConfigAttr config = op.getLoweringConfigAttr();
          config && config.getTensorCores()) {
        op.emitOpError("has lowering_config tensor_cores = true, which the "
                       "CPU lowering cannot follow (no tensor cores)");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
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

void mlir::retention::populateRetentionToCPUPatterns(
    RewritePatternSet &patterns, const RetentionToCPUOptions &options) {
  populateRetentionParallelToCPUPatterns(patterns, options);
  populateRetentionChunkwiseToCPUPatterns(patterns, options);
  populateRetentionRecurrentToCPUPatterns(patterns, options);
}
