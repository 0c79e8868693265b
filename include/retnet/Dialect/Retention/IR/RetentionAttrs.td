//===- RetentionAttrs.td - retention attributes --------------*- tablegen -*-===//

#ifndef RETNET_DIALECT_RETENTION_IR_RETENTIONATTRS_TD
#define RETNET_DIALECT_RETENTION_IR_RETENTIONATTRS_TD

include "retnet/Dialect/Retention/IR/RetentionDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Retention_ScheduleKind : I32EnumAttr<"ScheduleKind",
    "how a retention op is computed", [
      I32EnumAttrCase<"Parallel", 0, "parallel">,
      I32EnumAttrCase<"Chunkwise", 1, "chunkwise">,
      I32EnumAttrCase<"Recurrent", 2, "recurrent">
    ]> {
  let cppNamespace = "::mlir::retention";
  let genSpecializedAttr = 0;
}

def Retention_ScheduleAttr : AttrDef<Retention_Dialect, "Schedule"> {
  let mnemonic = "schedule";
  let summary = "the schedule chosen for a retention op";
  let description = [{
    Selects one of the three equivalent forms of retention:

    ```mlir
    #retention.schedule<parallel>
    #retention.schedule<chunkwise, chunk_size = 64>
    #retention.schedule<recurrent>
    ```

    `chunk_size` is required for, and only valid with, `chunkwise`; it must be
    positive and at most 4096 (`retnet::kMaxChunkSize` in `retnet/Limits.h`:
    the lowerings keep C x C f32 tiles, 64 MiB at the bound). A last chunk
    shorter than `chunk_size` is legal, and where T is static a chunk longer
    than T is one chunk of T rows (the lowerings clamp it).
  }];
  let parameters = (ins "ScheduleKind":$kind,
                        DefaultValuedParameter<"int64_t", "0">:$chunkSize);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isParallel() const { return getKind() == ScheduleKind::Parallel; }
    bool isChunkwise() const { return getKind() == ScheduleKind::Chunkwise; }
    bool isRecurrent() const { return getKind() == ScheduleKind::Recurrent; }
  }];
}

#endif // RETNET_DIALECT_RETENTION_IR_RETENTIONATTRS_TD
