//===- Passes.h - retnet conversion passes ----------------------*- C++ -*-===//

#ifndef RETNET_CONVERSION_PASSES_H
#define RETNET_CONVERSION_PASSES_H

#include "retnet/Conversion/RetentionToCPU/RetentionToCPU.h"
#include "retnet/Conversion/RetentionToGPU/RetentionToGPU.h"

namespace mlir {
#define GEN_PASS_REGISTRATION
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

#endif // RETNET_CONVERSION_PASSES_H
