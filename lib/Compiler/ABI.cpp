//===- ABI.cpp - the ABI manifest of a compiled module --------------------===//

#include "retnet/Compiler/ABI.h"

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace retnet::abi;

namespace {
std::optional<std::string> dtypeOf(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isF16())
    return "f16";
  if (t.isBF16())
    return "bf16";
  if (t.isF64())
    return "f64";
  if (t.isInteger(64))
    return "i64";
  if (t.isInteger(32))
    return "i32";
  if (t.isInteger(1))
    return "i1";
  return std::nullopt;
}

std::optional<TensorABI> describe(Type t) {
  TensorABI d;
  Type elt = t;
  if (auto shaped = dyn_cast<ShapedType>(t)) {
    if (!isa<RankedTensorType, MemRefType>(t) || !shaped.hasRank())
      return std::nullopt;
    for (int64_t n : shaped.getShape())
      d.shape.push_back(ShapedType::isDynamic(n) ? -1 : n);
    elt = shaped.getElementType();
  } else {
    d.scalar = true;
  }
  std::optional<std::string> dtype = dtypeOf(elt);
  if (!dtype)
    return std::nullopt;
  d.dtype = *dtype;
  return d;
}

} // namespace

std::vector<FunctionABI> retnet::abi::collectABI(ModuleOp module) {
  std::vector<FunctionABI> functions;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isDeclaration())
      continue;
    FunctionABI f;
    f.name = fn.getSymName().str();
    bool ok = true;
    auto add = [&](SmallVector<TensorABI> &list, Type t, StringRef what,
                   unsigned i) {
      std::optional<TensorABI> d = describe(t);
      if (!d) {
        if (ok)
          emitWarning(fn.getLoc())
              << "not in the ABI manifest: " << what << " " << i << " has type "
              << t
              << ", which the manifest cannot describe (ranked "
                 "tensors of f32, f16, bf16, f64, i64, i32, i1)";
        ok = false;
        return;
      }
      list.push_back(*d);
    };
    for (auto [i, t] : llvm::enumerate(fn.getArgumentTypes()))
      add(f.inputs, t, "input", i);
    for (auto [i, t] : llvm::enumerate(fn.getResultTypes()))
      add(f.outputs, t, "output", i);
    if (!ok)
      continue;
    if (fn.getBody().hasOneBlock()) {
      auto ret = dyn_cast<func::ReturnOp>(fn.getBody().front().getTerminator());
      llvm::SmallDenseSet<unsigned> aliased;
      for (auto [r, v] : llvm::enumerate(ret ? ret.getOperands()
                                             : OperandRange(nullptr, 0))) {
        auto op = v.getDefiningOp<retention::RetentionOp>();
        if (!op || v != op.getFinalState())
          continue;
        auto init = dyn_cast_or_null<BlockArgument>(op.getInitialState());
        if (!init || init.getOwner() != &fn.getBody().front() ||
            !init.hasOneUse() || init.getType() != v.getType() ||
            !aliased.insert(init.getArgNumber()).second)
          continue;
        f.aliases.push_back({static_cast<unsigned>(r), init.getArgNumber()});
      }
    }
    functions.push_back(std::move(f));
  }
  return functions;
}

void retnet::abi::writeABI(llvm::raw_ostream &os,
                           ArrayRef<FunctionABI> functions,
                           llvm::StringRef target, llvm::StringRef mcpu) {
  auto str = [](llvm::StringRef s) {
    std::string out;
    llvm::raw_string_ostream o(out);
    o << llvm::json::Value(s);
    return out;
  };
  auto tensors = [&](ArrayRef<TensorABI> list) {
    std::string out = "[";
    for (auto [i, t] : llvm::enumerate(list)) {
      if (i)
        out += ", ";
      out += "{\"shape\": [";
      for (auto [j, n] : llvm::enumerate(t.shape))
        out += (j ? ", " : "") + std::to_string(n);
      out += "], \"dtype\": " + str(t.dtype);
      if (t.scalar)
        out += ", \"scalar\": true";
      out += "}";
    }
    return out + "]";
  };
  os << "{\n  \"format\": \"retnet-abi\",\n  \"version\": 1,\n"
     << "  \"target\": " << str(target) << ",\n"
     << "  \"mcpu\": " << str(mcpu) << ",\n"
     << "  \"functions\": [";
  for (auto [i, f] : llvm::enumerate(functions)) {
    os << (i ? ",\n" : "\n") << "    {\"name\": " << str(f.name)
       << ", \"symbol\": " << str("_mlir_ciface_" + f.name)
       << ",\n     \"inputs\": " << tensors(f.inputs)
       << ",\n     \"outputs\": " << tensors(f.outputs)
       << ",\n     \"aliases\": [";
    for (auto [j, a] : llvm::enumerate(f.aliases))
      os << (j ? ", " : "") << "{\"output\": " << a.first
         << ", \"input\": " << a.second << "}";
    os << "]}";
  }
  os << (functions.empty() ? "]\n}\n" : "\n  ]\n}\n");
}
