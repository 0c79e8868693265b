//===- CPULowering.h - the CPU lowering's shared pieces ---------*- C++ -*-===//
//
// Internal to lib/Conversion/RetentionToCPU. One pattern per schedule, each
// in its own file, all sharing the outer structure built once in
// RetentionLoweringBase (RetentionToCPU.cpp): an scf.forall over (batch,
// head), the per-head slices widened to f32, the schedule's loop nest
// (buildHead), and an epilogue that applies the scale, decay normalization
// and group norm (per row tile inside the parallel and chunkwise loops,
// after the loop for the recurrent one) and narrows back to the input type.
//
// Each schedule file implements the phases of its schedule
// (RetentionCommon/Schedules.h, which gives their order and math once for
// both targets) on tensor tiles.
//
//   RetentionToCPU.cpp  RetentionLoweringBase::matchAndRewrite, the pass
//   Parallel.cpp        query tiles x key tiles up to the diagonal
//   Chunkwise.cpp       chunks in sequence carrying the state
//   Recurrent.cpp       one token at a time (and the decode step)
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIB_CONVERSION_RETENTIONTOCPU_CPULOWERING_H
#define RETNET_LIB_CONVERSION_RETENTIONTOCPU_CPULOWERING_H

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

#include <functional>

namespace mlir::retention::cpu_lowering {

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
inline scf::ForOp
buildFor(ImplicitLocOpBuilder &b, Value lb, Value ub, Value step,
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

  /// The shared outer structure: the (batch, head) forall, the head's
  /// f32 operands, buildHead, the epilogue, the results (RetentionToCPU.cpp).
  LogicalResult matchAndRewrite(RetentionOp op,
                                PatternRewriter &rewriter) const override;

protected:
  virtual HeadResult buildHead(TileBuilder &tb, const HeadInputs &in,
                               ScheduleAttr schedule,
                               const retnet::LoweringConfig &config) const = 0;

  ScheduleKind kind;
  RetentionToCPUOptions options;
};

} // namespace mlir::retention::cpu_lowering

#endif // RETNET_LIB_CONVERSION_RETENTIONTOCPU_CPULOWERING_H
