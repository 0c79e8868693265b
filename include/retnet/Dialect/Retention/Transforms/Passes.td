//===- Passes.td - retention transformation passes -----------*- tablegen -*-===//

#ifndef RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD
#define RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def RetentionSelectSchedule : Pass<"retention-select-schedule"> {
  let summary = "Choose parallel, chunkwise or recurrent for each retention op";
  let description = [{
    Writes `#retention.schedule<...>` on every `retention.retention` op that
    does not carry one. Ops with a schedule already (pinned by the user or an
    earlier pass) keep it. Every op without a `lowering_config` then gets the
    one the cost model derives for its schedule on the target
    (`retnet::selectLoweringConfig`): tiles, register tile (from the
    target's vector width, `vector-bits`; none with `register-tile=0`),
    causal skipping, serial decode, tensor cores. This is the one place
    those choices are made: the lowerings read the attributes.

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
    Option<"schedule", "schedule", "::mlir::retention::ScheduleChoice",
           /*default=*/"::mlir::retention::ScheduleChoice::Auto",
           "the schedule of ops without a pinned one",
           [{RETNET_SCHEDULE_CHOICE_VALUES}]>,
    Option<"chunkSize", "chunk-size", "int64_t", /*default=*/"0",
           "chunk size for chunkwise decisions, 1 to 4096 (0: the cost "
           "model's)">,
    Option<"target", "target", "std::string", /*default=*/"\"cpu\"",
           "target whose facts feed the cost model: cpu, cpu:<cores>, cuda, "
           "cuda:sm_XX">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "CPU vector width the code is generated for, 128, 256 or 512 "
           "(0: the host's)">,
    Option<"registerTile", "register-tile", "bool", /*default=*/"true",
           "CPU contractions register-tiled (false: plain loop nests)">,
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
    A tensor returned in more than one result slot is copied
    (`bufferization.alloc_tensor ... copy(...)`) for every slot after the
    first, so each result has its own out-param.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def RetentionForwardResultCopies : Pass<"retention-forward-result-copies",
                                        "::mlir::ModuleOp"> {
  let summary = "Compute a public function's results in their out-params";
  let description = [{
    `buffer-results-to-out-params` hoists only static allocations: a
    dynamically shaped result (a prefill's logits, [B, T, vocab]) is
    computed into a fresh buffer and copied into the caller's out-param at
    the end, a second pass over the largest tensor of the call and, above
    glibc's mmap threshold, fresh pages faulted in on every call. This pass
    rewrites `memref.copy(%alloc, %out)` (or from a `memref.collapse_shape`
    of `%alloc`) in a public function's entry block, where `%out` is an
    out-param written by nothing else and `%alloc` is used only before the
    copy, so that `%alloc`'s users write `%out` itself (expanded back to
    `%alloc`'s shape from `%alloc`'s own sizes), and drops the copy. The
    extents are equal: the out-param's are checked against the inputs' at
    entry (`retention-emit-shape-checks`), which is where the sizes of
    `%alloc` come from.
  }];
}

def RetentionPlanBuffers : Pass<"retention-plan-buffers", "::mlir::ModuleOp"> {
  let summary = "Place a function's temporaries in one workspace the runtime keeps per thread";
  let description = [{
    A static buffer plan. In the block of each function with one block and
    no results (public functions have out-params by the time this runs),
    and in the body of each outermost bufferized `scf.forall` (one plan
    per iteration, that is per thread once the foralls are OpenMP
    regions), every `memref.alloc`
    of an identity-layout buffer that is freed by the one `memref.dealloc`
    in the same block, after all uses of it and of its views (none of which
    returns, yields or takes the base pointer of it), and whose dynamic
    extents are known before the block's first such allocation, becomes a
    `memref.view` of one workspace. Buffers share a slot of the workspace
    only when their [alloc, dealloc] ranges do not overlap (a buffer goes
    into a free slot of its exact size first, then one with its dynamic
    extents, then any free one); each slot is as large as its largest
    buffer, rounded up to 64 bytes, and the slots' offsets are their sizes'
    prefix sums, computed when the function runs: one plan for every
    dynamic extent (a model's T).

    The workspace comes from the artifact's runtime:
    `retnet_rt_workspace_acquire(bytes)`, before the first planned buffer,
    returns a 64-byte-aligned block that the calling thread keeps from call
    to call (grown when a call needs more; one block per nesting level, so
    a planned function calling another, to any depth, is correct), and
    `retnet_rt_workspace_release()` before the block's terminator gives it
    back. A call then allocates nothing once its thread has run it: no
    malloc, no fresh pages faulted in, whatever glibc's settings (what
    `retnet_mlir.keep_freed_memory()` was for). When the runtime cannot
    allocate, it records the error (`retnet_last_error`) and returns null,
    and the rest of the block is skipped; in a forall body (a worker
    thread, whose status nobody reads) the iteration raises a flag of the
    enclosing block instead, and the calling thread records the error
    after the forall (`retnet_rt_workspace_failed`). Allocations in other blocks (loop
    bodies: buffer hoisting has moved out what it could), or freed
    elsewhere, stay as they are.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
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
    and no partial sums are combined. An op with a dynamic extent is split
    under `scf.if (points >= min-iterations)`, its iteration space counted
    when the function runs, with the op as it was (and the fills of its
    inits, moved into both sides) on the other side: one decode artifact
    for every batch runs a B = 1 step's norms, rotations and gates on the
    calling thread instead of paying a fork and join for each (80 parallel
    regions per step of the example model before, 37 after). Functions of retention kernels
    (`__retention_*`, already threaded over (batch, head)) and ops without
    tensor semantics are left alone.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t",
           /*default=*/"32768",
           "Smallest iteration space (product of all loop extents) to split">,
    Option<"tiles", "tiles", "int64_t",
           /*default=*/"8",
           "Number of tiles along the split loop">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def RetentionApproximateMath : Pass<"retention-approximate-math", "::mlir::ModuleOp"> {
  let summary = "Layer-level erf, exp and tanh as f32 polynomial approximations";
  let description = [{
    A model graph's activations (GELU's `math.erf`, SiLU's `math.exp`,
    `math.tanh`) would otherwise become scalar libm calls inside the loops
    of their layer-level ops, which then neither vectorize nor inline. This
    pass applies upstream's polynomial approximations
    (`populateMathPolynomialApproximationPatterns`, f32 and vectors of f32;
    other types are left alone) to the functions outside the retention
    kernels, so those loops become straight-line arithmetic the LLVM
    vectorizer handles. The retention kernels (`__retention_*`) keep
    libm's `exp` for their decay factors, whose numbers are checked against
    float64 references.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
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

def RetentionForallToOpenMP : Pass<"retention-forall-to-openmp", "::mlir::ModuleOp"> {
  let summary = "Run bufferized scf.forall ops as OpenMP parallel regions that split the iterations themselves";
  let description = [{
    Each outermost `scf.forall` on memrefs (no shared outputs) whose body
    allocates no stack memory becomes one `omp.parallel` region in which
    the threads run the forall's (linearized) iterations as `scf.for`
    loops, claimed from a shared counter (below) or, with `claim=0`, each a
    contiguous, balanced share from `omp_get_thread_num` and
    `omp_get_num_threads`.

    Why not upstream `scf-forall-to-parallel` + `convert-scf-to-openmp`
    alone: they emit an `omp.wsloop`, that is a `__kmpc_for_static_init` /
    `__kmpc_for_static_fini` pair and an explicit barrier in every region,
    on top of the region's own join. Our foralls are already cut into tiles by
    the lowerings (a few per thread), so the worksharing runtime calls buy
    nothing (a dynamic schedule would call `__kmpc_dispatch_next` per
    chunk); and Debian's libomp
    is built with its debug traces in, so each static-init call formats a
    string (about a tenth of a model's decode step on a 2-core host). The
    foralls this pass leaves (nested ones, bodies with `memref.alloca`) go
    through the upstream passes after it.

    With `claim` (the default) the threads do not take fixed shares: each
    claims a few iterations at a time from a counter on the calling
    thread's stack (`memref.atomic_rmw addi`, about four claims per
    thread) until none are left. A thread that starts late or is
    descheduled (a worker waking up, a virtual CPU its host preempts) then
    leaves its iterations to the others instead of holding up the join.
    The results do not depend on which thread ran an iteration: each
    computes whole results. `claim=0` gives each thread a fixed,
    contiguous share.
  }];
  let options = [
    Option<"claim", "claim", "bool", /*default=*/"true",
           "threads claim iterations from a shared counter (else each runs a fixed contiguous share)">,
  ];
  let dependentDialects = ["::mlir::omp::OpenMPDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def RetentionRaise : Pass<"retention-raise"> {
  let summary = "Recognise retention written out in linalg and raise it to retention.retention";
  let description = [{
    Finds retention as PyTorch code writes it after an importer (torch-mlir,
    linalg-on-tensors): flash-linear-attention's naive_retention,
    torchscale's parallel core, torch.where masks, einsum strings, inputs in
    [B, T, H, D], and rewrites it into `retention.retention`, with the
    transposes and reshapes that bring q, k, v to [B, H, T, D] and the output
    back to the layout its users read. It matches by values and index
    algebra, not by one op sequence:

    ```
    O = contract(P, v)   over the key position      (any contraction op)
    P = S through ops that only move elements or multiply them by constants
    S = contract(q, k)   over the features, same batch indices as O
    ```

    Contractions are whatever linalg's ContractionOpInterface check accepts
    (batch_matmul, matmul, generic einsums; any operand maps), f32, static,
    accumulating into zeros. Operands are followed through reshapes,
    transposes and all-parallel linalg ops linear in one non-constant
    operand (the others computed from constants only); the dimensions of
    every tensor on the way are identified with retention's batch, head,
    time and feature indices by tracking them through reshapes and
    permutations. The factors applied to the scores are evaluated at compile
    time (linalg.generic over arith/math, linalg.index, fill, transpose,
    broadcast, reshapes; up to 2^26 iteration points each, so [H, T, T]
    masks up to H * T^2 ~ 4M) and multiplied out:
    the product must not depend on batch indices other than the heads (the
    ones it varies along) and be, per head, `c * r_n * gamma_h^(n - m)` for
    `m <= n` and exactly 0 above, within a relative 1e-4, with one `c` for
    all heads and `r_n = 1` or `1 / sqrt(sum_{j <= n} gamma_h^j)`
    (torchscale's decay normalization, raised as `decay_normalization`).
    `c` and uniform factors on q, k, v and the output become `scale`.
    Anything else is left alone: non-linear ops on the scores (softmax),
    additive, non-causal, anti-causal or non-geometric masks, a scale per
    head, masks depending on function arguments (a log-decay known only at
    run time), torchscale's abs-sum row normalization of the scores (no
    schedule but parallel could reproduce it), non-zero accumulators, and
    intermediate scores used elsewhere.
  }];
  let dependentDialects = ["::mlir::retention::RetentionDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // RETNET_DIALECT_RETENTION_TRANSFORMS_PASSES_TD
