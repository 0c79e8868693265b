//===- Dialects.cpp - C API of the retention compiler ---------------------===//

#include "retnet-c/Dialects.h"

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"
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
  mlir::retention::selectSchedules(unwrap(op), *info);
  return true;
}
