//===- Passes.td - retnet conversion passes ------------------*- tablegen -*-===//

#ifndef RETNET_CONVERSION_PASSES_TD
#define RETNET_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertRetentionToCPU : Pass<"convert-retention-to-cpu"> {
  let summary = "Lower scheduled retention ops to loops of linalg on tensors";
  let description = [{
    Rewrites every `retention.retention` op according to its
    `#retention.schedule<...>` attribute into an `scf.forall` over
    (batch, head) whose body computes that schedule on f32 tiles:

    * `parallel`: query tiles x key tiles up to the diagonal (tiles above it
      are never visited); the decay of each tile is computed from log-decay
      inside the masking `linalg.generic`, so no T x T mask exists anywhere;
    * `chunkwise`: an `scf.for` over chunks carrying the Dk x Dv state, the
      last chunk may be partial;
    * `recurrent`: an `scf.for` over tokens carrying the state.

    Inputs of f16/bf16 are widened to f32 and the results narrowed back.
    Every op must carry a schedule: run `retention-select-schedule` first.
    The result is ordinary tensor IR for one-shot bufferization.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // RETNET_CONVERSION_PASSES_TD
