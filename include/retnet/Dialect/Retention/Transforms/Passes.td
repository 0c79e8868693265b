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
    decisions (at most 4096, `retnet::kMaxChunkSize`; 0 leaves it to the
    cost model). With `emit-remarks`, each decision is reported as a remark
    carrying the cost model's reasoning.

    Example: `retnet-opt --retention-select-schedule="schedule=chunkwise chunk-size=128"`.
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", /*default=*/"\"auto\"",
           "auto, parallel, chunkwise or recurrent">,
    Option<"chunkSize", "chunk-size", "int64_t", /*default=*/"0",
           "chunk size for chunkwise decisions, 1 to 4096 (0: the cost "
           "model's)">,
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "target whose facts feed the cost model: cpu, cpu:<cores>, cuda, "
           "cuda:sm_XX">,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "report each decision and its reason as a remark">
  ];
}

def RetentionInsertShapeChecks : Pass<"retention-insert-shape-checks",
                                      "::mlir::ModuleOp"> {
  let summary = "Derive the run-time extent checks of each public function";
  let description = [{
    A static extent against a dynamic one (q `tensor<1x2x?x8xf32>` with k
    `tensor<1x2x16x8xf32>`) passes the verifiers, but the compiled code
    trusts it: a call with T = 4096 would read past k. This pass, run on
    tensors before any lowering, collects the extents each public function's
    ops require equal and that are not provably equal statically:

    * each `retention.retention`: B and T of q, k and v, the initial state's
      B (H, Dk and Dv are static and verified);
    * each linalg op: the operand dims its indexing maps tie to one loop
      (a projection's reduction extent, a state `[?, H, Dk, Dv]` against the
      tokens' B);
    * each `tensor.cast` to a static extent;
    * each returned tensor's dynamic extents against what produces them (the
      caller allocates the outputs: a short output would be written past its
      end).

    Extents are traced back to the function's arguments through
    destination-passing ops (a linalg op's result has its init's extents),
    `tensor.empty` / `tensor.expand_shape` sizes, `tensor.dim`, casts,
    unit-dim reshapes and the retention op's results; pairs that trace to
    the same argument extent need no check, pairs of two constants that
    differ are a compile-time error. Ops under an `scf.if` count as if they
    ran (conservative: a call is refused rather than read out of bounds).

    The checks are recorded on the function as `retention.shape_checks =
    {checks = [...], operands = N}`: each check is
    `[array<i64: lhs_operand, lhs_dim, rhs_operand, rhs_dim>, "message"]`
    (an operand of -1 means the dim slot holds a constant; an output is
    numbered as its out-parameter will be, after the inputs; N counts inputs
    and out-parameters), and the message a printf format with two `%lld`
    (the two extents). `retention-emit-shape-checks` emits them after
    bufferization.
  }];
}

def RetentionEmitShapeChecks : Pass<"retention-emit-shape-checks",
                                    "::mlir::ModuleOp"> {
  let summary = "Check each public function's operand extents at its entry";
  let description = [{
    Run after bufferization and `buffer-results-to-out-params` (the
    functions take memrefs, outputs as trailing out-parameters). Every public
    function starts with a call to `retnet_rt_begin_call()` (the artifact
    runtime, `lib/Runtime/Runtime.c`: the thread's call status is cleared).
    A function carrying `retention.shape_checks` then compares the extents
    (`memref.dim` of the arguments: a few loads and compares) and, when any
    pair differs, calls `retnet_rt_extent_error(message, a, b)` for it and
    returns before the body runs: nothing reads or writes out of bounds and
    the outputs stay unwritten. `retnet_last_error()` in the artifact
    returns the message.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::ub::UBDialect"];
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

def RetentionOutlineOps : Pass<"retention-outline-ops", "::mlir::ModuleOp"> {
  let summary = "Move retention ops into private functions, one per distinct op";
  let description = [{
    A model graph repeats the same retention op once per layer: same operand
    types, same attributes, same schedule. Lowered in place, each copy
    becomes its own fused loop nest, and LLVM optimizes and compiles all of
    them (a 12-layer graph: 12 identical kernels). This pass replaces every
    scheduled `retention.retention` op with static result shapes by a
    `func.call` to a private function `@__retention_<schedule>` whose body is
    the op; ops with equal operand types and equal attributes share one
    function, so each distinct kernel is lowered and compiled once.

    Run it after `retention-select-schedule` (the schedule is part of what
    makes two ops equal) and before the lowering. Ops with a dynamic result
    shape stay in place: a private function's dynamically shaped result
    could not become a caller-allocated out-parameter after bufferization.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::tensor::TensorDialect"];
}

def RetentionOutlineLinalg : Pass<"retention-outline-linalg", "::mlir::ModuleOp"> {
  let summary = "Move linalg ops into private functions shared by equal ops";
  let description = [{
    The layer-level ops of a model graph (projections, norms, activations)
    repeat once per layer with the same types and bodies. This pass moves
    every linalg op (except `linalg.fill`) of a function with a body into a
    private function `@__linalg_<op>`; structurally equal ops (same operand
    types, attributes, region, and constants used inside the region) share
    one function, so each distinct loop nest is lowered and compiled once.
    Values the region captures from above become extra arguments, captured
    constants are cloned into the function. The op's `outs` operands are
    arguments and its results are returned: after bufferization
    (`drop-equivalent-buffer-results`) the function writes its caller's
    buffers in place.

    Retention kernel functions made by `retention-outline-ops` (private
    `__retention_*`) are left alone. Outlined functions get internal
    linkage and `noinline` (LLVM would otherwise inline a copy into every
    caller and undo the sharing).
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def RetentionParallelizeLinalg : Pass<"retention-parallelize-linalg", "::mlir::ModuleOp"> {
  let summary = "Split large layer-level linalg ops into scf.forall tiles for threads";
  let description = [{
    The layer-level ops of a model graph (projections, FFN, norms) are
    linalg ops on tensors that the CPU pipeline lowers to loop nests on one
    thread. This pass tiles each such op whose iteration space (all loops,
    reductions included) has at least `min-iterations` points along one
    parallel loop into `tiles` tiles with upstream `scf::tileUsingSCF`
    (`scf.forall`, `tensor.parallel_insert_slice`); the pipeline's
    forall-to-OpenMP conversion then runs the tiles on threads, as it does
    the retention ops' (batch, head) loops.

    The split loop is the outermost parallel loop with at least `tiles`
    iterations (rows of a prefill projection), else the longest parallel
    loop (output features of a decode step's matrix-vector product).
    Reduction loops are never split, so each tile computes whole results
    and no partial sums are combined. Functions of retention kernels
    (`__retention_*`, already threaded over (batch, head)) and ops without
    tensor semantics are left alone.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t",
           /*default=*/"retnet::TargetInfo().minThreadedLinalgIterations",
           "Smallest iteration space (product of all loop extents) to split">,
    Option<"tiles", "tiles", "int64_t",
           /*default=*/"retnet::TargetInfo().parallelTiles",
           "Number of tiles along the split loop">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def RetentionSerializeForalls : Pass<"retention-serialize-foralls"> {
  let summary = "Run scf.forall ops marked retention.serial as scf.for nests";
  let description = [{
    The CPU lowering marks the (batch, head) `scf.forall` of an op with too
    little work to pay for waking threads (a decode step of a few heads)
    with the unit attribute `retention.serial`. This pass, run after
    bufferization and before the forall-to-OpenMP conversion, turns those
    into plain `scf.for` nests (upstream `scf::forallToForLoop`), so the
    decision is the lowering's and the other foralls keep their threads.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

def RetentionRaise : Pass<"retention-raise"> {
  let summary = "Recognise retention written out in linalg and raise it to retention.retention";
  let description = [{
    Finds retention as a PyTorch importer (torch-mlir, linalg-on-tensors)
    writes it, the torchscale way:

    ```
    S = batch_matmul(collapse(q), collapse(transpose(k, [0, 1, 3, 2])))
    P = expand(S) * D                     (elementwise, D the decay mask)
    O = batch_matmul(collapse(P), collapse(v))
    ```

    and rewrites `O` into `retention.retention` (plus the collapse the graph
    expects), so schedule selection and the fused lowerings apply. The mask
    `D` ([H, T, T], [T, T] or [1, H, T, T], f32) is either a constant (dense
    or dense_resource) or computed in the graph from constants only, as
    torchscale's RetNetRelPos computes it in forward from positions and the
    decay buffer: linalg.generic (elementwise, broadcasting, reducing, with
    linalg.index), fill, transpose, broadcast and reshapes over arith/math
    scalar ops are evaluated at compile time (up to 2^24 iteration points).
    Either way it must be the causal decay mask of one gamma per head,
    `D[h, n, m] = r_n * gamma_h^(n - m)` for `m <= n` and exactly 0 above the
    diagonal, with `r_n = 1` (plain) or `r_n = 1 / sqrt(sum_{j <= n} gamma_h^j)`
    (torchscale's decay normalization, raised as `decay_normalization`),
    within a relative tolerance of 1e-4. Anything else is left alone: a
    non-causal or non-geometric mask, a mask depending on function arguments
    (a log-decay known only at run time), torchscale's abs-sum row
    normalization of the scores (no schedule but parallel could reproduce it), transposes other than of k's last two
    dims, non-zero accumulators, or intermediate products used elsewhere.
  }];
  let dependentDialects = ["::mlir::retention::RetentionDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD
