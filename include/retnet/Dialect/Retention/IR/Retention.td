//===- Retention.td - retention dialect umbrella -------------*- tablegen -*-===//
//
// The retention dialect: RetNet's sequence-mixing operator and its schedules.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_DIALECT_RETENTION_IR_RETENTION_TD
#define RETNET_DIALECT_RETENTION_IR_RETENTION_TD

include "retnet/Dialect/Retention/IR/RetentionDialect.td"
include "retnet/Dialect/Retention/IR/RetentionAttrs.td"
include "retnet/Dialect/Retention/IR/RetentionOps.td"

#endif // RETNET_DIALECT_RETENTION_IR_RETENTION_TD
