//===- RetentionDialect.cpp - retention dialect and attributes ------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::retention;

#include "retnet/Dialect/Retention/IR/RetentionDialect.cpp.inc"
#include "retnet/Dialect/Retention/IR/RetentionEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "retnet/Dialect/Retention/IR/RetentionAttrs.cpp.inc"

void RetentionDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "retnet/Dialect/Retention/IR/RetentionAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "retnet/Dialect/Retention/IR/RetentionOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ScheduleAttr: #retention.schedule<parallel>
//               #retention.schedule<chunkwise, chunk_size = N>
//               #retention.schedule<recurrent>
//===----------------------------------------------------------------------===//

Attribute ScheduleAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ScheduleKind> kind = symbolizeScheduleKind(keyword);
  if (!kind) {
    parser.emitError(loc, "unknown retention schedule '")
        << keyword << "'; expected parallel, chunkwise or recurrent";
    return {};
  }
  int64_t chunkSize = 0;
  if (succeeded(parser.parseOptionalComma())) {
    SMLoc chunkLoc = parser.getCurrentLocation();
    if (parser.parseKeyword("chunk_size") || parser.parseEqual() ||
        parser.parseInteger(chunkSize))
      return {};
    if (*kind != ScheduleKind::Chunkwise) {
      parser.emitError(chunkLoc)
          << "chunk_size is only valid with the chunkwise schedule, not with "
          << keyword;
      return {};
    }
  }
  if (parser.parseGreater())
    return {};
  return parser.getChecked<ScheduleAttr>(loc, parser.getContext(), *kind,
                                         chunkSize);
}

void ScheduleAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyScheduleKind(getKind());
  if (getKind() == ScheduleKind::Chunkwise)
    printer << ", chunk_size = " << getChunkSize();
  printer << ">";
}

LogicalResult
ScheduleAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                     ScheduleKind kind, int64_t chunkSize) {
  if (kind == ScheduleKind::Chunkwise) {
    if (chunkSize <= 0)
      return emitError() << "chunkwise schedule needs a positive chunk_size, "
                            "got "
                         << chunkSize;
    if (chunkSize > retnet::kMaxChunkSize)
      return emitError() << "chunk_size must be at most "
                         << retnet::kMaxChunkSize
                         << " (a C x C f32 tile of 64 MiB), got " << chunkSize;
    return success();
  }
  if (chunkSize != 0)
    return emitError() << "chunk_size is only valid with the chunkwise "
                          "schedule, not with "
                       << stringifyScheduleKind(kind);
  return success();
}
