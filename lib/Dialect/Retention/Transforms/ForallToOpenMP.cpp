//===- ForallToOpenMP.cpp - retention-forall-to-openmp --------------------===//
//
// A bufferized scf.forall becomes one omp.parallel region in which the
// threads claim the iterations a few at a time from a shared counter (or,
// with claim=0, each runs a contiguous, balanced share): no worksharing-loop
// runtime calls, no barrier besides the region's join.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONFORALLTOOPENMP
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
/// `private func @name() -> i32` in `module` (the OpenMP runtime's).
func::FuncOp runtimeQuery(ModuleOp module, StringRef name) {
  if (auto fn = module.lookupSymbol<func::FuncOp>(name))
    return fn;
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToStart(module.getBody());
  auto fn = func::FuncOp::create(
      b, module.getLoc(), name,
      b.getFunctionType({}, {IntegerType::get(module.getContext(), 32)}));
  fn.setPrivate();
  return fn;
}

bool convertible(scf::ForallOp op) {
  if (!op.getOutputs().empty() || op->getParentOfType<scf::ForallOp>() ||
      op->getParentOfType<omp::ParallelOp>())
    return false;
  // Stack allocations would need a scope per iteration; the upstream
  // conversion handles them.
  WalkResult r = op.getBody()->walk([](Operation *inner) {
    return isa<memref::AllocaOp, memref::AllocaScopeOp>(inner)
               ? WalkResult::interrupt()
               : WalkResult::advance();
  });
  return !r.wasInterrupted();
}

void convert(scf::ForallOp op, func::FuncOp threadNum, func::FuncOp numThreads,
             bool claim) {
  ImplicitLocOpBuilder b(op.getLoc(), op);
  SmallVector<Value> lbs =
      getValueOrCreateConstantIndexOp(b, op.getLoc(), op.getMixedLowerBound());
  SmallVector<Value> ubs =
      getValueOrCreateConstantIndexOp(b, op.getLoc(), op.getMixedUpperBound());
  SmallVector<Value> steps =
      getValueOrCreateConstantIndexOp(b, op.getLoc(), op.getMixedStep());
  // Iterations per dimension (ceil((ub - lb) / step), none if ub <= lb)
  // and in all.
  Value zero = arith::ConstantIndexOp::create(b, 0);
  Value one = arith::ConstantIndexOp::create(b, 1);
  SmallVector<Value> counts;
  Value total = one;
  for (auto [lb, ub, step] : llvm::zip_equal(lbs, ubs, steps)) {
    Value span =
        arith::MaxSIOp::create(b, arith::SubIOp::create(b, ub, lb), zero);
    Value count = arith::CeilDivUIOp::create(b, span, step);
    counts.push_back(count);
    total = arith::MulIOp::create(b, total, count);
  }

  // Claiming: a counter on the calling thread's stack (allocated once, at
  // the function's entry), reset before each region.
  Value counter;
  Type i64 = b.getI64Type();
  if (claim) {
    auto fn = op->getParentOfType<FunctionOpInterface>();
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&fn.getFunctionBody().front());
    counter = memref::AllocaOp::create(b, MemRefType::get({}, i64));
  }
  if (claim)
    memref::StoreOp::create(b, arith::ConstantIntOp::create(b, i64, 0),
                            counter);
  auto parallel = omp::ParallelOp::create(b, TypeRange{}, ValueRange{});
  Block *block = b.createBlock(&parallel.getRegion());
  b.setInsertionPointToStart(block);
  auto asIndex = [&](func::FuncOp fn) -> Value {
    Value v = func::CallOp::create(b, fn, ValueRange{}).getResult(0);
    return arith::IndexCastOp::create(b, b.getIndexType(), v);
  };
  scf::ForOp loop;
  if (claim) {
    // Each thread claims `grain` iterations at a time (about four claims
    // per thread) until none are left: a thread that starts late, or is
    // descheduled, leaves its iterations to the others instead of holding
    // up the join.
    Value nth = asIndex(numThreads);
    Value grain = arith::MaxUIOp::create(
        b, one,
        arith::DivUIOp::create(
            b, total,
            arith::MulIOp::create(b, nth,
                                  arith::ConstantIndexOp::create(b, 4))));
    Value grain64 = arith::IndexCastOp::create(b, i64, grain);
    auto whileOp =
        scf::WhileOp::create(b, TypeRange{b.getIndexType()}, ValueRange{});
    {
      OpBuilder::InsertionGuard guard(b);
      b.createBlock(&whileOp.getBefore());
      Value claimed = memref::AtomicRMWOp::create(
          b, arith::AtomicRMWKind::addi, grain64, counter, ValueRange{});
      Value begin = arith::IndexCastOp::create(b, b.getIndexType(), claimed);
      Value more =
          arith::CmpIOp::create(b, arith::CmpIPredicate::ult, begin, total);
      scf::ConditionOp::create(b, more, ValueRange{begin});
      Block *after = b.createBlock(&whileOp.getAfter(), {}, {b.getIndexType()},
                                   {op.getLoc()});
      Value first = after->getArgument(0);
      Value end = arith::MinUIOp::create(
          b, arith::AddIOp::create(b, first, grain), total);
      loop = scf::ForOp::create(b, first, end, one);
      scf::YieldOp::create(b, ValueRange{});
    }
  } else {
    Value tid = asIndex(threadNum), nth = asIndex(numThreads);
    // Thread tid runs [begin, begin + share): the first `total % nth`
    // threads one iteration more than the others.
    Value small = arith::DivUIOp::create(b, total, nth);
    Value extra = arith::RemUIOp::create(b, total, nth);
    Value begin = arith::AddIOp::create(b, arith::MulIOp::create(b, tid, small),
                                        arith::MinUIOp::create(b, tid, extra));
    Value longer =
        arith::CmpIOp::create(b, arith::CmpIPredicate::ult, tid, extra);
    Value share = arith::AddIOp::create(
        b, small, arith::SelectOp::create(b, longer, one, zero));
    Value end = arith::AddIOp::create(b, begin, share);
    loop = scf::ForOp::create(b, begin, end, one);
  }
  omp::TerminatorOp::create(b);

  b.setInsertionPointToStart(loop.getBody());
  // The linear index back to the forall's induction variables (the last
  // dimension fastest, as the forall's own order).
  IRMapping map;
  Value rest = loop.getInductionVar();
  SmallVector<Value> ivs(counts.size());
  for (int64_t d = counts.size() - 1; d >= 0; --d) {
    Value idx =
        d == 0 ? rest : arith::RemUIOp::create(b, rest, counts[d]).getResult();
    if (d > 0)
      rest = arith::DivUIOp::create(b, rest, counts[d]);
    ivs[d] = arith::AddIOp::create(b, lbs[d],
                                   arith::MulIOp::create(b, idx, steps[d]));
  }
  for (auto [iv, value] : llvm::zip_equal(op.getInductionVars(), ivs))
    map.map(iv, value);
  for (Operation &inner : op.getBody()->without_terminator())
    b.clone(inner, map);
  op.erase();
}

struct RetentionForallToOpenMPPass
    : retention::impl::RetentionForallToOpenMPBase<
          RetentionForallToOpenMPPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<scf::ForallOp> foralls;
    module.walk([&](scf::ForallOp op) {
      if (convertible(op))
        foralls.push_back(op);
    });
    if (foralls.empty())
      return;
    func::FuncOp threadNum =
        claim ? func::FuncOp() : runtimeQuery(module, "omp_get_thread_num");
    func::FuncOp numThreads = runtimeQuery(module, "omp_get_num_threads");
    for (scf::ForallOp op : foralls)
      convert(op, threadNum, numThreads, claim);
  }
};
} // namespace
