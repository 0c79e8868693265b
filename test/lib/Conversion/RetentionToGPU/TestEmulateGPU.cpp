//===- TestEmulateGPU.cpp - run the GPU kernels on the CPU, for tests -----===//
//
// retention-test-emulate-gpu turns the host code and `gpu.launch` kernels
// built by convert-retention-to-gpu into sequential CPU code, so that CI
// machines without a GPU check the kernels' numbers against the float64
// reference (the same kernel IR, before NVVM lowering).
//
//   gpu.alloc / gpu.memcpy / gpu.dealloc / gpu.wait
//       -> memref.alloc / memref.copy / memref.dealloc / nothing
//   gpu.launch  -> scf.for over the grid (y, x); workgroup memory becomes
//                  host buffers; the body is cut at each gpu.barrier into
//                  segments, and each segment runs as an scf.for over the
//                  block's threads. Barriers may sit in the body or inside
//                  scf.for / scf.if whose bounds and conditions are the same
//                  for all threads (as CUDA requires anyway).
//
// Thread-uniform ops (not depending on the thread id, not writing memory)
// are hoisted out of the thread loops, so uniform values flow across
// barriers; a thread-varying value live across a barrier is an error (it
// would need per-thread storage, which the retention kernels never need).
//
//===----------------------------------------------------------------------===//

#include "TestPasses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir {
#define GEN_PASS_DEF_RETENTIONTESTEMULATEGPU
#include "TestPasses.h.inc"
} // namespace mlir

using namespace mlir;

namespace {

bool containsBarrier(Operation *op) {
  return op->walk([](gpu::BarrierOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

/// Emits the ops of one launch body block (without its terminator) with
/// barrier-delimited segments run for every thread.
class SegmentEmitter {
public:
  SegmentEmitter(OpBuilder &b, Value tidArg, Value threads, IRMapping &map)
      : b(b), tidArg(tidArg), threads(threads), map(map) {}

  LogicalResult emitBlock(Block &block) {
    SmallVector<Operation *> segment;
    for (Operation &op : block.without_terminator()) {
      if (isa<gpu::BarrierOp>(op)) {
        if (failed(flush(segment)))
          return failure();
        continue;
      }
      if (!containsBarrier(&op)) {
        segment.push_back(&op);
        continue;
      }
      if (failed(flush(segment)))
        return failure();
      if (failed(emitBarrierContainer(&op)))
        return failure();
    }
    return flush(segment);
  }

private:
  bool isVarying(Value v) const { return v == tidArg || varying.contains(v); }

  /// Uses of values from outside `op` (including nested regions).
  bool usesVarying(Operation *op) const {
    bool result = false;
    op->walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (isVarying(operand))
          result = true;
    });
    return result;
  }

  bool writesMemory(Operation *op) const {
    bool writes = false;
    op->walk([&](Operation *inner) {
      auto effects = dyn_cast<MemoryEffectOpInterface>(inner);
      if (!effects) {
        if (!inner->hasTrait<OpTrait::HasRecursiveMemoryEffects>() &&
            !isa<scf::YieldOp>(inner))
          writes = true; // unknown: keep it per thread
        return;
      }
      if (effects.hasEffect<MemoryEffects::Write>() ||
          effects.hasEffect<MemoryEffects::Allocate>() ||
          effects.hasEffect<MemoryEffects::Free>())
        writes = true;
    });
    return writes;
  }

  LogicalResult flush(SmallVector<Operation *> &segment) {
    if (segment.empty())
      return success();
    SmallVector<Operation *> perThread;
    for (Operation *op : segment) {
      if (usesVarying(op) || writesMemory(op)) {
        perThread.push_back(op);
        for (Value r : op->getResults())
          varying.insert(r);
      } else {
        b.clone(*op, map);
      }
    }
    DenseSet<Value> definedHere;
    for (Operation *op : perThread)
      definedHere.insert(op->result_begin(), op->result_end());
    for (Operation *op : perThread) {
      WalkResult crossing = op->walk([&](Operation *inner) {
        for (Value v : inner->getOperands())
          if (varying.contains(v) && !definedHere.contains(v))
            return WalkResult::interrupt();
        return WalkResult::advance();
      });
      if (crossing.wasInterrupted())
        return op->emitOpError("uses a thread-varying value defined before a "
                               "gpu.barrier; the emulator cannot keep "
                               "per-thread values across barriers");
    }
    if (!perThread.empty()) {
      Value zero = arith::ConstantIndexOp::create(b, tidArg.getLoc(), 0);
      Value one = arith::ConstantIndexOp::create(b, tidArg.getLoc(), 1);
      auto loop = scf::ForOp::create(b, tidArg.getLoc(), zero, threads, one);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      map.map(tidArg, loop.getInductionVar());
      for (Operation *op : perThread)
        b.clone(*op, map);
      map.erase(tidArg);
      // Values defined in the thread loop are dead outside it: drop their
      // mappings so a later use is caught below.
      for (Operation *op : perThread)
        for (Value r : op->getResults())
          map.erase(r);
    }
    segment.clear();
    return success();
  }

  /// scf.for / scf.if with barriers inside: uniform control flow, emitted
  /// once, its body segmented recursively.
  LogicalResult emitBarrierContainer(Operation *op) {
    if (usesVaryingOperands(op))
      return op->emitOpError(
          "contains a gpu.barrier under thread-dependent control flow");
    if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      if (!forOp.getInitArgs().empty())
        return op->emitOpError("with iter_args around a gpu.barrier is not "
                               "supported by the emulator");
      auto loop = scf::ForOp::create(
          b, op->getLoc(), map.lookup(forOp.getLowerBound()),
          map.lookup(forOp.getUpperBound()), map.lookup(forOp.getStep()));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(loop.getBody()->getTerminator());
      map.map(forOp.getInductionVar(), loop.getInductionVar());
      return emitBlock(*forOp.getBody());
    }
    if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      if (ifOp.getNumResults() != 0)
        return op->emitOpError("with results around a gpu.barrier is not "
                               "supported by the emulator");
      auto newIf =
          scf::IfOp::create(b, op->getLoc(), map.lookup(ifOp.getCondition()),
                            ifOp.elseBlock() != nullptr);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(newIf.thenBlock()->getTerminator());
      if (failed(emitBlock(*ifOp.thenBlock())))
        return failure();
      if (ifOp.elseBlock()) {
        b.setInsertionPoint(newIf.elseBlock()->getTerminator());
        return emitBlock(*ifOp.elseBlock());
      }
      return success();
    }
    return op->emitOpError("contains a gpu.barrier the emulator cannot "
                           "schedule");
  }

  bool usesVaryingOperands(Operation *op) const {
    return llvm::any_of(op->getOperands(),
                        [&](Value v) { return isVarying(v); });
  }

  OpBuilder &b;
  Value tidArg, threads;
  IRMapping &map;
  DenseSet<Value> varying;
};

LogicalResult emulateLaunch(gpu::LaunchOp launch) {
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  auto isOne = [](Value v) {
    return getConstantIntValue(v) == std::optional<int64_t>(1);
  };
  if (!isOne(launch.getGridSizeZ()) || !isOne(launch.getBlockSizeY()) ||
      !isOne(launch.getBlockSizeZ()))
    return launch.emitOpError("the emulator supports 2-d grids of 1-d "
                              "blocks only");
  if (!launch.getPrivateAttributions().empty())
    return launch.emitOpError("private attributions are not emulated");
  IRMapping map;
  Block &body = launch.getBody().front();
  // Workgroup memory: host buffers shared by the (sequential) blocks.
  SmallVector<Value> workgroup;
  for (BlockArgument arg : launch.getWorkgroupAttributions()) {
    auto type = cast<MemRefType>(arg.getType());
    auto host = MemRefType::get(type.getShape(), type.getElementType());
    Value buf = memref::AllocOp::create(b, loc, host);
    workgroup.push_back(buf);
    map.map(arg, buf);
  }
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto gridY = scf::ForOp::create(b, loc, zero, launch.getGridSizeY(), one);
  b.setInsertionPoint(gridY.getBody()->getTerminator());
  auto gridX = scf::ForOp::create(b, loc, zero, launch.getGridSizeX(), one);
  b.setInsertionPoint(gridX.getBody()->getTerminator());

  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  gpu::KernelDim3 gridSize = launch.getGridSize();
  gpu::KernelDim3 blockSize = launch.getBlockSize();
  map.map(blockIds.x, gridX.getInductionVar());
  map.map(blockIds.y, gridY.getInductionVar());
  map.map(blockIds.z, zero);
  map.map(threadIds.y, zero);
  map.map(threadIds.z, zero);
  map.map(gridSize.x, launch.getGridSizeX());
  map.map(gridSize.y, launch.getGridSizeY());
  map.map(gridSize.z, one);
  map.map(blockSize.x, launch.getBlockSizeX());
  map.map(blockSize.y, one);
  map.map(blockSize.z, one);
  SegmentEmitter emitter(b, threadIds.x, launch.getBlockSizeX(), map);
  if (failed(emitter.emitBlock(body)))
    return failure();

  b.setInsertionPointAfter(gridY);
  for (Value buf : workgroup)
    memref::DeallocOp::create(b, loc, buf);
  return success();
}

struct RetentionTestEmulateGPUPass
    : impl::RetentionTestEmulateGPUBase<RetentionTestEmulateGPUPass> {
  void runOnOperation() override {
    SmallVector<Operation *> gpuOps;
    getOperation().walk([&](Operation *op) {
      if (isa<gpu::LaunchOp, gpu::AllocOp, gpu::MemcpyOp, gpu::DeallocOp,
              gpu::WaitOp>(op))
        gpuOps.push_back(op);
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      return WalkResult::advance();
    });
    for (Operation *op : gpuOps) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      if (auto alloc = dyn_cast<gpu::AllocOp>(op)) {
        Value buf = memref::AllocOp::create(b, loc, alloc.getType(),
                                            alloc.getDynamicSizes());
        alloc.getMemref().replaceAllUsesWith(buf);
      } else if (auto copy = dyn_cast<gpu::MemcpyOp>(op)) {
        memref::CopyOp::create(b, loc, copy.getSrc(), copy.getDst());
      } else if (auto dealloc = dyn_cast<gpu::DeallocOp>(op)) {
        memref::DeallocOp::create(b, loc, dealloc.getMemref());
      } else if (auto launch = dyn_cast<gpu::LaunchOp>(op)) {
        if (failed(emulateLaunch(launch)))
          return signalPassFailure();
      }
    }
    // Erase in reverse: tokens are only used by later GPU ops.
    for (Operation *op : llvm::reverse(gpuOps)) {
      op->dropAllUses();
      op->erase();
    }
  }
};

} // namespace
