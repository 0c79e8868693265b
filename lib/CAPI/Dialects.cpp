//===- Dialects.cpp - C API of the retention compiler ---------------------===//

#include "retnet-c/Dialects.h"

#include "retnet/Dialect/Retention/Analysis/CostModel.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/InitAll.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Retention, retention,
                                      mlir::retention::RetentionDialect)

void retnetRegisterAllDialects(MlirDialectRegistry registry) {
  retnet::registerAllDialects(*unwrap(registry));
}

void retnetRegisterAllPasses(void) { retnet::registerAllPasses(); }

void retnetRegisterAllPipelines(void) { retnet::registerAllPipelines(); }

bool retnetSelectSchedules(MlirOperation op, MlirStringRef target) {
  std::optional<retnet::TargetInfo> info =
      retnet::TargetInfo::lookup(unwrap(target).str());
  if (!info)
    return false;
  unwrap(op)->walk([&](mlir::retention::RetentionOp r) {
    if (r.getScheduleAttr())
      return;
    retnet::RetentionShape s;
    auto ext = [](int64_t d) {
      return mlir::ShapedType::isDynamic(d) ? retnet::kDynamicExtent : d;
    };
    s.batch = ext(r.getBatch());
    s.heads = r.getNumHeads();
    s.seqLen = ext(r.getSeqLen());
    s.keyDim = r.getKeyDim();
    s.valueDim = r.getValueDim();
    s.hasInitialState = r.hasInitialState();
    s.hasFinalState = r.hasFinalState();
    retnet::ScheduleDecision d = retnet::selectSchedule(s, *info);
    auto kind = d.schedule == retnet::Schedule::Parallel
                    ? mlir::retention::ScheduleKind::Parallel
                : d.schedule == retnet::Schedule::Chunkwise
                    ? mlir::retention::ScheduleKind::Chunkwise
                    : mlir::retention::ScheduleKind::Recurrent;
    r.setScheduleAttr(mlir::retention::ScheduleAttr::get(
        r.getContext(), kind,
        kind == mlir::retention::ScheduleKind::Chunkwise ? d.chunkSize : 0));
  });
  return true;
}
