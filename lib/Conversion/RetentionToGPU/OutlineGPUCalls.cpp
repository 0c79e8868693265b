//===- OutlineGPUCalls.cpp - retention-outline-gpu-calls ------------------===//

#include "GPULowering.h"

namespace mlir {
#define GEN_PASS_DEF_RETENTIONOUTLINEGPUCALLS
#include "retnet/Conversion/Passes.h.inc"
} // namespace mlir

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

namespace {
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
} // namespace
