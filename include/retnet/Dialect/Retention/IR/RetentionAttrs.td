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
    /// The cost model's name for the kind.
    ::retnet::Schedule getCostModelSchedule() const {
      switch (getKind()) {
      case ScheduleKind::Parallel:
        return ::retnet::Schedule::Parallel;
      case ScheduleKind::Chunkwise:
        return ::retnet::Schedule::Chunkwise;
      case ScheduleKind::Recurrent:
        return ::retnet::Schedule::Recurrent;
      }
      llvm_unreachable("unknown schedule kind");
    }
  }];
}

def Retention_LoweringConfigAttr
    : AttrDef<Retention_Dialect, "LoweringConfig"> {
  let mnemonic = "lowering_config";
  let summary = "every code generation choice of one retention op";
  let description = [{
    The decision `retention-select-schedule` makes next to the schedule
    (IREE's `lowering_config` is the model): the CPU and GPU lowerings read
    these choices from the op and nothing else, and the cost model's FLOP
    terms come from the same values (`retnet::LoweringConfig`).

    ```mlir
    #retention.lowering_config<tile = [64, 64], register_tile = [8, 32],
                               causal_skip_from = 64, serial = false,
                               tensor_cores = false>
    ```

    - `tile`: query rows x key columns of one tile of the parallel schedule;
    - `register_tile`: rows x f32 lanes of the CPU contractions' register
      tile, `[0, 0]` for plain loop nests;
    - `causal_skip_from`: tiles and chunks with at least this many rows (or a
      dynamic count) skip the register tiles above the diagonal; 0: never;
    - `serial`: the (batch, head) loop runs on one thread (a small decode
      step, where waking threads costs more than the step);
    - `tensor_cores`: 16-bit chunkwise products on tensor cores
      (`mma.sync` m16n8k16; the GPU lowering checks the shapes allow it).

    Every key is optional (the defaults are the AVX-512 CPU's choices);
    the printer writes them all.
  }];
  let parameters = (ins
      DefaultValuedParameter<"int64_t", "64">:$tileRows,
      DefaultValuedParameter<"int64_t", "64">:$tileCols,
      DefaultValuedParameter<"int64_t", "8">:$registerTileRows,
      DefaultValuedParameter<"int64_t", "32">:$registerTileLanes,
      DefaultValuedParameter<"int64_t", "64">:$causalSkipFrom,
      DefaultValuedParameter<"bool", "false">:$serial,
      DefaultValuedParameter<"bool", "false">:$tensorCores);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The plain-data config (retnet/Dialect/Retention/Analysis/CostModel.h).
    ::retnet::LoweringConfig getConfig() const;
    static LoweringConfigAttr get(::mlir::MLIRContext *context,
                                  const ::retnet::LoweringConfig &config);
  }];
}

#endif // RETNET_DIALECT_RETENTION_IR_RETENTIONATTRS_TD
