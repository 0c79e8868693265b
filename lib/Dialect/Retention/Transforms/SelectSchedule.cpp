//===- SelectSchedule.cpp - retention-select-schedule ---------------------===//

#include "retnet/Dialect/Retention/Analysis/CostModel.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
#include "retnet/Limits.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONSELECTSCHEDULE
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;
using namespace mlir::retention;

static ScheduleKind toKind(retnet::Schedule s) {
  switch (s) {
  case retnet::Schedule::Parallel:
    return ScheduleKind::Parallel;
  case retnet::Schedule::Chunkwise:
    return ScheduleKind::Chunkwise;
  case retnet::Schedule::Recurrent:
    return ScheduleKind::Recurrent;
  }
  llvm_unreachable("unknown schedule");
}

void mlir::retention::selectSchedules(Operation *root,
                                      const retnet::TargetInfo &target,
                                      std::optional<ScheduleKind> forced,
                                      int64_t chunkSize, bool emitRemarks,
                                      bool registerTile) {
  assert(chunkSize >= 0 && chunkSize <= retnet::kMaxChunkSize &&
         "chunk size out of range: the pass checks it");
  root->walk([&](RetentionOp op) {
    retnet::RetentionShape shape = op.getCostModelShape();
    // The lowering config follows the schedule, pinned or chosen.
    auto setConfig = [&](ScheduleAttr schedule) {
      if (op.getLoweringConfigAttr())
        return;
      retnet::LoweringConfig config = retnet::selectLoweringConfig(
          shape, schedule.getCostModelSchedule(), schedule.getChunkSize(),
          target, registerTile);
      op.setLoweringConfigAttr(
          LoweringConfigAttr::get(op.getContext(), config));
    };
    if (ScheduleAttr pinned = op.getScheduleAttr())
      return setConfig(pinned);
    retnet::ScheduleDecision d = retnet::selectSchedule(shape, target);
    ScheduleKind kind = forced ? *forced : toKind(d.schedule);
    int64_t chunk = 0;
    if (kind == ScheduleKind::Chunkwise) {
      if (chunkSize > 0)
        chunk = chunkSize;
      else if (d.schedule == retnet::Schedule::Chunkwise)
        chunk = d.chunkSize;
      else
        chunk = retnet::selectChunkSize(shape, target);
    }
    auto attr = ScheduleAttr::get(op.getContext(), kind, chunk);
    op.setScheduleAttr(attr);
    setConfig(attr);
    if (emitRemarks)
      op.emitRemark() << "schedule " << attr
                      << (forced ? " (forced by option)" : "") << ": "
                      << d.reason;
  });
}

namespace {

struct SelectSchedulePass
    : retention::impl::RetentionSelectScheduleBase<SelectSchedulePass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<retnet::TargetInfo> targetInfo =
        retnet::TargetInfo::lookup(target);
    if (!targetInfo) {
      getOperation()->emitError()
          << "retention-select-schedule: unknown target '" << target
          << "'; expected cpu, cpu:<cores>, cuda or cuda:sm_XX";
      return signalPassFailure();
    }
    std::optional<ScheduleKind> forced = forcedSchedule(schedule);
    if (chunkSize < 0) {
      getOperation()->emitError()
          << "retention-select-schedule: chunk-size must be non-negative "
             "(0: the cost model's choice), got "
          << static_cast<int64_t>(chunkSize);
      return signalPassFailure();
    }
    if (chunkSize > retnet::kMaxChunkSize) {
      getOperation()->emitError()
          << "retention-select-schedule: chunk-size must be at most "
          << retnet::kMaxChunkSize << " (a C x C f32 tile of 64 MiB), got "
          << static_cast<int64_t>(chunkSize);
      return signalPassFailure();
    }

    if (vectorBits != 0 && vectorBits != 128 && vectorBits != 256 &&
        vectorBits != 512) {
      getOperation()->emitError()
          << "retention-select-schedule: vector-bits must be 0 (the host's), "
             "128, 256 or 512, got "
          << static_cast<int64_t>(vectorBits);
      return signalPassFailure();
    }
    if (vectorBits > 0 && targetInfo->kind == retnet::TargetKind::CPU)
      *targetInfo = targetInfo->withVectorBits(static_cast<int>(vectorBits));
    selectSchedules(getOperation(), *targetInfo, forced, chunkSize, emitRemarks,
                    registerTile);
  }
};

} // namespace
