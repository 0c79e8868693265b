//===- RetentionDialect.h - retention dialect -------------------*- C++ -*-===//
//
// The retention dialect: the dialect class, its attributes and its ops.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_H
#define RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "retnet/Dialect/Retention/Analysis/CostModel.h"

#include "retnet/Dialect/Retention/IR/RetentionDialect.h.inc"
#include "retnet/Dialect/Retention/IR/RetentionEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "retnet/Dialect/Retention/IR/RetentionAttrs.h.inc"

#define GET_OP_CLASSES
#include "retnet/Dialect/Retention/IR/RetentionOps.h.inc"

#endif // RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_H
