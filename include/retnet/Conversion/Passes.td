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

    The contractions (Q K^T, P V, Q R, K^T V) are register-tiled: an
    `register-tile-rows` x `register-tile-lanes` block of the accumulator is
    kept in vector registers (`vector.fma` on `vector.transfer_read`s of
    unit-stride rows) while the reduction runs; edges use masked transfers.
    `register-tile-rows=0` falls back to plain `linalg.generic` loops.

    Inputs of f16/bf16 are widened to f32 and the results narrowed back.
    Every op must carry a schedule: run `retention-select-schedule` first.
    The result is ordinary tensor IR for one-shot bufferization.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"registerTileRows", "register-tile-rows", "int64_t", /*default=*/"8",
           "rows of the register tile of the contractions (0: plain loops)">,
    Option<"registerTileLanes", "register-tile-lanes", "int64_t",
           /*default=*/"32",
           "f32 lanes of the register tile of the contractions (0: plain loops)">
  ];
}

#endif // RETNET_CONVERSION_PASSES_TD
