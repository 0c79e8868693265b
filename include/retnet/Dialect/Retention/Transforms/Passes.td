//===- Passes.td - retention transformation passes -----------*- tablegen -*-===//

#ifndef RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD
#define RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def RetentionSelectSchedule : Pass<"retention-select-schedule"> {
  let summary = "Choose parallel, chunkwise or recurrent for each retention op";
  let description = [{
    Writes `#retention.schedule<...>` on every `retention.retention` op that
    does not carry one. Ops with a schedule already (pinned by the user or an
    earlier pass) are left alone.

    With `schedule=auto` (the default) the decision comes from the cost model
    (`retnet::selectSchedule`, see docs/design.md): a static T = 1 is
    recurrent, a dynamic T chunkwise, otherwise the form with the lowest
    estimated time on the target. `schedule=parallel|chunkwise|recurrent`
    forces a form; `chunk-size=N` forces the chunk size of chunkwise
    decisions. With `emit-remarks`, each decision is reported as a remark
    carrying the cost model's reasoning.

    Example: `retnet-opt --retention-select-schedule="schedule=chunkwise chunk-size=128"`.
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", /*default=*/"\"auto\"",
           "auto, parallel, chunkwise or recurrent">,
    Option<"chunkSize", "chunk-size", "int64_t", /*default=*/"0",
           "chunk size for chunkwise decisions (0: the cost model's)">,
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "target whose facts feed the cost model: cpu, cpu:<cores>, cuda, "
           "cuda:sm_XX">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "report each decision and its reason as a remark">
  ];
}

def RetentionExportCInterface : Pass<"retention-export-c-interface",
                                     "::mlir::ModuleOp"> {
  let summary = "Mark public functions for the C memref-descriptor interface";
  let description = [{
    Adds `llvm.emit_c_interface` to every public function with a body, so
    the LLVM lowering emits `_mlir_ciface_<name>` wrappers that take memref
    descriptors by pointer: the ABI that compiled artifacts expose. Marks
    their tensor arguments `bufferization.writable = false`: the caller owns
    the input buffers, so bufferization must copy rather than write into them.
  }];
}

def RetentionExpandCopies : Pass<"retention-expand-copies"> {
  let summary = "Rewrite memref.copy into linalg.copy";
  let description = [{
    Bufferization leaves `memref.copy` ops; between strided views the LLVM
    lowering turns them into calls to `memrefCopy` from MLIR's runner-utils
    library. Compiled artifacts must not need any MLIR library at run time,
    so this pass rewrites every `memref.copy` into `linalg.copy`, which
    `convert-linalg-to-loops` turns into plain (vectorizable) loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD
