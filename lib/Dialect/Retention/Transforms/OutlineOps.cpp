//===- OutlineOps.cpp - retention-outline-ops -----------------------------===//
//
// Each distinct retention op (operand types + attributes) becomes one private
// function; every occurrence becomes a call to it. A model graph's layers
// then share one lowered and compiled kernel instead of one copy per layer.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONOUTLINEOPS
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;
using namespace mlir::retention;

void mlir::retention::markOutlinedKernel(Operation *func) {
  MLIRContext *ctx = func->getContext();
  func->setAttr("llvm.linkage",
                LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  func->setAttr("passthrough",
                ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
}

namespace {
struct RetentionOutlineOpsPass
    : retention::impl::RetentionOutlineOpsBase<RetentionOutlineOpsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<RetentionOp> ops;
    module.walk([&](RetentionOp op) {
      if (op->getParentOfType<func::FuncOp>())
        ops.push_back(op);
    });
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    // (signature, attributes) -> the function that computes it. Both are
    // uniqued in the context, so equal ops give equal keys.
    DenseMap<std::pair<Type, Attribute>, func::FuncOp> shared;
    for (RetentionOp op : ops) {
      if (failed(op.requireSchedule()))
        return signalPassFailure();
      // Destination-passing: the results' tensors are extra arguments that
      // the function's results are materialized in. Bufferization then
      // sees results equivalent to arguments, and the caller's buffers
      // (the public function's out-params, for a returned result) are
      // written in place: no result buffer is returned and copied.
      SmallVector<Type> argTypes(op->getOperandTypes());
      llvm::append_range(argTypes, op->getResultTypes());
      auto type = rewriter.getFunctionType(argTypes, op->getResultTypes());
      func::FuncOp &fn = shared[{type, op->getAttrDictionary()}];
      if (!fn)
        fn = createFunction(op, type, rewriter, symbols);

      rewriter.setInsertionPoint(op);
      ImplicitLocOpBuilder b(op.getLoc(), rewriter);
      SmallVector<Value> operands(op->getOperands());
      for (Value result : op->getResults()) {
        auto t = cast<RankedTensorType>(result.getType());
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < t.getRank(); ++d)
          if (t.isDynamicDim(d)) // batch or T: dims 0 and 2 of q
            sizes.push_back(tensor::DimOp::create(b, op.getQ(), d));
        operands.push_back(tensor::EmptyOp::create(b, t, sizes));
      }
      rewriter.replaceOpWithNewOp<func::CallOp>(op, fn, operands);
    }
  }

  static func::FuncOp createFunction(RetentionOp op, FunctionType type,
                                     IRRewriter &rewriter,
                                     SymbolTable &symbols) {
    // Before the first caller: callees read first, as in C.
    rewriter.setInsertionPoint(op->getParentOfType<func::FuncOp>());
    std::string name = (retention::kRetentionKernelPrefix +
                        stringifyScheduleKind(op.getScheduleAttr().getKind()))
                           .str();
    Location loc = op.getLoc();
    auto fn = func::FuncOp::create(rewriter, loc, name, type);
    fn.setPrivate();
    retention::markOutlinedKernel(fn);
    symbols.insert(fn); // renames on a clash: __retention_chunkwise_0, ...
    Block *entry = fn.addEntryBlock();
    rewriter.setInsertionPointToStart(entry);
    unsigned numOperands = op->getNumOperands();
    // Operands by position, not by value: q and k may be one SSA value here
    // and two different ones at the next call site.
    Operation *clone = rewriter.clone(*op);
    clone->setOperands(entry->getArguments().take_front(numOperands));
    SmallVector<Value> results;
    for (auto [value, dest] :
         llvm::zip_equal(clone->getResults(),
                         entry->getArguments().drop_front(numOperands)))
      results.push_back(bufferization::MaterializeInDestinationOp::create(
                            rewriter, loc, value, dest)
                            .getResult());
    func::ReturnOp::create(rewriter, loc, results);
    return fn;
  }
};
} // namespace
