//===- RetentionToGPU.cpp - lower scheduled retention ops to GPU kernels --===//
//
// One pattern per schedule over a shared host part (RetentionGPULoweringBase):
// operands are copied to device buffers, the schedule's kernels are launched
// as `gpu.launch` regions (asynchronous, one stream, chained by tokens), the
// results are copied back into host buffers that become the op's tensors.
//
// Kernels are SIMT loop nests over device memrefs, computed in f32 whatever
// the input type (f16/bf16 widened on load, narrowed on store):
//
//  * recurrent: one block per (batch, head), one thread per state column j;
//    the column S[:, j] is read and written once per token (the decode step
//    is memory-bound: the state goes through memory exactly once).
//  * chunkwise: one block per (batch, head), a sequential loop over chunks:
//    the C x C decayed score tile in shared memory, then the chunk's output
//    rows (intra-chunk + decayed state contribution), then the state update;
//    barriers between the phases. No T x T buffer exists.
//  * parallel: blocks over (batch * head, query row tiles); key tiles are
//    visited only up to the diagonal (masked tiles are skipped), the decayed
//    score tile is built in shared memory, rows accumulate in an f32 buffer.
//    A final state, when asked for, comes from a separate state kernel.
//
// The scale, decay normalization and fused group norm are applied in an
// epilogue exactly as on the CPU; the decay factors are built by the same
// helpers (buildDecayPow, buildDecayNormFactor) as the CPU lowering.
//
//===----------------------------------------------------------------------===//

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

namespace mlir {
#define GEN_PASS_DEF_CONVERTRETENTIONTOGPU
#include "retnet/Conversion/Passes.h.inc"
#define GEN_PASS_DEF_RETENTIONOUTLINEGPUCALLS
#define GEN_PASS_DEF_RETENTIONMERGEGPUMODULES
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;

namespace {

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
};

/// The facts of one retention op the kernels need, read from the op or from
/// the attributes `retention-to-gpu-calls` left on the host function.
struct RetentionFacts {
  ScheduleAttr schedule;
  float scale = 1.0f;
  bool normalize = false;
  std::optional<float> groupNormEps;
  bool hasInit = false, hasState = false, hasOffset = false;

  static RetentionFacts fromAttrs(DictionaryAttr attrs, bool hasInit,
                                  bool hasOffset, bool hasState) {
    RetentionFacts f;
    f.schedule = attrs.getAs<ScheduleAttr>("schedule");
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

using LaunchFn =
    function_ref<void(Value, Value, int64_t, ArrayRef<Type>,
                      function_ref<void(KernelBuilder &, gpu::LaunchOp)>)>;

/// Builds the body of a host function `(q, k, v, log_decay[, init][, offset],
/// out[, final_state])` on host memrefs (the offset an i64): device copies in,
/// the schedule's kernels, copies out, device buffers freed, then a wait.
class GPUHostBuilder {
public:
  GPUHostBuilder(const RetentionToGPUOptions &options) : options(options) {}

  LogicalResult build(ImplicitLocOpBuilder &b, const RetentionFacts &facts,
                      ValueRange inputs, ValueRange outputs) const {
    ScheduleKind kind = facts.schedule.getKind();
    MLIRContext *ctx = b.getContext();
    Type tokenType = gpu::AsyncTokenType::get(ctx);
    Value token =
        gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
    SmallVector<Value> deviceBuffers;

    Value hostQ = inputs[0];
    Value batch = memref::DimOp::create(b, hostQ, 0);
    Value seqLen = memref::DimOp::create(b, hostQ, 2);
    // Sizes of a [B, H, T|Dk, Dv]-shaped type: B and T from q.
    auto sizesFor = [&](MemRefType type) {
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(d == 0 ? batch : seqLen);
      return sizes;
    };
    auto deviceAlloc = [&](MemRefType type, ValueRange sizes) {
      auto alloc = gpu::AllocOp::create(b, type, tokenType, ValueRange{token},
                                        sizes, ValueRange{}, nullptr);
      token = alloc.getAsyncToken();
      deviceBuffers.push_back(alloc.getMemref());
      return alloc.getMemref();
    };
    auto toDevice = [&](Value host) {
      if (options.deviceBuffers)
        return host;
      auto type = cast<MemRefType>(host.getType());
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(memref::DimOp::create(b, host, d));
      Value dev = deviceAlloc(type, sizes);
      token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, dev, host)
                  .getAsyncToken();
      return dev;
    };

    auto qType = cast<MemRefType>(hostQ.getType());
    auto vType = cast<MemRefType>(inputs[2].getType());
    DeviceOperands d;
    d.q = toDevice(hostQ);
    d.k = toDevice(inputs[1]);
    d.v = toDevice(inputs[2]);
    d.logDecay = toDevice(inputs[3]);
    if (facts.hasInit)
      d.init = toDevice(inputs[4]);
    d.batch = batch;
    d.seqLen = seqLen;
    d.offset = arith::ConstantIndexOp::create(b, 0);
    if (facts.hasOffset) {
      Value off = inputs.back();
      Value clamped = arith::MaxSIOp::create(
          b, off, arith::ConstantIntOp::create(b, off.getType(), 0));
      d.offset = arith::IndexCastOp::create(b, b.getIndexType(), clamped);
    }
    d.batchHeads = arith::MulIOp::create(
        b, batch, arith::ConstantIndexOp::create(b, qType.getDimSize(1)));
    d.heads = qType.getDimSize(1);
    d.keyDim = qType.getDimSize(3);
    d.valueDim = vType.getDimSize(3);
    d.scale = facts.scale;
    d.normalize = facts.normalize;
    d.groupNormEps = facts.groupNormEps;

    auto outType = cast<MemRefType>(outputs[0].getType());
    d.out = options.deviceBuffers ? outputs[0]
                                  : deviceAlloc(outType, sizesFor(outType));
    Type f32 = b.getF32Type();
    // The kernels write f32 rows before the group norm, and the parallel
    // kernel accumulates over key tiles in f32.
    if (d.groupNormEps || kind == ScheduleKind::Parallel)
      d.rawOut = outType.getElementType().isF32() && !d.groupNormEps
                     ? d.out
                     : deviceAlloc(cast<MemRefType>(outType.clone(f32)),
                                   sizesFor(outType));
    MemRefType stateType;
    if (facts.hasState) {
      stateType = cast<MemRefType>(outputs[1].getType());
      d.state = options.deviceBuffers
                    ? outputs[1]
                    : deviceAlloc(stateType, sizesFor(stateType));
    }
    // The chunkwise and recurrent kernels carry an f32 state: the final
    // state buffer itself when it is f32, else a scratch buffer.
    if (kind != ScheduleKind::Parallel) {
      auto workType = MemRefType::get(
          {ShapedType::kDynamic, d.heads, d.keyDim, d.valueDim}, f32);
      d.work = d.state && stateType.getElementType().isF32()
                   ? d.state
                   : deviceAlloc(workType, ValueRange{batch});
    }
    // A chunk longer than a static T is one chunk of T rows: no C x C
    // scratch beyond the sequence (chunk_size may be up to kMaxChunkSize).
    int64_t chunk = facts.schedule.getChunkSize();
    if (!qType.isDynamicDim(2))
      chunk = std::min(chunk, qType.getDimSize(2));
    if (kind == ScheduleKind::Chunkwise && chunk > options.maxSharedChunk) {
      int64_t c = chunk;
      d.scores =
          deviceAlloc(MemRefType::get({ShapedType::kDynamic, c * c}, f32),
                      ValueRange{d.batchHeads});
    }

    auto launch = [&](Value gridX, Value gridY, int64_t threads,
                      ArrayRef<Type> workgroup,
                      function_ref<void(KernelBuilder &, gpu::LaunchOp)> fn) {
      Value one = arith::ConstantIndexOp::create(b, 1);
      Value blockX = arith::ConstantIndexOp::create(b, threads);
      auto l =
          gpu::LaunchOp::create(b, gridX, gridY, one, blockX, one, one, nullptr,
                                tokenType, ValueRange{token}, workgroup);
      token = l.getAsyncToken();
      OpBuilder::InsertionGuard guard(b);
      Block &body = l.getBody().front();
      if (!body.empty() && body.back().hasTrait<OpTrait::IsTerminator>())
        b.setInsertionPoint(&body.back());
      else
        b.setInsertionPointToEnd(&body);
      KernelBuilder kb(b, l.getThreadIds().x, threads);
      fn(kb, l);
      if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>())
        gpu::TerminatorOp::create(b);
    };

    switch (kind) {
    case ScheduleKind::Recurrent:
      buildRecurrent(b, d, launch);
      break;
    case ScheduleKind::Chunkwise:
      buildChunkwise(b, d, chunk, launch);
      break;
    case ScheduleKind::Parallel:
      buildParallel(b, d, launch);
      break;
    }
    if (d.groupNormEps)
      buildGroupNormKernel(b, d, launch);

    if (!options.deviceBuffers)
      token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, outputs[0],
                                    d.out)
                  .getAsyncToken();
    if (d.state && !options.deviceBuffers)
      token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, outputs[1],
                                    d.state)
                  .getAsyncToken();
    for (Value buf : deviceBuffers)
      token = gpu::DeallocOp::create(b, tokenType, ValueRange{token}, buf)
                  .getAsyncToken();
    gpu::WaitOp::create(b, Type(), ValueRange{token});
    return success();
  }

private:
  /// (batch, head) of block id x over B * H.
  static std::pair<Value, Value> batchHead(KernelBuilder &kb, Value bh,
                                           int64_t heads) {
    Value h = kb.idx(heads);
    return {kb.div(bh, h), kb.rem(bh, h)};
  }

  /// scale (* 1/sqrt(sum_{i<=offset+n} gamma^i)): the factor of output row n.
  static Value rowFactor(KernelBuilder &kb, const DeviceOperands &d, Value ld,
                         Value n) {
    Value f = kb.f32(d.scale);
    if (d.normalize)
      f = kb.fmul(f, buildDecayNormFactor(kb.b, ld, kb.add(d.offset, n)));
    return f;
  }

  /// The factor that turns the initial state into the plain decayed sum the
  /// kernels carry: sqrt(sum_{i<offset} gamma^i) with decay normalization
  /// (the initial state is then torchscale's normalized state), else null.
  static Value initFactor(KernelBuilder &kb, const DeviceOperands &d,
                          Value ld) {
    if (!d.init || !d.normalize)
      return {};
    return buildStateDenormFactor(kb.b, ld, d.offset);
  }

  /// S0[b, h, i, j] times `factor` (from initFactor; null is 1).
  static Value loadInit(KernelBuilder &kb, const DeviceOperands &d,
                        Value factor, ValueRange idx) {
    Value s = kb.load(d.init, idx);
    return factor ? kb.fmul(s, factor) : s;
  }

  /// The buffer an output row goes to before the group norm, and a store
  /// into it.
  static void storeRow(KernelBuilder &kb, const DeviceOperands &d, Value o,
                       ValueRange idx) {
    kb.store(o, d.groupNormEps ? d.rawOut : d.out, idx);
  }

  /// The final state's factor: the last row's decay normalization at
  /// absolute position offset + T - 1 (1 without normalization, and when
  /// offset + T = 0: no row at all, a zero state).
  static Value stateFactor(KernelBuilder &kb, const DeviceOperands &d,
                           Value ld) {
    if (!d.normalize)
      return kb.f32(1.0);
    Value count = kb.add(d.offset, d.seqLen);
    Value empty = kb.cmp(arith::CmpIPredicate::eq, count, kb.idx(0));
    Value last =
        kb.sub(arith::MaxSIOp::create(kb.b, count, kb.idx(1)), kb.idx(1));
    return arith::SelectOp::create(kb.b, empty, kb.f32(1.0),
                                   buildDecayNormFactor(kb.b, ld, last));
  }

  /// State epilogue of the chunkwise and recurrent kernels: the final state
  /// is the f32 work state times the last row's normalization, in the
  /// state's type. `columns` runs the loop over this thread's (i, j).
  static void
  finishState(KernelBuilder &kb, const DeviceOperands &d, Value ld, Value bi,
              Value hi,
              function_ref<void(function_ref<void(Value, Value)>)> columns) {
    if (!d.state || (d.state == d.work && !d.normalize))
      return;
    Value factor = stateFactor(kb, d, ld);
    columns([&](Value i, Value j) {
      Value s = kb.load(d.work, ValueRange{bi, hi, i, j});
      kb.store(kb.fmul(s, factor), d.state, ValueRange{bi, hi, i, j});
    });
  }

  /// Group norm over the last dim, one block per row: out = raw * rsqrt(
  /// mean(raw^2) + eps), in the output's type.
  void buildGroupNormKernel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                            LaunchFn launch) const {
    int64_t threads = 128;
    Value rows = arith::MulIOp::create(b, d.batchHeads, d.seqLen);
    Type f32 = b.getF32Type();
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    SmallVector<Type> smem = {MemRefType::get({threads}, f32, nullptr, wg),
                              MemRefType::get({1}, f32, nullptr, wg)};
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(rows, one, threads, smem, [&](KernelBuilder &kb, gpu::LaunchOp l) {
      Value row = l.getBlockIds().x;
      Value t = kb.rem(row, d.seqLen);
      Value bh = kb.div(row, d.seqLen);
      Value bi, hi;
      std::tie(bi, hi) = batchHead(kb, bh, d.heads);
      Value dv = kb.idx(d.valueDim);
      Value partial = kb.stridedSum(dv, [&](Value j) {
        Value x = kb.load(d.rawOut, ValueRange{bi, hi, t, j});
        return kb.fmul(x, x);
      });
      Value total = kb.blockSum(partial, l.getWorkgroupAttributions()[0],
                                l.getWorkgroupAttributions()[1]);
      Value mean = arith::DivFOp::create(b, total, kb.f32(d.valueDim));
      Value inv =
          math::RsqrtOp::create(b, kb.fadd(mean, kb.f32(*d.groupNormEps)));
      kb.strided(dv, [&](Value j) {
        Value x = kb.load(d.rawOut, ValueRange{bi, hi, t, j});
        kb.store(kb.fmul(x, inv), d.out, ValueRange{bi, hi, t, j});
      });
    });
  }

  /// Recurrent: one block per (b, h), thread j owns state column j.
  void buildRecurrent(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                      LaunchFn launch) const {
    int64_t threads = std::min<int64_t>(1024, (d.valueDim + 31) / 32 * 32);
    Value grid = d.batchHeads;
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(grid, one, threads, {}, [&](KernelBuilder &kb, gpu::LaunchOp l) {
      Value bi, hi;
      std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
      Value ld = kb.load(d.logDecay, ValueRange{hi});
      Value gamma = math::ExpOp::create(b, ld);
      Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
      Value zero = kb.idx(0);
      Value s0Factor = initFactor(kb, d, ld);
      // S_{t-1}[i, j]: the initial state (or 0) at t = 0, else the work
      // state.
      auto previous = [&](Value t, Value i, Value j) {
        Value first = kb.cmp(arith::CmpIPredicate::eq, t, zero);
        return kb.select(
            first,
            [&]() -> Value {
              return d.init
                         ? loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j})
                         : kb.f32(0.0);
            },
            [&]() -> Value {
              return kb.load(d.work, ValueRange{bi, hi, i, j});
            });
      };
      kb.loop(zero, d.seqLen, kb.idx(1), [&](Value t) {
        kb.strided(dv, [&](Value j) {
          Value vj = kb.load(d.v, ValueRange{bi, hi, t, j});
          Value acc = kb.sum(zero, dk, [&](Value i) {
            Value s =
                kb.fadd(kb.fmul(gamma, previous(t, i, j)),
                        kb.fmul(kb.load(d.k, ValueRange{bi, hi, t, i}), vj));
            kb.store(s, d.work, ValueRange{bi, hi, i, j});
            return kb.fmul(kb.load(d.q, ValueRange{bi, hi, t, i}), s);
          });
          storeRow(kb, d, kb.fmul(acc, rowFactor(kb, d, ld, t)),
                   ValueRange{bi, hi, t, j});
        });
      });
      // T = 0: the final state is the initial state.
      kb.when(kb.cmp(arith::CmpIPredicate::eq, d.seqLen, zero), [&] {
        kb.strided(dv, [&](Value j) {
          kb.loop(zero, dk, kb.idx(1), [&](Value i) {
            kb.store(previous(zero, i, j), d.work, ValueRange{bi, hi, i, j});
          });
        });
      });
      finishState(kb, d, ld, bi, hi, [&](function_ref<void(Value, Value)> f) {
        kb.strided(dv, [&](Value j) {
          kb.loop(zero, dk, kb.idx(1), [&](Value i) { f(i, j); });
        });
      });
    });
  }

  /// Chunkwise: one block per (b, h), chunks in sequence.
  void buildChunkwise(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                      int64_t chunk, LaunchFn launch) const {
    int64_t threads = options.blockSize;
    Type f32 = b.getF32Type();
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    // Scores of big chunks live in global memory, one tile per block.
    bool sharedScores = !d.scores;
    bool tensorCores = useTensorCores(d, chunk, threads);
    Value grid = d.batchHeads;
    SmallVector<Type> smem = {MemRefType::get({chunk}, f32, nullptr, wg),
                              MemRefType::get({chunk}, f32, nullptr, wg)};
    if (sharedScores)
      smem.push_back(MemRefType::get({chunk * chunk}, f32, nullptr, wg));
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(grid, one, threads, smem, [&](KernelBuilder &kb, gpu::LaunchOp l) {
      Value bh = l.getBlockIds().x;
      Value bi, hi;
      std::tie(bi, hi) = batchHead(kb, bh, d.heads);
      Value xi = l.getWorkgroupAttributions()[0];   // gamma^(n+1)
      Value zeta = l.getWorkgroupAttributions()[1]; // gamma^(L-1-m)
      auto scoreIdx = [&](Value p) -> SmallVector<Value> {
        if (sharedScores)
          return {p};
        return {bh, p};
      };
      Value scores =
          sharedScores ? Value(l.getWorkgroupAttributions()[2]) : d.scores;
      Value ld = kb.load(d.logDecay, ValueRange{hi});
      Value zero = kb.idx(0), c = kb.idx(chunk);
      Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
      Value stateSize = kb.idx(d.keyDim * d.valueDim);
      Value s0Factor = initFactor(kb, d, ld);
      // R_0 = S0 (or 0).
      kb.strided(stateSize, [&](Value p) {
        Value i = kb.div(p, dv), j = kb.rem(p, dv);
        Value s = d.init ? loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j})
                         : kb.f32(0.0);
        kb.store(s, d.work, ValueRange{bi, hi, i, j});
      });
      kb.barrier();
      Value numChunks = arith::CeilDivUIOp::create(b, d.seqLen, c).getResult();
      kb.loop(zero, numChunks, kb.idx(1), [&](Value ci) {
        Value c0 = kb.mul(ci, c);
        Value len = kb.min(c, kb.sub(d.seqLen, c0));
        // Decay factors of this chunk.
        kb.strided(c, [&](Value n) {
          memref::StoreOp::create(b, buildDecayPow(b, ld, kb.add(n, kb.idx(1))),
                                  xi, ValueRange{n});
          Value back = arith::SelectOp::create(
              b, kb.cmp(arith::CmpIPredicate::ult, n, len),
              kb.sub(kb.sub(len, kb.idx(1)), n), zero);
          memref::StoreOp::create(b, buildDecayPow(b, ld, back), zeta,
                                  ValueRange{n});
        });
        if (tensorCores) {
          tensorCorePhases(kb, d, chunk, threads, bh, bi, hi, ld, c0, len, xi,
                           zeta, scores, sharedScores);
        } else {
          // Phase A: decayed scores (q_n . k_m) gamma^(n-m), m <= n < len.
          kb.strided(kb.idx(chunk * chunk), [&](Value p) {
            Value n = kb.div(p, c), m = kb.rem(p, c);
            Value valid = arith::AndIOp::create(
                b, kb.cmp(arith::CmpIPredicate::ule, m, n),
                kb.cmp(arith::CmpIPredicate::ult, n, len));
            Value s = kb.select(
                valid,
                [&]() -> Value {
                  Value rn = kb.add(c0, n), rm = kb.add(c0, m);
                  Value dot = kb.sum(zero, dk, [&](Value i) {
                    return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                                   kb.load(d.k, ValueRange{bi, hi, rm, i}));
                  });
                  return kb.fmul(dot, buildDecayPow(b, ld, kb.sub(n, m)));
                },
                [&]() -> Value { return kb.f32(0.0); });
            memref::StoreOp::create(b, s, scores, scoreIdx(p));
          });
          kb.barrier();
          // Phase B: rows of the chunk, inner + gamma^(n+1) q_n R.
          kb.strided(kb.mul(len, dv), [&](Value p) {
            Value n = kb.div(p, dv), j = kb.rem(p, dv);
            Value rn = kb.add(c0, n);
            Value inner = kb.sum(zero, kb.add(n, kb.idx(1)), [&](Value m) {
              Value s = memref::LoadOp::create(
                  b, scores, scoreIdx(kb.add(kb.mul(n, c), m)));
              return kb.fmul(
                  s, kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
            });
            Value cross = kb.sum(zero, dk, [&](Value i) {
              return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                             kb.load(d.work, ValueRange{bi, hi, i, j}));
            });
            Value xn = memref::LoadOp::create(b, xi, ValueRange{n});
            Value o = kb.fadd(inner, kb.fmul(xn, cross));
            storeRow(kb, d, kb.fmul(o, rowFactor(kb, d, ld, rn)),
                     ValueRange{bi, hi, rn, j});
          });
          kb.barrier();
          // Phase C: R = gamma^len R + sum_m gamma^(len-1-m) k_m^T v_m.
          Value decayAll = buildDecayPow(b, ld, len);
          kb.strided(stateSize, [&](Value p) {
            Value i = kb.div(p, dv), j = kb.rem(p, dv);
            Value upd = kb.sum(zero, len, [&](Value m) {
              Value rm = kb.add(c0, m);
              Value km = kb.fmul(memref::LoadOp::create(b, zeta, ValueRange{m}),
                                 kb.load(d.k, ValueRange{bi, hi, rm, i}));
              return kb.fmul(km, kb.load(d.v, ValueRange{bi, hi, rm, j}));
            });
            Value r = kb.load(d.work, ValueRange{bi, hi, i, j});
            kb.store(kb.fadd(kb.fmul(decayAll, r), upd), d.work,
                     ValueRange{bi, hi, i, j});
          });
          kb.barrier();
        }
      });
      finishState(kb, d, ld, bi, hi, [&](function_ref<void(Value, Value)> f) {
        kb.strided(stateSize,
                   [&](Value p) { f(kb.div(p, dv), kb.rem(p, dv)); });
      });
    });
  }

  /// f16/bf16 operands and tile-aligned sizes: the chunk's products go to
  /// tensor cores (16 x 8 output tiles, k steps of 16).
  bool useTensorCores(const DeviceOperands &d, int64_t chunk,
                      int64_t threads) const {
    using Mma = retnet::CudaKernelShape;
    Type elt = cast<MemRefType>(d.q.getType()).getElementType();
    return options.tensorCores != TensorCores::Off &&
           (elt.isF16() || elt.isBF16()) && chunk % Mma::mmaM == 0 &&
           d.keyDim % Mma::mmaK == 0 && d.valueDim % Mma::mmaN == 0 &&
           threads % 32 == 0;
  }

  /// The three phases of one chunk on tensor cores; warps take 16 x 8 output
  /// tiles in turn. A: scores S = Q K^T (tiles above the diagonal skipped),
  /// decayed and masked into the score buffer. B: rows P V + (Q * xi) R,
  /// the P V reduction stopping at the diagonal tile. C: R = gamma^len R +
  /// (K * zeta)^T V, accumulated onto the decayed state in place. Rows past
  /// the sequence's end load as zeros.
  void tensorCorePhases(KernelBuilder &kb, const DeviceOperands &d,
                        int64_t chunk, int64_t threads, Value bh, Value bi,
                        Value hi, Value ld, Value c0, Value len, Value xi,
                        Value zeta, Value scores, bool sharedScores) const {
    ImplicitLocOpBuilder &b = kb.b;
    using Acc = WarpMma::Acc;
    using P = arith::CmpIPredicate;
    Type elt = cast<MemRefType>(d.q.getType()).getElementType();
    bool emulate = options.tensorCores == TensorCores::Emulate;
    int64_t warps = threads / 32;
    Value zero = kb.idx(0);
    auto at = [&](Value base, int64_t off) {
      return kb.add(base, kb.idx(off));
    };
    // Output tiles [0, n) of a phase: warp w takes w, w + warps, ... (the
    // warp's lanes always agree, as mma.sync requires). Lane values are
    // computed inside each phase: nothing thread-dependent crosses a
    // barrier (the emulator relies on it).
    auto warpTiles = [&](int64_t n,
                         function_ref<void(const WarpMma &, Value)> body) {
      Value warp = kb.div(kb.tid, kb.idx(32));
      WarpMma mma(kb, elt, emulate);
      kb.loop(zero, kb.idx((n + warps - 1) / warps), kb.idx(1), [&](Value it) {
        Value tile = kb.add(kb.mul(it, kb.idx(warps)), warp);
        kb.when(kb.cmp(P::ult, tile, kb.idx(n)), [&] { body(mma, tile); });
      });
    };
    // Row c0 + m of the sequence (clamped in range) and whether it exists.
    auto rowIn = [&](Value m) -> std::pair<Value, Value> {
      Value ok = kb.cmp(P::ult, m, len);
      return {kb.add(c0, arith::SelectOp::create(b, ok, m, zero)), ok};
    };
    auto masked = [&](Value ok, Value x) -> Value {
      return arith::SelectOp::create(b, ok, x, kb.f32(0.0));
    };
    auto scoreAt = [&](Value p) -> SmallVector<Value> {
      if (sharedScores)
        return {p};
      return {bh, p};
    };
    auto ifAcc = [&](Value cond, function_ref<Acc()> fn, const Acc &other) {
      SmallVector<Type> types(4, b.getF32Type());
      auto ifOp = scf::IfOp::create(b, types, cond, /*addThenBlock=*/true,
                                    /*addElseBlock=*/true);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        Acc r = fn();
        scf::YieldOp::create(b, ValueRange(ArrayRef<Value>(r)));
        b.setInsertionPointToStart(ifOp.elseBlock());
        scf::YieldOp::create(b, ValueRange(ArrayRef<Value>(other)));
      }
      return Acc{ifOp.getResult(0), ifOp.getResult(1), ifOp.getResult(2),
                 ifOp.getResult(3)};
    };
    int64_t rowTiles = chunk / 16, vTiles = d.valueDim / 8;

    // A: decayed scores of 16 x 8 tiles.
    int64_t colTiles = chunk / 8;
    warpTiles(rowTiles * colTiles, [&](const WarpMma &mma, Value tile) {
      Value r0 = kb.mul(kb.div(tile, kb.idx(colTiles)), kb.idx(16));
      Value m0 = kb.mul(kb.rem(tile, kb.idx(colTiles)), kb.idx(8));
      kb.when(kb.cmp(P::ule, m0, at(r0, 15)), [&] {
        Acc acc = mma.zero();
        for (int64_t k0 = 0; k0 < d.keyDim; k0 += 16)
          acc = mma.mma(
              [&](Value r, Value k) {
                auto [row, ok] = rowIn(kb.add(r0, r));
                return masked(ok,
                              kb.load(d.q, ValueRange{bi, hi, row, at(k, k0)}));
              },
              [&](Value k, Value n) {
                auto [row, ok] = rowIn(kb.add(m0, n));
                return masked(ok,
                              kb.load(d.k, ValueRange{bi, hi, row, at(k, k0)}));
              },
              acc);
        for (int e = 0; e < 4; ++e) {
          auto [r, cc] = mma.accPos(e);
          Value n = kb.add(r0, r), m = kb.add(m0, cc);
          Value ok = arith::AndIOp::create(b, kb.cmp(P::ule, m, n),
                                           kb.cmp(P::ult, n, len));
          Value delta = arith::SelectOp::create(b, ok, kb.sub(n, m), zero);
          Value s = masked(ok, kb.fmul(acc[e], buildDecayPow(b, ld, delta)));
          memref::StoreOp::create(b, s, scores,
                                  scoreAt(kb.add(kb.mul(n, kb.idx(chunk)), m)));
        }
      });
    });
    kb.barrier();

    // B: the chunk's rows.
    warpTiles(rowTiles * vTiles, [&](const WarpMma &mma, Value tile) {
      Value r0 = kb.mul(kb.div(tile, kb.idx(vTiles)), kb.idx(16));
      Value j0 = kb.mul(kb.rem(tile, kb.idx(vTiles)), kb.idx(8));
      Acc acc = mma.zero();
      for (int64_t m0 = 0; m0 < chunk; m0 += 16) {
        // Score tiles right of the diagonal are zero: skipped.
        acc = ifAcc(
            kb.cmp(P::ule, kb.idx(m0), r0),
            [&] {
              return mma.mma(
                  [&](Value r, Value k) -> Value {
                    Value p =
                        kb.add(kb.mul(kb.add(r0, r), kb.idx(chunk)), at(k, m0));
                    return memref::LoadOp::create(b, scores, scoreAt(p));
                  },
                  [&](Value k, Value j) {
                    auto [row, ok] = rowIn(at(k, m0));
                    return masked(ok, kb.load(d.v, ValueRange{bi, hi, row,
                                                              kb.add(j0, j)}));
                  },
                  acc);
            },
            acc);
      }
      for (int64_t i0 = 0; i0 < d.keyDim; i0 += 16)
        acc = mma.mma(
            [&](Value r, Value k) {
              Value n = kb.add(r0, r);
              auto [row, ok] = rowIn(n);
              Value x = memref::LoadOp::create(b, xi, ValueRange{n});
              return masked(
                  ok,
                  kb.fmul(kb.load(d.q, ValueRange{bi, hi, row, at(k, i0)}), x));
            },
            [&](Value k, Value j) {
              return kb.load(d.work,
                             ValueRange{bi, hi, at(k, i0), kb.add(j0, j)});
            },
            acc);
      for (int e = 0; e < 4; ++e) {
        Value r, cc;
        std::tie(r, cc) = mma.accPos(e);
        Value n = kb.add(r0, r);
        kb.when(kb.cmp(P::ult, n, len), [&] {
          Value rn = kb.add(c0, n);
          storeRow(kb, d, kb.fmul(acc[e], rowFactor(kb, d, ld, rn)),
                   ValueRange{bi, hi, rn, kb.add(j0, cc)});
        });
      }
    });
    kb.barrier();

    // C: the state, each element read and written by one lane.
    Value decayAll = buildDecayPow(b, ld, len);
    warpTiles(d.keyDim / 16 * vTiles, [&](const WarpMma &mma, Value tile) {
      Value i0 = kb.mul(kb.div(tile, kb.idx(vTiles)), kb.idx(16));
      Value j0 = kb.mul(kb.rem(tile, kb.idx(vTiles)), kb.idx(8));
      Acc acc;
      for (int e = 0; e < 4; ++e) {
        auto [r, cc] = mma.accPos(e);
        acc[e] = kb.fmul(
            decayAll,
            kb.load(d.work, ValueRange{bi, hi, kb.add(i0, r), kb.add(j0, cc)}));
      }
      for (int64_t m0 = 0; m0 < chunk; m0 += 16)
        acc = mma.mma(
            [&](Value r, Value k) {
              auto [row, ok] = rowIn(at(k, m0));
              Value z = memref::LoadOp::create(b, zeta, ValueRange{at(k, m0)});
              return masked(ok, kb.fmul(kb.load(d.k, ValueRange{bi, hi, row,
                                                                kb.add(i0, r)}),
                                        z));
            },
            [&](Value k, Value j) {
              auto [row, ok] = rowIn(at(k, m0));
              return masked(
                  ok, kb.load(d.v, ValueRange{bi, hi, row, kb.add(j0, j)}));
            },
            acc);
      for (int e = 0; e < 4; ++e) {
        auto [r, cc] = mma.accPos(e);
        kb.store(acc[e], d.work,
                 ValueRange{bi, hi, kb.add(i0, r), kb.add(j0, cc)});
      }
    });
    kb.barrier();
  }

  /// Parallel: blocks over (b * h, query row tiles), key tiles up to the
  /// diagonal only.
  void buildParallel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                     LaunchFn launch) const {
    int64_t rowsPerTile = options.parallelRows, cols = options.parallelCols;
    int64_t threads = options.blockSize;
    Type f32 = b.getF32Type();
    auto wg = gpu::AddressSpaceAttr::get(b.getContext(),
                                         gpu::AddressSpace::Workgroup);
    Value bhCount = d.batchHeads;
    Value rowTiles = arith::CeilDivUIOp::create(
        b, d.seqLen, arith::ConstantIndexOp::create(b, rowsPerTile));
    SmallVector<Type> smem = {
        MemRefType::get({rowsPerTile * cols}, f32, nullptr, wg)};
    launch(
        bhCount, rowTiles, threads, smem,
        [&](KernelBuilder &kb, gpu::LaunchOp l) {
          Value bi, hi;
          std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
          Value scores = l.getWorkgroupAttributions()[0];
          Value ld = kb.load(d.logDecay, ValueRange{hi});
          Value zero = kb.idx(0);
          Value dk = kb.idx(d.keyDim), dv = kb.idx(d.valueDim);
          Value br = kb.idx(rowsPerTile), bc = kb.idx(cols);
          Value r0 = kb.mul(l.getBlockIds().y, br);
          Value rows = kb.min(br, kb.sub(d.seqLen, r0));
          // Key tiles [c0, c0 + cols) with c0 <= r0 + rows - 1: the
          // tiles above the diagonal are never visited.
          Value keyEnd = kb.add(r0, rows);
          kb.loop(zero, keyEnd, bc, [&](Value c0) {
            Value lenC = kb.min(bc, kb.sub(d.seqLen, c0));
            kb.strided(kb.idx(rowsPerTile * cols), [&](Value p) {
              Value n = kb.div(p, bc), m = kb.rem(p, bc);
              Value rn = kb.add(r0, n), rm = kb.add(c0, m);
              Value valid = arith::AndIOp::create(
                  b,
                  arith::AndIOp::create(
                      b, kb.cmp(arith::CmpIPredicate::ult, n, rows),
                      kb.cmp(arith::CmpIPredicate::ult, m, lenC)),
                  kb.cmp(arith::CmpIPredicate::ule, rm, rn));
              Value s = kb.select(
                  valid,
                  [&]() -> Value {
                    Value dot = kb.sum(zero, dk, [&](Value i) {
                      return kb.fmul(kb.load(d.q, ValueRange{bi, hi, rn, i}),
                                     kb.load(d.k, ValueRange{bi, hi, rm, i}));
                    });
                    return kb.fmul(dot, buildDecayPow(b, ld, kb.sub(rn, rm)));
                  },
                  [&]() -> Value { return kb.f32(0.0); });
              memref::StoreOp::create(b, s, scores, ValueRange{p});
            });
            kb.barrier();
            // Each thread owns the same (n, j) in every key tile.
            kb.strided(kb.mul(rows, dv), [&](Value p) {
              Value n = kb.div(p, dv), j = kb.rem(p, dv);
              Value rn = kb.add(r0, n);
              Value part = kb.sum(zero, lenC, [&](Value m) {
                Value s = memref::LoadOp::create(
                    b, scores, ValueRange{kb.add(kb.mul(n, bc), m)});
                return kb.fmul(
                    s, kb.load(d.v, ValueRange{bi, hi, kb.add(c0, m), j}));
              });
              Value first = kb.cmp(arith::CmpIPredicate::eq, c0, zero);
              Value prev = kb.select(
                  first, [&]() -> Value { return kb.f32(0.0); },
                  [&]() -> Value {
                    return kb.load(d.rawOut, ValueRange{bi, hi, rn, j});
                  });
              kb.store(kb.fadd(prev, part), d.rawOut,
                       ValueRange{bi, hi, rn, j});
            });
            kb.barrier();
          });
          // Epilogue: + gamma^(n+1) q_n S0, then scale / normalize.
          kb.strided(kb.mul(rows, dv), [&](Value p) {
            Value n = kb.div(p, dv), j = kb.rem(p, dv);
            Value rn = kb.add(r0, n);
            Value o = kb.load(d.rawOut, ValueRange{bi, hi, rn, j});
            if (d.init) {
              Value s0Factor = initFactor(kb, d, ld);
              Value cross = kb.sum(zero, dk, [&](Value i) {
                return kb.fmul(
                    kb.load(d.q, ValueRange{bi, hi, rn, i}),
                    loadInit(kb, d, s0Factor, ValueRange{bi, hi, i, j}));
              });
              o = kb.fadd(
                  o,
                  kb.fmul(buildDecayPow(b, ld, kb.add(rn, kb.idx(1))), cross));
            }
            storeRow(kb, d, kb.fmul(o, rowFactor(kb, d, ld, rn)),
                     ValueRange{bi, hi, rn, j});
          });
        });
    if (d.state)
      buildStateKernel(b, d, bhCount, launch);
  }

  /// S = gamma^T S0 + sum_m gamma^(T-1-m) k_m^T v_m (normalized by the last
  /// row's factor), threads over (i, j).
  void buildStateKernel(ImplicitLocOpBuilder &b, const DeviceOperands &d,
                        Value grid, LaunchFn launch) const {
    Value one = arith::ConstantIndexOp::create(b, 1);
    launch(grid, one, options.blockSize, {},
           [&](KernelBuilder &kb, gpu::LaunchOp l) {
             Value bi, hi;
             std::tie(bi, hi) = batchHead(kb, l.getBlockIds().x, d.heads);
             Value ld = kb.load(d.logDecay, ValueRange{hi});
             Value zero = kb.idx(0), dv = kb.idx(d.valueDim);
             Value factor = stateFactor(kb, d, ld);
             Value s0Factor = initFactor(kb, d, ld);
             Value last = kb.sub(d.seqLen, one);
             kb.strided(kb.idx(d.keyDim * d.valueDim), [&](Value p) {
               Value i = kb.div(p, dv), j = kb.rem(p, dv);
               Value s = kb.sum(zero, d.seqLen, [&](Value m) {
                 Value km = kb.fmul(buildDecayPow(b, ld, kb.sub(last, m)),
                                    kb.load(d.k, ValueRange{bi, hi, m, i}));
                 return kb.fmul(km, kb.load(d.v, ValueRange{bi, hi, m, j}));
               });
               if (d.init)
                 s = kb.fadd(s, kb.fmul(buildDecayPow(b, ld, d.seqLen),
                                        loadInit(kb, d, s0Factor,
                                                 ValueRange{bi, hi, i, j})));
               kb.store(kb.fmul(s, factor), d.state, ValueRange{bi, hi, i, j});
             });
           });
  }

  RetentionToGPUOptions options;
};

constexpr StringLiteral kKernelAttr = "retention.gpu_kernel";
constexpr StringLiteral kInputsAttr = "retention.gpu_inputs";

struct RetentionOutlineGPUCallsPass
    : impl::RetentionOutlineGPUCallsBase<RetentionOutlineGPUCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<RetentionOp> ops;
    module.walk([&](RetentionOp op) { ops.push_back(op); });
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    // Ops with equal types and attributes (a model's layers) share one host
    // function, hence one set of kernels.
    DenseMap<std::pair<Type, Attribute>, func::FuncOp> shared;
    for (RetentionOp op : ops) {
      if (failed(op.requireSchedule()))
        return signalPassFailure();
      outline(op, rewriter, symbols, module, shared);
    }
  }

  static MemRefType memrefOf(Type tensorType) {
    auto t = cast<RankedTensorType>(tensorType);
    return MemRefType::get(t.getShape(), t.getElementType());
  }

  void outline(RetentionOp op, IRRewriter &rewriter, SymbolTable &symbols,
               ModuleOp module,
               DenseMap<std::pair<Type, Attribute>, func::FuncOp> &shared) {
    Location loc = op.getLoc();
    SmallVector<Value> inputs = {op.getQ(), op.getK(), op.getV(),
                                 op.getLogDecay()};
    if (Value init = op.getInitialState())
      inputs.push_back(init);
    // The offset, a scalar, is passed as it is, last.
    if (Value offset = op.getOffset())
      inputs.push_back(offset);
    auto hostType = [](Type t) -> Type {
      return isa<RankedTensorType>(t) ? memrefOf(t) : t;
    };
    SmallVector<Type> argTypes;
    for (Value in : inputs)
      argTypes.push_back(hostType(in.getType()));
    for (Type t : op->getResultTypes())
      argTypes.push_back(memrefOf(t));

    // The host function, a declaration until convert-retention-to-gpu.
    FunctionType type = rewriter.getFunctionType(argTypes, TypeRange{});
    // The op's attributes without the operand segment sizes (the host
    // function's signature carries those).
    NamedAttrList kernelAttrs(op->getAttrDictionary());
    kernelAttrs.erase(op.getOperandSegmentSizesAttrName());
    DictionaryAttr kernelDict = kernelAttrs.getDictionary(op->getContext());
    func::FuncOp &fn = shared[{type, kernelDict}];
    if (!fn) {
      rewriter.setInsertionPointToEnd(module.getBody());
      fn = func::FuncOp::create(rewriter, loc, "__retention_gpu", type);
      fn.setPrivate();
      fn->setAttr(kKernelAttr, kernelDict);
      fn->setAttr(kInputsAttr, rewriter.getI64IntegerAttr(inputs.size()));
      symbols.insert(fn);
    }

    // The call site: host buffers in, fresh host buffers out.
    rewriter.setInsertionPoint(op);
    ImplicitLocOpBuilder b(loc, rewriter);
    SmallVector<Value> operands;
    for (Value in : inputs)
      operands.push_back(
          isa<RankedTensorType>(in.getType())
              ? Value(bufferization::ToBufferOp::create(
                    b, memrefOf(in.getType()), in, b.getUnitAttr()))
              : in);
    Value batch = tensor::DimOp::create(b, op.getQ(), 0);
    Value seqLen = tensor::DimOp::create(b, op.getQ(), 2);
    SmallVector<Value> outs;
    for (Type t : op->getResultTypes()) {
      MemRefType type = memrefOf(t);
      SmallVector<Value> sizes;
      for (int64_t d = 0; d < type.getRank(); ++d)
        if (type.isDynamicDim(d))
          sizes.push_back(d == 0 ? batch : seqLen);
      outs.push_back(memref::AllocOp::create(b, type, sizes));
    }
    operands.append(outs);
    func::CallOp::create(b, fn, operands);
    SmallVector<Value> results;
    for (auto [buf, t] : llvm::zip_equal(outs, op->getResultTypes()))
      results.push_back(bufferization::ToTensorOp::create(
          b, t, buf, b.getUnitAttr(), b.getUnitAttr()));
    rewriter.replaceOp(op, results);
  }
};

struct RetentionMergeGPUModulesPass
    : impl::RetentionMergeGPUModulesBase<RetentionMergeGPUModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> gpuModules(
        module.getBody()->getOps<gpu::GPUModuleOp>());
    if (gpuModules.size() < 2)
      return;
    gpu::GPUModuleOp target = gpuModules.front();
    SymbolTable targetSymbols(target);
    // (old module, old kernel) -> new kernel name in `target`.
    DenseMap<std::pair<StringAttr, StringAttr>, StringAttr> renamed;
    for (gpu::GPUModuleOp from : llvm::drop_begin(gpuModules)) {
      if (from.getTargetsAttr() != target.getTargetsAttr()) {
        from.emitOpError("has other targets than ")
            << target.getName() << "; cannot merge";
        return signalPassFailure();
      }
      for (Operation &op :
           llvm::make_early_inc_range(from.getBody()->without_terminator())) {
        auto sym = dyn_cast<SymbolOpInterface>(op);
        StringAttr oldName = sym ? sym.getNameAttr() : StringAttr();
        op.moveBefore(target.getBody()->getTerminator());
        if (sym) {
          StringAttr newName = targetSymbols.insert(&op);
          renamed[{from.getNameAttr(), oldName}] = newName;
        }
      }
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      auto it =
          renamed.find({launch.getKernelModuleName(), launch.getKernelName()});
      if (it == renamed.end())
        return;
      launch.setKernelAttr(SymbolRefAttr::get(
          target.getNameAttr(), {FlatSymbolRefAttr::get(it->second)}));
    });
    for (gpu::GPUModuleOp from : llvm::drop_begin(gpuModules))
      from.erase();
  }
};

struct ConvertRetentionToGPUPass
    : impl::ConvertRetentionToGPUBase<ConvertRetentionToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize <= 0 || blockSize > 1024 || blockSize % 32 != 0) {
      getOperation()->emitError()
          << "convert-retention-to-gpu: block-size must be a multiple of 32 "
             "in [32, 1024], got "
          << static_cast<int64_t>(blockSize);
      return signalPassFailure();
    }
    RetentionToGPUOptions options;
    options.blockSize = blockSize;
    options.deviceBuffers = deviceBuffers;
    options.tensorCores = tensorCores;
    SmallVector<func::FuncOp> hosts;
    getOperation().walk([&](func::FuncOp fn) {
      if (fn->hasAttr(kKernelAttr) && fn.isDeclaration())
        hosts.push_back(fn);
    });
    for (func::FuncOp fn : hosts)
      if (failed(buildHostFunction(fn, options)))
        return signalPassFailure();
  }
};

} // namespace

LogicalResult
mlir::retention::buildHostFunction(func::FuncOp fn,
                                   const RetentionToGPUOptions &options) {
  auto attrs = fn->getAttrOfType<DictionaryAttr>(kKernelAttr);
  auto numInputs = fn->getAttrOfType<IntegerAttr>(kInputsAttr);
  if (!attrs || !numInputs || !attrs.getAs<ScheduleAttr>("schedule"))
    return fn.emitOpError("is not a retention GPU host function (missing "
                          "retention.gpu_kernel or its schedule)");
  int64_t n = numInputs.getInt();
  int64_t total = fn.getNumArguments();
  if (n < 4 || n > 6 || (total - n != 1 && total - n != 2))
    return fn.emitOpError("has an unexpected signature for a retention "
                          "GPU host function");
  bool hasOffset = isa<IntegerType>(fn.getArgumentTypes()[n - 1]);
  int64_t numMemrefInputs = n - (hasOffset ? 1 : 0);
  if (numMemrefInputs != 4 && numMemrefInputs != 5)
    return fn.emitOpError("has an unexpected signature for a retention "
                          "GPU host function");
  RetentionFacts facts = RetentionFacts::fromAttrs(attrs, numMemrefInputs == 5,
                                                   hasOffset, total - n == 2);
  Block *entry = fn.addEntryBlock();
  OpBuilder builder(fn.getContext());
  builder.setInsertionPointToStart(entry);
  ImplicitLocOpBuilder b(fn.getLoc(), builder);
  ValueRange args = entry->getArguments();
  if (failed(GPUHostBuilder(options).build(b, facts, args.take_front(n),
                                           args.drop_front(n))))
    return failure();
  func::ReturnOp::create(b);
  fn->removeAttr(kInputsAttr);
  return success();
}
