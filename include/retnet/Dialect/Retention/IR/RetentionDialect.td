//===- RetentionDialect.td - retention dialect definition ----*- tablegen -*-===//

#ifndef RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_TD
#define RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_TD

include "mlir/IR/OpBase.td"

def Retention_Dialect : Dialect {
  let name = "retention";
  let cppNamespace = "::mlir::retention";
  let summary = "Retention (RetNet) sequence mixing and its schedules";
  let description = [{
    The `retention` dialect represents the multi-scale retention operator of
    the Retentive Network (RetNet, arXiv 2307.08621) on tensors. The same op
    can be computed with three mathematically identical schedules: parallel
    (attention-like), chunkwise (parallel inside a chunk, a carried state
    between chunks) and recurrent (one token at a time). The choice is an
    attribute, `#retention.schedule<...>`, written by
    `retention-select-schedule` or pinned by the user, and read by the
    lowerings.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasCanonicalizer = 0;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

class Retention_Op<string mnemonic, list<Trait> traits = []>
    : Op<Retention_Dialect, mnemonic, traits>;

#endif // RETNET_DIALECT_RETENTION_IR_RETENTIONDIALECT_TD
