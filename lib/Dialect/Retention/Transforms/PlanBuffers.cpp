//===- PlanBuffers.cpp - retention-plan-buffers ---------------------------===//
//
// A static buffer plan: the temporaries of a function (what bufferization
// allocates and buffer deallocation frees in the function's own block, or
// in a forall's body) become views of one workspace, in slots assigned at
// compile time by their live ranges and sized when the function runs; the
// runtime keeps the workspace per thread from call to call. A call then
// allocates nothing, whatever malloc's settings.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONPLANBUFFERS
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
constexpr StringLiteral kAcquire = "retnet_rt_workspace_acquire";
constexpr StringLiteral kRelease = "retnet_rt_workspace_release";
constexpr StringLiteral kParallelFailure = "retnet_rt_workspace_failed";
/// Every buffer starts at a multiple of this (what bufferization asks of
/// its allocations; the runtime's workspace is aligned to it too).
constexpr int64_t kAlignment = 64;

/// One planned temporary: live from `start` to `end` (positions in the
/// block), in slot `slot`.
struct Buffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t start, end;
  /// The dynamic extents, as values known where the workspace is taken.
  SmallVector<Value> sizes;
  int64_t slot = -1;
};

/// Every use of `v` and of the views taken of it is before `dealloc` (in
/// its block, or nested in an op that is), none returns or yields it, and
/// none asks for its base pointer (what a conditional deallocation does).
bool usedOnlyBefore(Value v, memref::DeallocOp dealloc) {
  for (Operation *user : v.getUsers()) {
    if (user == dealloc.getOperation())
      continue;
    if (isa<memref::DeallocOp, memref::ExtractAlignedPointerAsIndexOp,
            memref::ExtractStridedMetadataOp, RegionBranchTerminatorOpInterface,
            func::ReturnOp>(user))
      return false;
    Operation *inBlock = dealloc->getBlock()->findAncestorOpInBlock(*user);
    if (!inBlock || !inBlock->isBeforeInBlock(dealloc))
      return false;
    if (isa<ViewLikeOpInterface>(user))
      for (Value r : user->getResults())
        if (!usedOnlyBefore(r, dealloc))
          return false;
  }
  return true;
}

/// Whether the allocation's buffer can be a view of the workspace: identity
/// layout, default memory space, a whole-byte int or float element, no
/// alignment beyond the workspace's.
bool plannableType(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.getLayout().isIdentity() || type.getMemorySpace() ||
      !type.getElementType().isIntOrFloat() ||
      type.getElementTypeBitWidth() % 8 || !alloc.getSymbolOperands().empty())
    return false;
  if (std::optional<uint64_t> align = alloc.getAlignment())
    if (*align > static_cast<uint64_t>(kAlignment))
      return false;
  return true;
}

/// The static part of a buffer's size in bytes and its dynamic extents:
/// buffers with the same key have the same size.
std::pair<int64_t, SmallVector<Value>> sizeKey(Buffer &buf) {
  MemRefType type = buf.alloc.getType();
  int64_t bytes = type.getElementTypeBitWidth() / 8;
  for (int64_t d : type.getShape())
    if (!ShapedType::isDynamic(d))
      bytes *= d;
  return {bytes, buf.sizes};
}

/// An extent equal to `v` that is available before `at` in `block`: `v`
/// itself, or, for `memref.dim` of a view or allocation made later, the
/// extent it is made from (its source's dim, the size operand it was
/// given), created before `at` when needed (`dims` caches them). Null when
/// there is none.
class ExtentResolver {
public:
  ExtentResolver(Block &block, Operation *at) : block(block), at(at) {}

  Value resolve(Value v, int depth = 0) {
    if (availableAt(v))
      return v;
    auto dim = v.getDefiningOp<memref::DimOp>();
    std::optional<int64_t> index =
        dim ? getConstantIntValue(dim.getIndex()) : std::nullopt;
    if (!index || depth > 16)
      return {};
    return dimOf(dim.getSource(), *index, depth + 1);
  }

private:
  bool availableAt(Value v) {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return arg.getOwner() == &block ||
             arg.getOwner()->getParentOp()->isAncestor(block.getParentOp());
    Operation *def = v.getDefiningOp();
    Operation *inBlock = block.findAncestorOpInBlock(*def);
    if (!inBlock)
      return def->getBlock() != &block &&
             def->getParentRegion()->isAncestor(block.getParent());
    return inBlock->isBeforeInBlock(at);
  }

  /// Dim `i` of `source`.
  Value dimOf(Value source, int64_t i, int depth) {
    auto type = dyn_cast<MemRefType>(source.getType());
    if (!type || i < 0 || i >= type.getRank())
      return {};
    OpBuilder b(at);
    if (!type.isDynamicDim(i))
      return arith::ConstantIndexOp::create(b, source.getLoc(),
                                            type.getDimSize(i));
    if (availableAt(source)) {
      Value &cached = dims[{source, i}];
      if (!cached)
        cached = memref::DimOp::create(b, source.getLoc(), source, i);
      return cached;
    }
    Operation *def = source.getDefiningOp();
    if (!def || depth > 16)
      return {};
    if (auto alloc = dyn_cast<memref::AllocOp>(def))
      return resolve(alloc.getDynamicSizes()[type.getDynamicDimIndex(i)],
                     depth);
    if (auto view = dyn_cast<memref::ViewOp>(def))
      return resolve(view.getSizes()[type.getDynamicDimIndex(i)], depth);
    if (auto expand = dyn_cast<memref::ExpandShapeOp>(def)) {
      OpFoldResult size = expand.getMixedOutputShape()[i];
      if (auto value = dyn_cast<Value>(size))
        return resolve(value, depth);
      return {};
    }
    if (auto collapse = dyn_cast<memref::CollapseShapeOp>(def)) {
      // The product of the collapsed group's extents.
      Value product;
      SmallVector<ReassociationIndices> groups =
          collapse.getReassociationIndices();
      for (int64_t j : groups[i]) {
        Value d = dimOf(collapse.getSrc(), j, depth + 1);
        if (!d)
          return {};
        product = product
                      ? arith::MulIOp::create(b, source.getLoc(), product, d)
                            .getResult()
                      : d;
      }
      return product;
    }
    if (auto cast = dyn_cast<memref::CastOp>(def))
      return dimOf(cast.getSource(), i, depth + 1);
    return {};
  }

  Block &block;
  Operation *at;
  llvm::DenseMap<std::pair<Value, int64_t>, Value> dims;
};

/// Slots for `buffers` (in program order): buffers share a slot only when
/// their [alloc, dealloc] ranges do not overlap. A buffer goes into a free
/// slot holding buffers of its exact size if there is one, else one whose
/// sizes have its dynamic extents, else any free slot, else a new one.
/// Slot sizes (the largest of their buffers) and offsets are computed when
/// the function runs, so the plan holds for every dynamic extent. Returns
/// the number of slots.
int64_t assignSlots(MutableArrayRef<Buffer> buffers) {
  struct Slot {
    int64_t end;
    std::pair<int64_t, SmallVector<Value>> key;
  };
  SmallVector<Slot> slots;
  for (Buffer &b : buffers) {
    auto key = sizeKey(b);
    int64_t best = -1, bestRank = 3;
    for (auto [i, slot] : llvm::enumerate(slots)) {
      if (slot.end >= b.start)
        continue;
      int64_t rank = slot.key == key                 ? 0
                     : slot.key.second == key.second ? 1
                                                     : 2;
      if (rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    }
    if (best < 0) {
      best = slots.size();
      slots.push_back({b.end, key});
    } else {
      slots[best].end = b.end;
      if (bestRank != 0)
        slots[best].key = key;
    }
    b.slot = best;
  }
  return slots.size();
}

func::FuncOp declare(ModuleOp module, StringRef name, FunctionType type) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

struct RetentionPlanBuffersPass
    : retention::impl::RetentionPlanBuffersBase<RetentionPlanBuffersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> fns(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : fns)
      if (failed(plan(module, fn)))
        return signalPassFailure();
  }

  LogicalResult plan(ModuleOp module, func::FuncOp fn) {
    if (fn.isExternal())
      return success();
    // The function's block, when it is its only one and the function has
    // no results (public functions have out-params by now): the workspace
    // is taken at the block's start and given back before its return, and
    // a failed acquisition skips the body. And every scf.forall body: each
    // iteration (each thread, once the foralls are OpenMP regions) takes
    // the workspace of its own temporaries.
    SmallVector<Block *> blocks;
    if (fn.getBody().hasOneBlock() && fn.getNumResults() == 0)
      blocks.push_back(&fn.getBody().front());
    // (Bufferized, outermost foralls only: a tensor forall's terminator
    // yields values of its body, and the flag of a failure below would put
    // a stack allocation into an enclosing forall's body.)
    fn.walk([&](scf::ForallOp forall) {
      if (forall.getOutputs().empty() &&
          !forall->getParentOfType<scf::ForallOp>())
        blocks.push_back(forall.getBody());
    });
    for (Block *block : blocks)
      planBlock(module, fn.getLoc(), *block);
    return success();
  }

  void planBlock(ModuleOp module, Location loc, Block &block) {
    llvm::DenseMap<Operation *, int64_t> position;
    int64_t pos = 0;
    for (Operation &op : block)
      position[&op] = pos++;
    SmallVector<Buffer> buffers;
    Operation *first = nullptr;
    std::optional<ExtentResolver> resolver;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      if (!plannableType(alloc))
        continue;
      memref::DeallocOp dealloc;
      int64_t deallocs = 0;
      for (Operation *user : alloc->getUsers())
        if (auto d = dyn_cast<memref::DeallocOp>(user)) {
          ++deallocs;
          dealloc = d;
        }
      if (deallocs != 1 || dealloc->getBlock() != &block ||
          !alloc->isBeforeInBlock(dealloc) ||
          !usedOnlyBefore(alloc.getResult(), dealloc))
        continue;
      // The workspace is taken before the first planned buffer, where the
      // extents of every planned buffer must be known.
      if (!first)
        resolver.emplace(block, alloc);
      SmallVector<Value> sizes;
      for (Value v : alloc.getDynamicSizes())
        if (Value r = resolver->resolve(v))
          sizes.push_back(r);
      if (sizes.size() != alloc.getDynamicSizes().size())
        continue;
      if (!first)
        first = alloc;
      buffers.push_back(
          {alloc, dealloc, position[alloc], position[dealloc], sizes});
    }
    if (buffers.empty())
      return;
    int64_t numSlots = assignSlots(buffers);

    MLIRContext *ctx = &getContext();
    Type i64 = IntegerType::get(ctx, 64);
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    func::FuncOp acquire =
        declare(module, kAcquire, FunctionType::get(ctx, {i64}, {ptr}));
    func::FuncOp release =
        declare(module, kRelease, FunctionType::get(ctx, {}, {}));

    // Slot sizes (the largest of their buffers, rounded up to the
    // alignment) and offsets, then the workspace: %p = acquire(total), the
    // descriptor of memref<total x i8> at %p; the block's ops run when %p
    // is not null (the runtime recorded the error otherwise).
    ImplicitLocOpBuilder b(loc, ctx);
    b.setInsertionPoint(first);
    SmallVector<Value> slotBytes(numSlots);
    for (Buffer &buf : buffers) {
      auto [staticBytes, dynamic] = sizeKey(buf);
      Value bytes = arith::ConstantIndexOp::create(b, staticBytes);
      for (Value d : dynamic)
        bytes = arith::MulIOp::create(b, bytes, d);
      Value &slot = slotBytes[buf.slot];
      slot = slot ? arith::MaxUIOp::create(b, slot, bytes).getResult() : bytes;
    }
    SmallVector<Value> slotOffset(numSlots);
    Value total = arith::ConstantIndexOp::create(b, 0);
    Value mask = arith::ConstantIndexOp::create(b, ~(kAlignment - 1));
    Value bump = arith::ConstantIndexOp::create(b, kAlignment - 1);
    for (int64_t i = 0; i < numSlots; ++i) {
      slotOffset[i] = total;
      Value rounded = arith::AndIOp::create(
          b, arith::AddIOp::create(b, slotBytes[i], bump), mask);
      total = arith::AddIOp::create(b, total, rounded);
    }
    Value totalI64 = arith::IndexCastOp::create(b, i64, total);
    Value p =
        func::CallOp::create(b, acquire, ValueRange{totalI64}).getResult(0);
    auto descType = LLVM::LLVMStructType::getLiteral(
        ctx, {ptr, ptr, i64, LLVM::LLVMArrayType::get(i64, 1),
              LLVM::LLVMArrayType::get(i64, 1)});
    Value desc = LLVM::PoisonOp::create(b, descType);
    desc = LLVM::InsertValueOp::create(b, desc, p, ArrayRef<int64_t>{0});
    desc = LLVM::InsertValueOp::create(b, desc, p, ArrayRef<int64_t>{1});
    desc = LLVM::InsertValueOp::create(
        b, desc, LLVM::ConstantOp::create(b, i64, 0), ArrayRef<int64_t>{2});
    desc =
        LLVM::InsertValueOp::create(b, desc, totalI64, ArrayRef<int64_t>{3, 0});
    desc = LLVM::InsertValueOp::create(
        b, desc, LLVM::ConstantOp::create(b, i64, 1), ArrayRef<int64_t>{4, 0});
    Type wsType =
        MemRefType::get({ShapedType::kDynamic}, IntegerType::get(ctx, 8));
    Value ws = UnrealizedConversionCastOp::create(b, TypeRange{wsType},
                                                  ValueRange{desc})
                   .getResult(0);
    Value null = LLVM::ZeroOp::create(b, ptr);
    Value ok = LLVM::ICmpOp::create(b, LLVM::ICmpPredicate::ne, p, null);
    // In a forall body (an OpenMP worker thread's, once lowered) the
    // runtime records a failure in the worker's call status, which the
    // caller never reads: the iteration raises a flag of the enclosing
    // block instead, and the calling thread records the error after the
    // forall.
    auto forall = dyn_cast<scf::ForallOp>(block.getParentOp());
    auto guard = scf::IfOp::create(b, TypeRange{}, ok,
                                   /*withElseRegion=*/forall != nullptr);
    if (forall) {
      Type i32 = IntegerType::get(ctx, 32);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(forall);
      Value flag = memref::AllocaOp::create(b, MemRefType::get({}, i32));
      memref::StoreOp::create(b, arith::ConstantIntOp::create(b, i32, 0), flag);
      b.setInsertionPointAfter(forall);
      Value raised = arith::CmpIOp::create(
          b, arith::CmpIPredicate::ne, memref::LoadOp::create(b, flag),
          arith::ConstantIntOp::create(b, i32, 0));
      auto report =
          scf::IfOp::create(b, TypeRange{}, raised, /*withElseRegion=*/false);
      b.setInsertionPoint(report.thenBlock()->getTerminator());
      func::CallOp::create(
          b, declare(module, kParallelFailure, FunctionType::get(ctx, {}, {})),
          ValueRange{});
      b.setInsertionPoint(guard.elseBlock()->getTerminator());
      memref::AtomicRMWOp::create(b, arith::AtomicRMWKind::ori,
                                  arith::ConstantIntOp::create(b, i32, 1), flag,
                                  ValueRange{});
    }
    Block *body = guard.thenBlock();
    Operation *terminator = block.getTerminator();
    // Everything after the guard and before the terminator moves into it.
    SmallVector<Operation *> toMove;
    for (Operation *op = guard->getNextNode(); op != terminator;
         op = op->getNextNode())
      toMove.push_back(op);
    for (Operation *op : toMove)
      op->moveBefore(body->getTerminator());
    b.setInsertionPoint(body->getTerminator());
    func::CallOp::create(b, release, ValueRange{});

    for (Buffer &buf : buffers) {
      b.setLoc(buf.alloc.getLoc());
      b.setInsertionPoint(buf.alloc);
      Value view = memref::ViewOp::create(b, buf.alloc.getType(), ws,
                                          slotOffset[buf.slot],
                                          buf.alloc.getDynamicSizes());
      buf.dealloc.erase();
      buf.alloc.getResult().replaceAllUsesWith(view);
      buf.alloc.erase();
    }
  }
};
} // namespace
