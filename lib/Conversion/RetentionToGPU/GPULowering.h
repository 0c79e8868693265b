//===- GPULowering.h - the GPU lowering's shared pieces ---------*- C++ -*-===//
//
// Internal to lib/Conversion/RetentionToGPU: the builders every kernel file
// uses (KernelBuilder: scalar SIMT code in one gpu.launch body; WarpMma: the
// warp-level m16n8k16 fragments), the op's facts and device operands, and
// GPUHostBuilder, whose members are defined by responsibility:
//
//   HostBuilder.cpp           copies in, the schedule's launches, copies out
//                             (GPUHostBuilder::build, buildHostFunction)
//   Epilogue.cpp              scale, decay normalization, initial and final
//                             state factors, the group-norm kernel
//   Recurrent.cpp             one block per (batch, head), one thread per
//                             state column; the column goes through memory
//                             once per token
//   Chunkwise.cpp             one block per (batch, head), chunks in
//                             sequence: the C x C decayed score tile in
//                             shared memory, the chunk's rows, the state
//                             update, barriers between the phases
//   ChunkwiseTensorCores.cpp  the same three phases on tensor cores
//                             (f16/bf16, mma.sync m16n8k16)
//   Parallel.cpp              blocks over (batch * head, query row tiles),
//                             key tiles up to the diagonal; the state
//                             kernel for a final state
//
// Each schedule file implements the phases of its schedule
// (RetentionCommon/Schedules.h, which gives their order and math once for
// both targets) on a block's threads.
//
// The passes are OutlineGPUCalls.cpp (retention-outline-gpu-calls),
// ConvertRetentionToGPU.cpp (convert-retention-to-gpu) and
// MergeGPUModules.cpp (retention-merge-gpu-modules). Kernels compute in f32
// whatever the input type (f16/bf16 widened on load, narrowed on store);
// the decay factors come from the same helpers (buildDecayPow,
// buildDecayNormFactor) as the CPU lowering's.
//
//===----------------------------------------------------------------------===//

#ifndef RETNET_LIB_CONVERSION_RETENTIONTOGPU_GPULOWERING_H
#define RETNET_LIB_CONVERSION_RETENTIONTOGPU_GPULOWERING_H

#include "retnet/Conversion/RetentionToGPU/RetentionToGPU.h"

#include "retnet/Conversion/RetentionCommon/TileBuilder.h"
#include "retnet/Dialect/Retention/IR/RetentionDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <tuple>

namespace mlir::retention::gpu_lowering {

using BodyFn = function_ref<void(Value)>;
using ValueFn = function_ref<Value()>;

/// Scalar SIMT code inside one gpu.launch body.
class KernelBuilder {
public:
  KernelBuilder(ImplicitLocOpBuilder &b, Value tid, int64_t threads)
      : b(b), tid(tid), threads(threads) {}

  ImplicitLocOpBuilder &b;
  Value tid;
  int64_t threads;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, v); }
  Value f32(double v) {
    return arith::ConstantOp::create(b, b.getF32FloatAttr(v));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, x, y); }
  Value min(Value x, Value y) { return arith::MinUIOp::create(b, x, y); }
  Value fadd(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value fmul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, p, x, y);
  }

  /// Loads an element as f32.
  Value load(Value mem, ValueRange indices) {
    Value v = memref::LoadOp::create(b, mem, indices);
    if (!v.getType().isF32())
      v = arith::ExtFOp::create(b, b.getF32Type(), v);
    return v;
  }
  /// Stores an f32 value, narrowed to the buffer's element type.
  void store(Value v, Value mem, ValueRange indices) {
    Type elt = cast<MemRefType>(mem.getType()).getElementType();
    if (elt != v.getType())
      v = arith::TruncFOp::create(b, elt, v);
    memref::StoreOp::create(b, v, mem, indices);
  }

  /// for (i = lb; i < ub; i += step) body(i)
  void loop(Value lb, Value ub, Value step, BodyFn body) {
    auto forOp = scf::ForOp::create(b, lb, ub, step);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forOp.getBody()->getTerminator());
    body(forOp.getInductionVar());
  }
  /// The block's threads share [0, ub): thread t takes t, t + threads, ...
  void strided(Value ub, BodyFn body) { loop(tid, ub, idx(threads), body); }

  /// sum_{i in [lb, ub)} term(i), in f32.
  Value sum(Value lb, Value ub, function_ref<Value(Value)> term) {
    auto forOp = scf::ForOp::create(b, lb, ub, idx(1), ValueRange{f32(0.0)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(forOp.getBody());
    Value acc = forOp.getRegionIterArgs()[0];
    scf::YieldOp::create(b, fadd(acc, term(forOp.getInductionVar())));
    return forOp.getResult(0);
  }
  /// Like `strided`, accumulating an f32 per thread.
  Value stridedSum(Value ub, function_ref<Value(Value)> term) {
    auto forOp =
        scf::ForOp::create(b, tid, ub, idx(threads), ValueRange{f32(0.0)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(forOp.getBody());
    Value acc = forOp.getRegionIterArgs()[0];
    scf::YieldOp::create(b, fadd(acc, term(forOp.getInductionVar())));
    return forOp.getResult(0);
  }

  /// cond ? thenFn() : elseFn(), both f32, only the taken side evaluated.
  Value select(Value cond, ValueFn thenFn, ValueFn elseFn) {
    auto ifOp = scf::IfOp::create(b, TypeRange{b.getF32Type()}, cond,
                                  /*addThenBlock=*/true,
                                  /*addElseBlock=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    scf::YieldOp::create(b, thenFn());
    b.setInsertionPointToStart(ifOp.elseBlock());
    scf::YieldOp::create(b, elseFn());
    return ifOp.getResult(0);
  }
  void when(Value cond, function_ref<void()> fn) {
    auto ifOp = scf::IfOp::create(b, cond, /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    fn();
  }

  void barrier() { gpu::BarrierOp::create(b); }

  /// Block-wide sum of one f32 per thread (`red` holds `threads` floats,
  /// `total` one); every thread gets the result. Call uniformly.
  Value blockSum(Value partial, Value red, Value total) {
    memref::StoreOp::create(b, partial, red, ValueRange{tid});
    barrier();
    when(cmp(arith::CmpIPredicate::eq, tid, idx(0)), [&] {
      Value s = sum(idx(0), idx(threads), [&](Value i) {
        return memref::LoadOp::create(b, red, ValueRange{i});
      });
      memref::StoreOp::create(b, s, total, ValueRange{idx(0)});
    });
    barrier();
    Value s = memref::LoadOp::create(b, total, ValueRange{idx(0)});
    barrier(); // `red` and `total` may be reused right after
    return s;
  }
};

/// Warp-level tensor-core products: D = A B + C for a 16 x 16 A, a 16 x 8 B
/// and f32 16 x 8 C/D (`mma.sync.m16n8k16`, f16 or bf16 operands). Operands
/// come from element loaders (f32 values at tile-local (row, col)), so the
/// kernels never stage fragments through memory. Lane l of a warp holds, with
/// g = l / 4 and t = l % 4 (PTX ISA, "matrix fragments for
/// mma.m16n8k16"):
///   A: a[2i + h] = A(g + 8 (i % 2), 2t + h + 8 (i / 2)),  i < 4, h < 2
///   B: b[2i + h] = B(2t + h + 8i, g),                     i < 2
///   C, D: c[2i + h] = C(g + 8i, 2t + h).
/// With `emulate` each lane computes its four D elements itself, from the
/// same loaders and the same rounding of the operands to f16/bf16: the CPU
/// emulator runs lanes one after another and cannot exchange fragments.
class WarpMma {
  using Shape = retnet::CudaKernelShape;
  static_assert(Shape::mmaM == 16 && Shape::mmaN == 8 && Shape::mmaK == 16,
                "the fragment layout below is m16n8k16's");

public:
  using Loader = function_ref<Value(Value row, Value col)>;
  using Acc = std::array<Value, 4>;

  WarpMma(KernelBuilder &kb, Type elt, bool emulate)
      : kb(kb), elt(elt), emulate(emulate) {
    Value lane = kb.rem(kb.tid, kb.idx(32));
    g = kb.div(lane, kb.idx(4));
    t = kb.rem(lane, kb.idx(4));
  }

  /// (row, col) of accumulator element e of this lane.
  std::pair<Value, Value> accPos(int e) const {
    return {kb.add(g, kb.idx(8 * (e / 2))),
            kb.add(kb.mul(t, kb.idx(2)), kb.idx(e % 2))};
  }

  Acc zero() const {
    Value z = kb.f32(0.0);
    return {z, z, z, z};
  }

  Acc mma(Loader a, Loader b, const Acc &c) const {
    return emulate ? mmaEmulated(a, b, c) : mmaSync(a, b, c);
  }

private:
  Value narrow(Value x) const { return arith::TruncFOp::create(kb.b, elt, x); }
  /// Two operand elements as one mma register: vector<2xf16>, or an i32
  /// holding two bf16.
  Value pack(Value x, Value y) const {
    ImplicitLocOpBuilder &b = kb.b;
    Value v = vector::FromElementsOp::create(b, VectorType::get({2}, elt),
                                             ValueRange{narrow(x), narrow(y)});
    if (elt.isF16())
      return v;
    Value i =
        vector::BitCastOp::create(b, VectorType::get({1}, b.getI32Type()), v);
    return vector::ExtractOp::create(b, i, ArrayRef<int64_t>{0});
  }

  Acc mmaSync(Loader a, Loader b, const Acc &c) const {
    ImplicitLocOpBuilder &bld = kb.b;
    auto at = [&](int64_t off, Value base) {
      return kb.add(base, kb.idx(off));
    };
    Value t2 = kb.mul(t, kb.idx(2));
    SmallVector<Value> regsA, regsB;
    for (int i = 0; i < 4; ++i) {
      Value row = at(8 * (i % 2), g), col = at(8 * (i / 2), t2);
      regsA.push_back(pack(a(row, col), a(row, at(1, col))));
    }
    for (int i = 0; i < 2; ++i) {
      Value k = at(8 * i, t2);
      regsB.push_back(pack(b(k, g), b(at(1, k), g)));
    }
    Type f32 = bld.getF32Type();
    auto resType = LLVM::LLVMStructType::getLiteral(bld.getContext(),
                                                    {f32, f32, f32, f32});
    NVVM::MMATypes type =
        elt.isF16() ? NVVM::MMATypes::f16 : NVVM::MMATypes::bf16;
    Value d = NVVM::MmaOp::create(
        bld, resType, regsA, regsB, ValueRange(c),
        {Shape::mmaM, Shape::mmaN, Shape::mmaK}, std::nullopt, std::nullopt,
        std::array<NVVM::MMATypes, 2>{type, type},
        std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                       NVVM::MMALayout::col});
    Acc out;
    for (int e = 0; e < 4; ++e)
      out[e] = LLVM::ExtractValueOp::create(bld, d, ArrayRef<int64_t>{e});
    return out;
  }

  Acc mmaEmulated(Loader a, Loader b, const Acc &c) const {
    auto round = [&](Value x) {
      return arith::ExtFOp::create(kb.b, kb.b.getF32Type(), narrow(x));
    };
    Acc out;
    for (int e = 0; e < 4; ++e) {
      Value row, col;
      std::tie(row, col) = accPos(e);
      Value dot = kb.sum(kb.idx(0), kb.idx(16), [&](Value k) {
        return kb.fmul(round(a(row, k)), round(b(k, col)));
      });
      out[e] = kb.fadd(c[e], dot);
    }
    return out;
  }

  KernelBuilder &kb;
  Type elt;
  bool emulate;
  Value g, t;
};

/// What every kernel of one op needs: device buffers and the op's facts.
struct DeviceOperands {
  Value q, k, v, logDecay, init; ///< device copies of the operands
  Value out;                     ///< device result [B, H, T, Dv]
  Value rawOut; ///< f32 [B, H, T, Dv] before the group norm, or null
  Value work;   ///< f32 [B, H, Dk, Dv] state being computed, or null
  Value state;  ///< device final state, or null
  Value scores; ///< f32 [B * H, C * C] chunk score tiles too big for shared
                ///< memory, or null
  Value batch, seqLen;
  Value offset;     ///< absolute position of the first token (index, >= 0)
  Value batchHeads; ///< B * H: the (batch, head) items, the usual grid
  int64_t heads, keyDim, valueDim;
  float scale;
  bool normalize;
  std::optional<float> groupNormEps;
  /// The op's code generation choices (tiles, tensor cores).
  retnet::LoweringConfig config;
};

/// The facts of one retention op the kernels need, read from the op or from
/// the attributes `retention-to-gpu-calls` left on the host function.
struct RetentionFacts {
  ScheduleAttr schedule;
  /// The op's lowering_config, if it has one.
  LoweringConfigAttr config;
  float scale = 1.0f;
  bool normalize = false;
  std::optional<float> groupNormEps;
  bool hasInit = false, hasState = false, hasOffset = false;

  static RetentionFacts fromAttrs(DictionaryAttr attrs, bool hasInit,
                                  bool hasOffset, bool hasState) {
    RetentionFacts f;
    f.schedule = attrs.getAs<ScheduleAttr>("schedule");
    f.config = attrs.getAs<LoweringConfigAttr>("lowering_config");
    if (auto scale = attrs.getAs<FloatAttr>("scale"))
      f.scale = scale.getValueAsDouble();
    f.normalize = static_cast<bool>(attrs.get("decay_normalization"));
    if (auto eps = attrs.getAs<FloatAttr>("group_norm_eps"))
      f.groupNormEps = eps.getValueAsDouble();
    f.hasInit = hasInit;
    f.hasOffset = hasOffset;
    f.hasState = hasState;
    return f;
  }
};

/// Static shared memory a kernel may declare (48 KiB on every sm_80+ chip
/// without an opt-in).
inline constexpr int64_t kMaxStaticSharedBytes = 48 * 1024;

using LaunchFn =
    function_ref<void(Value, Value, int64_t, ArrayRef<Type>,
                      function_ref<void(KernelBuilder &, gpu::LaunchOp)>)>;
/// The attributes retention-outline-gpu-calls leaves on a host function
/// declaration for convert-retention-to-gpu.
inline constexpr StringLiteral kKernelAttr = "retention.gpu_kernel";
inline constexpr StringLiteral kInputsAttr = "retention.gpu_inputs";

/// Builds the body of a host function `(q, k, v, log_decay[, init][, offset],
/// out[, final_state])` on host memrefs (the offset an i64): device copies in,
/// the schedule's kernels, copies out, device buffers freed, then a wait.
class GPUHostBuilder {
public:
  GPUHostBuilder(const RetentionToGPUOptions &options) : options(options) {}

  LogicalResult build(ImplicitLocOpBuilder &b, const RetentionFacts &facts,
                      ValueRange inputs, ValueRange outputs) const;

  /// (batch, head) of block id x over B * H.
  static std::pair<Value, Value> batchHead(KernelBuilder &kb, Value bh,
                                           int64_t heads);

  /// scale (* 1/sqrt(sum_{i<=offset+n} gamma^i)): the factor of output row n.
  static Value rowFactor(KernelBuilder &kb, const DeviceOperands &d, Value ld,
                         Value n);

  /// The factor that turns the initial state into the plain decayed sum the
  /// kernels carry: sqrt(sum_{i<offset} gamma^i) with decay normalization
  /// (the initial state is then torchscale's normalized state), else null.
  static Value initFactor(KernelBuilder &kb, const DeviceOperands &d, Value ld);

  /// S0[b, h, i, j] times `factor` (from initFactor; null is 1).
  static Value loadInit(KernelBuilder &kb, const DeviceOperands &d,
                        Value factor, ValueRange idx);

  /// The buffer an output row goes to before the group norm, and a store
  /// into it.
  static void storeRow(KernelBuilder &kb, const DeviceOperands &d, Value o,
                       ValueRange idx);

  /// The final state's factor: the last row's decay normalization at
  /// absolute position offset + T - 1 (1 without normalization, and when
  /// offset + T = 0: no row at all, a zero state).
  static Value stateFactor(KernelBuilder &kb, const DeviceOperands &d,
                           Value ld);

  /// State epilogue of the chunkwise and recurrent kernels: the final state
  /// is the f32 work state times the last row's normalization, in the
  /// state's type. `columns` runs the loop over this thread's (i, j).
  static void
  finishState(KernelBuilder &kb, const DeviceOperands &d, Value ld, Value bi,
              Value hi,
              function_ref<void(function_ref<void(Value, Value)>)> columns);

  /// Group norm over the last dim, one block per row: out = raw * rsqrt(
  /// mean(raw^2) + eps), in the output's type.
  void buildGroupNormKernel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                            LaunchFn launch) const;

  /// Recurrent: one block per (b, h), thread j owns state column j.
  void buildRecurrent(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                      LaunchFn launch) const;

  /// Chunkwise: one block per (b, h), chunks in sequence.
  void buildChunkwise(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                      int64_t chunk, LaunchFn launch) const;

  /// f16/bf16 operands and tile-aligned sizes: the chunk's products go to
  /// tensor cores (16 x 8 output tiles, k steps of 16).
  bool useTensorCores(const DeviceOperands &d, int64_t chunk,
                      int64_t threads) const;

  /// Parallel: blocks over (b * h, query row tiles), key tiles up to the
  /// diagonal only.
  void buildParallel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                     LaunchFn launch) const;

  /// S = gamma^T S0 + sum_m gamma^(T-1-m) k_m^T v_m (normalized by the last
  /// row's factor), threads over (i, j).
  void buildStateKernel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                        Value grid, LaunchFn launch) const;

  RetentionToGPUOptions options;
};

/// The chunkwise phases of one chunk on tensor cores
/// (ChunkwiseTensorCores.cpp); warps take 16 x 8 output tiles in turn, a
/// barrier ends each phase. scores: S = Q K^T (tiles above the diagonal
/// skipped), decayed and masked into the score buffer. rows: P V + (Q * xi)
/// R, the P V reduction stopping at the diagonal tile. advanceState: R =
/// gamma^len R + (K * zeta)^T V, accumulated onto the decayed state in place.
/// Rows past the sequence's end load as zeros.
class TensorCoreChunk {
public:
  TensorCoreChunk(KernelBuilder &kb, const DeviceOperands &d, int64_t chunk,
                  int64_t threads, bool emulate, Value bh, Value bi, Value hi,
                  Value ld, Value c0, Value len, Value xi, Value zeta,
                  Value scoreBuf, bool sharedScores);
  void scores();
  void rows();
  void advanceState();

private:
  Value at(Value base, int64_t off);
  void warpTiles(int64_t n, function_ref<void(const WarpMma &, Value)> body);
  std::pair<Value, Value> rowIn(Value m);
  Value masked(Value ok, Value x);
  SmallVector<Value> scoreAt(Value p);
  WarpMma::Acc ifAcc(Value cond, function_ref<WarpMma::Acc()> fn,
                     const WarpMma::Acc &other);

  KernelBuilder &kb;
  ImplicitLocOpBuilder &b;
  const DeviceOperands &d;
  int64_t chunk, warps;
  bool emulate, sharedScores;
  Type elt;
  Value bh, bi, hi, ld, c0, len, xi, zeta, scoreBuf, zero;
};

} // namespace mlir::retention::gpu_lowering

#endif // RETNET_LIB_CONVERSION_RETENTIONTOGPU_GPULOWERING_H
