//===- RetentionOps.td - retention operations ----------------*- tablegen -*-===//

#ifndef RETNET_DIALECT_RETENTION_IR_RETENTIONOPS_TD
#define RETNET_DIALECT_RETENTION_IR_RETENTIONOPS_TD

include "retnet/Dialect/Retention/IR/RetentionDialect.td"
include "retnet/Dialect/Retention/IR/RetentionAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonTypeConstraints.td"

def Retention_FloatTensor : RankedTensorOf<[F32, F16, BF16]>;

def Retention_RetentionOp : Retention_Op<"retention",
    [Pure, AttrSizedOperandSegments]> {
  let summary = "multi-scale retention (the RetNet core operator)";
  let description = [{
    Computes retention for every batch `b` and head `h`, with per-head decay
    `gamma_h = exp(log_decay[h])`, on q, k `[B, H, T, Dk]` and v `[B, H, T, Dv]`:

    ```
    D[n, m] = gamma^(n - m) if n >= m, else 0
    out     = scale * ((q k^T) * D) v  +  scale * (q * gamma^(n + 1)) S0
    S_final = gamma^T S0 + sum_m gamma^(T - 1 - m) k_m^T v_m
    ```

    `S0` is the optional `initial_state` `[B, H, Dk, Dv]` (zero when absent);
    the optional second result is the final state. The state's element type
    is either f32 or the element type of q/k/v.

    With `decay_normalization`, row `n` of `D` is divided by
    `sqrt(sum_{i <= p + n} gamma^i)` (torchscale's decay-mask
    normalization) and the final state is torchscale's normalized recurrent
    state `U / sqrt(sum_{i <= p + T - 1} gamma^i)`, where `U` is the
    unnormalized state and `p` is the optional `offset` operand (i64), the
    absolute position of the op's first token (0 when absent; a negative
    value counts as 0). An initial state is then torchscale's normalized
    state after `p` tokens: it enters the sums as `S0 * sqrt(sum_{i < p}
    gamma^i)` (so it has no effect at p = 0). Prefill, decode and a prefill
    that continues from a state (chunked prefill) therefore all agree with
    one normalized pass over the whole sequence. An initial state with
    `decay_normalization` requires the offset; an offset requires
    `decay_normalization` (nothing else depends on it).

    With `group_norm_eps`, each output row (one token of one head, Dv values)
    is then RMS-normalized without affine weight, `o / sqrt(mean(o^2) + eps)`:
    the per-head group norm of the RetNet layer, fused into the epilogue of
    every schedule. (It removes per-row positive factors such as `scale` and
    the decay normalization, up to eps.)

    The optional `schedule` attribute picks the parallel, chunkwise or
    recurrent form; all three compute the same numbers (a chunkwise
    `chunk_size` is at most 4096). Ops without one get it from
    `retention-select-schedule`, which also writes `lowering_config`
    (`#retention.lowering_config<...>`): every code generation choice of
    the lowerings (tiles, register tile, causal skipping, serial decode,
    tensor cores). The lowerings read those two attributes and nothing
    else. f16 and bf16 inputs are accumulated in f32.
    B and T may be dynamic; H, Dk and Dv must be static. Static extents must
    agree pairwise between q, k, v and the states; a static extent against
    a dynamic one (q's T `?` with k's 16) is checked when the compiled
    function is called (`retention-insert-shape-checks`).

    Example:

    ```mlir
    %out, %state = retention.retention %q, %k, %v, %log_decay
        {scale = 0.125 : f32,
         schedule = #retention.schedule<chunkwise, chunk_size = 64>}
        : (tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>, tensor<2x8x?x64xf32>,
           tensor<8xf32>) -> (tensor<2x8x?x64xf32>, tensor<2x8x64x64xf32>)
    ```

    A decode step of torchscale's normalized recurrence at position `%pos`:

    ```mlir
    %o, %s1 = retention.retention %q, %k, %v, %log_decay init(%s0) offset(%pos)
        {decay_normalization}
        : (tensor<1x8x1x64xf32>, tensor<1x8x1x64xf32>, tensor<1x8x1x64xf32>,
           tensor<8xf32>, tensor<1x8x64x64xf32>, i64)
        -> (tensor<1x8x1x64xf32>, tensor<1x8x64x64xf32>)
    ```
  }];

  let arguments = (ins Retention_FloatTensor:$q,
                       Retention_FloatTensor:$k,
                       Retention_FloatTensor:$v,
                       RankedTensorOf<[F32]>:$log_decay,
                       Optional<Retention_FloatTensor>:$initial_state,
                       Optional<I64>:$offset,
                       DefaultValuedAttr<F32Attr, "1.0">:$scale,
                       UnitAttr:$decay_normalization,
                       OptionalAttr<F32Attr>:$group_norm_eps,
                       OptionalAttr<Retention_ScheduleAttr>:$schedule,
                       OptionalAttr<Retention_LoweringConfigAttr>:$lowering_config);
  let results = (outs Retention_FloatTensor:$out,
                      Optional<Retention_FloatTensor>:$final_state);

  let assemblyFormat = [{
    $q `,` $k `,` $v `,` $log_decay (`init` `(` $initial_state^ `)`)?
    (`offset` `(` $offset^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];

  let hasVerifier = 1;
  let hasCanonicalizer = 1;

  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getQType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getQ().getType());
    }
    ::mlir::RankedTensorType getVType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getV().getType());
    }
    /// Number of heads H (static).
    int64_t getNumHeads() { return getQType().getDimSize(1); }
    /// Key/query head dimension Dk (static).
    int64_t getKeyDim() { return getQType().getDimSize(3); }
    /// Value head dimension Dv (static).
    int64_t getValueDim() { return getVType().getDimSize(3); }
    /// Sequence length T, or ShapedType::kDynamic.
    int64_t getSeqLen() { return getQType().getDimSize(2); }
    /// Batch size B, or ShapedType::kDynamic.
    int64_t getBatch() { return getQType().getDimSize(0); }
    bool hasInitialState() { return static_cast<bool>(getInitialState()); }
    bool hasFinalState() { return static_cast<bool>(getFinalState()); }
    bool hasOffset() { return static_cast<bool>(getOffset()); }
    /// Success if the op carries a schedule; otherwise an error at the op
    /// saying how to get one (for the passes that need a decision).
    ::mlir::LogicalResult requireSchedule();
    /// What the cost model sees of the op (B and T may be dynamic).
    ::retnet::RetentionShape getCostModelShape();
    /// The same from q's and v's types ([B, H, T, Dk], [B, H, T, Dv], tensors
    /// or memrefs), for a lowering that has the op's operands only.
    static ::retnet::RetentionShape
    getCostModelShape(::mlir::ShapedType q, ::mlir::ShapedType v,
                      bool hasInitialState, bool hasFinalState);
    /// The op's lowering config: its `lowering_config`, or for an op without
    /// one (hand-written IR lowered without retention-select-schedule) the
    /// config the cost model derives for its schedule on `fallback`, which
    /// is what retention-select-schedule would write. Requires a schedule.
    ::retnet::LoweringConfig
    getLoweringConfigOr(const ::retnet::TargetInfo &fallback);
  }];
}

#endif // RETNET_DIALECT_RETENTION_IR_RETENTIONOPS_TD
