//===- RetentionDialect.cpp - retention dialect and attributes ------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Limits.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringSet.h"
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

//===----------------------------------------------------------------------===//
// LoweringConfigAttr: #retention.lowering_config<tile = [R, C],
//   register_tile = [R, L], causal_skip_from = N, serial = B,
//   tensor_cores = B>, every key optional, in any order, at most once.
//===----------------------------------------------------------------------===//

namespace {
/// Limits on the config's sizes: a tile is at most a chunk's extent, a
/// register tile within retnet/Limits.h's bounds.
using retnet::kMaxRegisterTileElements;
using retnet::kMaxRegisterTileLanes;
using retnet::kMaxRegisterTileRows;
} // namespace

Attribute LoweringConfigAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  retnet::LoweringConfig c;
  llvm::StringSet<> seen;
  // An integer, not `true`/`false` (which parseInteger takes as -1 / 0).
  auto parseInt = [&](int64_t &value) -> ParseResult {
    SMLoc at = parser.getCurrentLocation();
    StringRef word;
    if (succeeded(parser.parseOptionalKeyword(&word)))
      return parser.emitError(at, "expected an integer, got '") << word << "'";
    return parser.parseInteger(value);
  };
  auto parsePair = [&](int64_t &a, int64_t &b) -> ParseResult {
    return failure(parser.parseLSquare() || parseInt(a) ||
                   parser.parseComma() || parseInt(b) || parser.parseRSquare());
  };
  auto parseBool = [&](bool &value) -> ParseResult {
    SMLoc at = parser.getCurrentLocation();
    StringRef word;
    if (parser.parseKeyword(&word))
      return failure();
    if (word != "true" && word != "false")
      return parser.emitError(at, "expected true or false, got '")
             << word << "'";
    value = word == "true";
    return success();
  };
  if (parser.parseLess())
    return {};
  if (failed(parser.parseOptionalGreater())) {
    do {
      SMLoc keyLoc = parser.getCurrentLocation();
      StringRef key;
      if (parser.parseKeyword(&key) || parser.parseEqual())
        return {};
      if (!seen.insert(key).second) {
        parser.emitError(keyLoc, "'") << key << "' given twice";
        return {};
      }
      ParseResult r = failure();
      if (key == "tile")
        r = parsePair(c.tileRows, c.tileCols);
      else if (key == "register_tile")
        r = parsePair(c.registerTileRows, c.registerTileLanes);
      else if (key == "causal_skip_from")
        r = parseInt(c.causalSkipFrom);
      else if (key == "serial")
        r = parseBool(c.serial);
      else if (key == "tensor_cores")
        r = parseBool(c.tensorCores);
      else {
        parser.emitError(keyLoc, "unknown lowering_config key '")
            << key
            << "'; expected tile, register_tile, causal_skip_from, serial "
               "or tensor_cores";
        return {};
      }
      if (failed(r))
        return {};
    } while (succeeded(parser.parseOptionalComma()));
    if (parser.parseGreater())
      return {};
  }
  return parser.getChecked<LoweringConfigAttr>(
      loc, parser.getContext(), c.tileRows, c.tileCols, c.registerTileRows,
      c.registerTileLanes, c.causalSkipFrom, c.serial, c.tensorCores);
}

void LoweringConfigAttr::print(AsmPrinter &printer) const {
  auto flag = [](bool b) { return b ? "true" : "false"; };
  printer << "<tile = [" << getTileRows() << ", " << getTileCols()
          << "], register_tile = [" << getRegisterTileRows() << ", "
          << getRegisterTileLanes()
          << "], causal_skip_from = " << getCausalSkipFrom()
          << ", serial = " << flag(getSerial())
          << ", tensor_cores = " << flag(getTensorCores()) << ">";
}

LogicalResult
LoweringConfigAttr::verify(llvm::function_ref<InFlightDiagnostic()> emitError,
                           int64_t tileRows, int64_t tileCols,
                           int64_t registerTileRows, int64_t registerTileLanes,
                           int64_t causalSkipFrom, bool, bool) {
  if (tileRows <= 0 || tileCols <= 0 || tileRows > retnet::kMaxChunkSize ||
      tileCols > retnet::kMaxChunkSize)
    return emitError() << "lowering_config tile must be positive and at most "
                       << retnet::kMaxChunkSize << " per edge, got ["
                       << tileRows << ", " << tileCols << "]";
  if (!retnet::isValidRegisterTile(registerTileRows, registerTileLanes))
    return emitError() << "lowering_config register_tile must be [0, 0] "
                          "(plain loops) or positive, at most ["
                       << kMaxRegisterTileRows << ", " << kMaxRegisterTileLanes
                       << "] and " << kMaxRegisterTileElements
                       << " accumulators, got [" << registerTileRows << ", "
                       << registerTileLanes << "]";
  if (causalSkipFrom < 0)
    return emitError() << "lowering_config causal_skip_from must be "
                          "non-negative (0: never), got "
                       << causalSkipFrom;
  return success();
}

retnet::LoweringConfig LoweringConfigAttr::getConfig() const {
  retnet::LoweringConfig c;
  c.tileRows = getTileRows();
  c.tileCols = getTileCols();
  c.registerTileRows = getRegisterTileRows();
  c.registerTileLanes = getRegisterTileLanes();
  c.causalSkipFrom = getCausalSkipFrom();
  c.serial = getSerial();
  c.tensorCores = getTensorCores();
  return c;
}

LoweringConfigAttr LoweringConfigAttr::get(MLIRContext *context,
                                           const retnet::LoweringConfig &c) {
  return get(context, c.tileRows, c.tileCols, c.registerTileRows,
             c.registerTileLanes, c.causalSkipFrom, c.serial, c.tensorCores);
}
