//===- OutlineLinalg.cpp - retention-outline-linalg -----------------------===//
//
// Each linalg op of a function becomes a call to a private function; ops
// that are equivalent once outlined (types, attributes, region, captured
// constants: OperationEquivalence, locations ignored) share one function. A
// model's layers then compile their layer-level loop nests once instead of once
// per layer. An init that a linalg.fill of a constant makes for this op alone
// moves into the function with it, so the threads that compute the op's tiles
// also fill them, and the lowering can start its accumulators at the constant
// instead.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONOUTLINELINALG
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;

namespace {
struct RetentionOutlineLinalgPass
    : retention::impl::RetentionOutlineLinalgBase<RetentionOutlineLinalgPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    for (auto fn : module.getOps<func::FuncOp>()) {
      if (fn.isExternal() || retention::isRetentionKernel(fn.getSymName()))
        continue;
      fn.walk([&](linalg::LinalgOp op) {
        if (!isa<linalg::FillOp>(op) && op.hasPureTensorSemantics())
          ops.push_back(op);
      });
    }
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    Shared shared;
    for (linalg::LinalgOp op : ops)
      outline(op, rewriter, symbols, shared);
  }

  /// The outlined functions by a hash of their signature and op (not of
  /// the regions: equal hashes are then compared whole).
  using Shared = llvm::DenseMap<size_t, SmallVector<func::FuncOp>>;

  static void outline(linalg::LinalgOp op, IRRewriter &rewriter,
                      SymbolTable &symbols, Shared &shared) {
    Operation *raw = op.getOperation();
    Location loc = raw->getLoc();
    // Values the region uses from above: constants are cloned into the
    // function, anything else becomes an argument after the operands.
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(raw->getRegions(), captured);
    SmallVector<Value> extraArgs;
    SmallVector<Operation *> constants;
    for (Value v : captured) {
      Operation *def = v.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>())
        constants.push_back(def);
      else
        extraArgs.push_back(v);
    }
    SmallVector<Value> args(raw->getOperands());
    // Inits filled with a constant for this op alone: the function takes
    // the fill's destination and fills it itself.
    SmallVector<linalg::FillOp> fills(raw->getNumOperands());
    for (OpOperand &init : op.getDpsInitsMutable()) {
      auto fill = init.get().getDefiningOp<linalg::FillOp>();
      if (!fill || !fill.hasPureTensorSemantics() || !init.get().hasOneUse() ||
          !matchPattern(fill.getInputs()[0], m_Constant()))
        continue;
      fills[init.getOperandNumber()] = fill;
      args[init.getOperandNumber()] = fill.getOutputs()[0];
    }
    args.append(extraArgs);
    auto type = rewriter.getFunctionType(ValueRange(args).getTypes(),
                                         raw->getResultTypes());

    // The candidate function, built detached and compared with those made
    // so far.
    OpBuilder b(raw->getContext());
    auto fn = func::FuncOp::create(b, loc, "__linalg_outlined", type);
    fn.setPrivate();
    Block *entry = fn.addEntryBlock();
    b.setInsertionPointToStart(entry);
    IRMapping map;
    for (Operation *c : constants)
      map.map(c->getResult(0), b.clone(*c)->getResult(0));
    unsigned numOperands = raw->getNumOperands();
    for (auto [v, arg] : llvm::zip_equal(
             extraArgs, entry->getArguments().drop_front(numOperands)))
      map.map(v, arg);
    Operation *clone = b.clone(*raw, map);
    // Operands by position: one SSA value may fill two operand slots here
    // and two different values at another call site.
    clone->setOperands(entry->getArguments().take_front(numOperands));
    for (auto [i, fill] : llvm::enumerate(fills)) {
      if (!fill)
        continue;
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(clone);
      Value value = b.clone(*fill.getInputs()[0].getDefiningOp())->getResult(0);
      Value filled =
          linalg::FillOp::create(b, loc, value, entry->getArgument(i))
              .getResult(0);
      clone->setOperand(i, filled);
    }
    func::ReturnOp::create(b, loc, clone->getResults());

    auto flags = OperationEquivalence::IgnoreLocations;
    size_t key =
        llvm::hash_combine(type.getAsOpaquePointer(),
                           OperationEquivalence::computeHash(
                               clone, OperationEquivalence::ignoreHashValue,
                               OperationEquivalence::ignoreHashValue, flags));
    SmallVector<func::FuncOp> &candidates = shared[key];
    func::FuncOp target;
    for (func::FuncOp f : candidates)
      if (f.getFunctionType() == type &&
          OperationEquivalence::isRegionEquivalentTo(&f.getBody(),
                                                     &fn.getBody(), flags)) {
        target = f;
        break;
      }
    if (target) {
      fn.erase();
    } else {
      std::string name = ("__linalg_" + raw->getName().stripDialect()).str();
      fn.setSymName(name);
      retention::markOutlinedKernel(fn);
      auto parent = raw->getParentOfType<func::FuncOp>();
      rewriter.setInsertionPoint(parent);
      rewriter.insert(fn);
      symbols.insert(fn); // renames on a clash
      target = fn;
      candidates.push_back(fn);
    }
    rewriter.setInsertionPoint(raw);
    rewriter.replaceOpWithNewOp<func::CallOp>(raw, target, args);
    for (linalg::FillOp fill : fills)
      if (fill && fill->use_empty())
        rewriter.eraseOp(fill);
  }
};
} // namespace
