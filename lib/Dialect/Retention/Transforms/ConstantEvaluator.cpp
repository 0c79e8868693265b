//===- ConstantEvaluator.cpp - evaluate constant tensor subgraphs ---------===//

#include "ConstantEvaluator.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::retention;

namespace {

bool supportedElementType(Type t) {
  return t.isF32() || t.isF64() || t.isIndex() || isa<IntegerType>(t);
}

/// Rounds `v` to what an element of type `t` can hold.
double roundTo(Type t, double v) {
  if (t.isF32())
    return static_cast<double>(static_cast<float>(v));
  if (t.isInteger(1))
    return v != 0.0 ? 1.0 : 0.0;
  if (!isa<FloatType>(t))
    return std::trunc(v); // fptosi and friends round toward zero
  return v;
}

int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// One scalar operation of a linalg.generic body, over value slots: block
/// arguments first, then outer scalar constants, then op results.
struct Instr {
  enum Kind {
    AddF,
    SubF,
    MulF,
    DivF,
    NegF,
    MaxF,
    MinF,
    AddI,
    SubI,
    MulI,
    XOrI,
    AndI,
    OrI,
    CmpF,
    CmpI,
    Select,
    Cast,
    Exp,
    Exp2,
    Sqrt,
    Rsqrt,
    Log,
    Log2,
    AbsF,
    PowF,
    Index
  } kind;
  int64_t a = -1, b = -1, c = -1; // operand slots (Index: the loop dim)
  int64_t predicate = 0;
  Type resultType;
};

bool compareF(arith::CmpFPredicate p, double x, double y) {
  bool unordered = std::isnan(x) || std::isnan(y);
  using P = arith::CmpFPredicate;
  switch (p) {
  case P::AlwaysFalse:
    return false;
  case P::AlwaysTrue:
    return true;
  case P::OEQ:
    return !unordered && x == y;
  case P::OGT:
    return !unordered && x > y;
  case P::OGE:
    return !unordered && x >= y;
  case P::OLT:
    return !unordered && x < y;
  case P::OLE:
    return !unordered && x <= y;
  case P::ONE:
    return !unordered && x != y;
  case P::ORD:
    return !unordered;
  case P::UEQ:
    return unordered || x == y;
  case P::UGT:
    return unordered || x > y;
  case P::UGE:
    return unordered || x >= y;
  case P::ULT:
    return unordered || x < y;
  case P::ULE:
    return unordered || x <= y;
  case P::UNE:
    return unordered || x != y;
  case P::UNO:
    return unordered;
  }
  return false;
}

bool compareI(arith::CmpIPredicate p, double x, double y) {
  using P = arith::CmpIPredicate;
  switch (p) {
  case P::eq:
    return x == y;
  case P::ne:
    return x != y;
  case P::slt:
  case P::ult:
    return x < y;
  case P::sle:
  case P::ule:
    return x <= y;
  case P::sgt:
  case P::ugt:
    return x > y;
  case P::sge:
  case P::uge:
    return x >= y;
  }
  return false;
}

double execute(const Instr &in, const double *s, ArrayRef<int64_t> point) {
  switch (in.kind) {
  case Instr::AddF:
  case Instr::AddI:
    return s[in.a] + s[in.b];
  case Instr::SubF:
  case Instr::SubI:
    return s[in.a] - s[in.b];
  case Instr::MulF:
  case Instr::MulI:
    return s[in.a] * s[in.b];
  case Instr::DivF:
    return s[in.a] / s[in.b];
  case Instr::NegF:
    return -s[in.a];
  case Instr::MaxF:
    return std::isnan(s[in.a]) || std::isnan(s[in.b])
               ? std::numeric_limits<double>::quiet_NaN()
               : std::max(s[in.a], s[in.b]);
  case Instr::MinF:
    return std::isnan(s[in.a]) || std::isnan(s[in.b])
               ? std::numeric_limits<double>::quiet_NaN()
               : std::min(s[in.a], s[in.b]);
  case Instr::XOrI:
    return static_cast<double>(static_cast<int64_t>(s[in.a]) ^
                               static_cast<int64_t>(s[in.b]));
  case Instr::AndI:
    return static_cast<double>(static_cast<int64_t>(s[in.a]) &
                               static_cast<int64_t>(s[in.b]));
  case Instr::OrI:
    return static_cast<double>(static_cast<int64_t>(s[in.a]) |
                               static_cast<int64_t>(s[in.b]));
  case Instr::CmpF:
    return compareF(static_cast<arith::CmpFPredicate>(in.predicate), s[in.a],
                    s[in.b]);
  case Instr::CmpI:
    return compareI(static_cast<arith::CmpIPredicate>(in.predicate), s[in.a],
                    s[in.b]);
  case Instr::Select:
    return s[in.a] != 0.0 ? s[in.b] : s[in.c];
  case Instr::Cast:
    return s[in.a];
  case Instr::Exp:
    return std::exp(s[in.a]);
  case Instr::Exp2:
    return std::exp2(s[in.a]);
  case Instr::Sqrt:
    return std::sqrt(s[in.a]);
  case Instr::Rsqrt:
    return 1.0 / std::sqrt(s[in.a]);
  case Instr::Log:
    return std::log(s[in.a]);
  case Instr::Log2:
    return std::log2(s[in.a]);
  case Instr::AbsF:
    return std::fabs(s[in.a]);
  case Instr::PowF:
    return std::pow(s[in.a], s[in.b]);
  case Instr::Index:
    return static_cast<double>(point[in.a]);
  }
  return 0.0;
}

std::optional<Instr::Kind> kindOf(Operation *op) {
  using K = Instr::Kind;
  return llvm::TypeSwitch<Operation *, std::optional<K>>(op)
      .Case([](arith::AddFOp) { return K::AddF; })
      .Case([](arith::SubFOp) { return K::SubF; })
      .Case([](arith::MulFOp) { return K::MulF; })
      .Case([](arith::DivFOp) { return K::DivF; })
      .Case([](arith::NegFOp) { return K::NegF; })
      .Case<arith::MaximumFOp, arith::MaxNumFOp>([](auto) { return K::MaxF; })
      .Case<arith::MinimumFOp, arith::MinNumFOp>([](auto) { return K::MinF; })
      .Case([](arith::AddIOp) { return K::AddI; })
      .Case([](arith::SubIOp) { return K::SubI; })
      .Case([](arith::MulIOp) { return K::MulI; })
      .Case([](arith::XOrIOp) { return K::XOrI; })
      .Case([](arith::AndIOp) { return K::AndI; })
      .Case([](arith::OrIOp) { return K::OrI; })
      .Case([](arith::CmpFOp) { return K::CmpF; })
      .Case([](arith::CmpIOp) { return K::CmpI; })
      .Case([](arith::SelectOp) { return K::Select; })
      .Case<arith::SIToFPOp, arith::UIToFPOp, arith::FPToSIOp, arith::ExtFOp,
            arith::TruncFOp, arith::IndexCastOp, arith::ExtSIOp,
            arith::ExtUIOp>([](auto) { return K::Cast; })
      .Case([](math::ExpOp) { return K::Exp; })
      .Case([](math::Exp2Op) { return K::Exp2; })
      .Case([](math::SqrtOp) { return K::Sqrt; })
      .Case([](math::RsqrtOp) { return K::Rsqrt; })
      .Case([](math::LogOp) { return K::Log; })
      .Case([](math::Log2Op) { return K::Log2; })
      .Case([](math::AbsFOp) { return K::AbsF; })
      .Case([](math::PowFOp) { return K::PowF; })
      .Case([](linalg::IndexOp) { return K::Index; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The value of a scalar constant, if `v` is one of a supported type.
std::optional<double> scalarConstant(Value v) {
  Attribute attr;
  if (!supportedElementType(v.getType()) || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return roundTo(v.getType(), f.getValueAsDouble());
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return v.getType().isInteger(1)
               ? static_cast<double>(i.getValue().getZExtValue())
               : static_cast<double>(i.getValue().getSExtValue());
  return std::nullopt;
}

int64_t evalAffine(AffineExpr e, ArrayRef<int64_t> point) {
  if (auto d = dyn_cast<AffineDimExpr>(e))
    return point[d.getPosition()];
  if (auto c = dyn_cast<AffineConstantExpr>(e))
    return c.getValue();
  auto bin = cast<AffineBinaryOpExpr>(e);
  int64_t l = evalAffine(bin.getLHS(), point);
  int64_t r = evalAffine(bin.getRHS(), point);
  switch (e.getKind()) {
  case AffineExprKind::Add:
    return l + r;
  case AffineExprKind::Mul:
    return l * r;
  case AffineExprKind::Mod:
    return ((l % r) + r) % r;
  case AffineExprKind::FloorDiv:
    return l / r - ((l % r != 0) && ((l < 0) != (r < 0)));
  case AffineExprKind::CeilDiv:
    return l / r + ((l % r != 0) && ((l < 0) == (r < 0)));
  default:
    return 0;
  }
}

class Evaluator {
public:
  explicit Evaluator(int64_t maxWork) : budget(maxWork) {}

  /// Reads `v` as a tensor filled with `value` wherever it is used.
  void setSplat(Value v, double value) {
    splat = v;
    splatValue = value;
  }

  const EvaluatedTensor *eval(Value v) {
    auto it = memo.find(v);
    if (it != memo.end())
      return it->second.get();
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || !type.hasStaticShape() ||
        !supportedElementType(type.getElementType()))
      return nullptr;
    std::optional<EvaluatedTensor> t = compute(v, type);
    if (!t)
      return nullptr;
    auto &slot = memo[v];
    slot = std::make_unique<EvaluatedTensor>(std::move(*t));
    return slot.get();
  }

private:
  bool spend(int64_t work) {
    budget -= work;
    return budget >= 0;
  }

  std::optional<EvaluatedTensor> compute(Value v, RankedTensorType type) {
    EvaluatedTensor out;
    out.shape.assign(type.getShape().begin(), type.getShape().end());
    int64_t n = numElements(out.shape);
    if (!spend(n))
      return std::nullopt;
    Type elem = type.getElementType();
    if (v == splat) {
      out.data.assign(n, roundTo(elem, splatValue));
      return out;
    }
    Operation *def = v.getDefiningOp();
    if (!def)
      return std::nullopt;
    Attribute attr;
    if (matchPattern(v, m_Constant(&attr)))
      return fromAttribute(attr, elem, std::move(out), n);
    if (isa<tensor::EmptyOp>(def)) {
      out.data.assign(n, 0.0);
      return out;
    }
    if (auto fill = dyn_cast<linalg::FillOp>(def)) {
      std::optional<double> s = scalarConstant(fill.getInputs()[0]);
      if (!s)
        return std::nullopt;
      out.data.assign(n, roundTo(elem, *s));
      return out;
    }
    // Reshapes keep the row-major order of the data.
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(
            def)) {
      const EvaluatedTensor *src = eval(def->getOperand(0));
      if (!src)
        return std::nullopt;
      out.data = src->data;
      return out;
    }
    // linalg.generic and the named ops with a scalar body (transpose,
    // broadcast, elementwise, matmul, ...), through their indexing maps.
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(def))
      return evalLinalg(linalgOp, cast<OpResult>(v).getResultNumber());
    return std::nullopt;
  }

  std::optional<EvaluatedTensor> fromAttribute(Attribute attr, Type elem,
                                               EvaluatedTensor out, int64_t n) {
    out.data.reserve(n);
    if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
      if (isa<FloatType>(elem)) {
        for (APFloat x : dense.getValues<APFloat>())
          out.data.push_back(roundTo(elem, x.convertToDouble()));
      } else {
        bool isBool = elem.isInteger(1);
        for (APInt x : dense.getValues<APInt>())
          out.data.push_back(static_cast<double>(
              isBool ? static_cast<int64_t>(x.getZExtValue())
                     : x.getSExtValue()));
      }
    } else if (auto res = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
      std::optional<ArrayRef<float>> data = res.tryGetAsArrayRef();
      if (!data)
        return std::nullopt;
      out.data.assign(data->begin(), data->end());
    } else if (auto res = dyn_cast<DenseF64ResourceElementsAttr>(attr)) {
      std::optional<ArrayRef<double>> data = res.tryGetAsArrayRef();
      if (!data)
        return std::nullopt;
      out.data.assign(data->begin(), data->end());
    } else if (auto res = dyn_cast<DenseI64ResourceElementsAttr>(attr)) {
      std::optional<ArrayRef<int64_t>> data = res.tryGetAsArrayRef();
      if (!data)
        return std::nullopt;
      out.data.assign(data->begin(), data->end());
    } else {
      return std::nullopt;
    }
    if (static_cast<int64_t>(out.data.size()) != n)
      return std::nullopt;
    return out;
  }

  /// Visits every point of `ranges` in row-major order.
  template <typename Fn>
  static void forEachPoint(ArrayRef<int64_t> ranges, Fn fn) {
    SmallVector<int64_t> point(ranges.size(), 0);
    int64_t total = numElements(ranges);
    for (int64_t i = 0; i < total; ++i) {
      fn(ArrayRef<int64_t>(point));
      for (int64_t d = static_cast<int64_t>(ranges.size()) - 1; d >= 0; --d) {
        if (++point[d] < ranges[d])
          break;
        point[d] = 0;
      }
    }
  }

  static int64_t linearIndex(AffineMap map, ArrayRef<int64_t> shape,
                             ArrayRef<int64_t> point) {
    int64_t idx = 0;
    for (auto [e, size] : llvm::zip_equal(map.getResults(), shape)) {
      int64_t i = evalAffine(e, point);
      if (i < 0 || i >= size)
        return -1;
      idx = idx * size + i;
    }
    return idx;
  }

  std::optional<EvaluatedTensor> evalLinalg(linalg::LinalgOp op,
                                            unsigned resultNumber) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic))
      return std::nullopt;
    if (!spend(numElements(ranges)))
      return std::nullopt;

    // Operands: all inputs and inits.
    SmallVector<const EvaluatedTensor *> operands;
    for (OpOperand &operand : op->getOpOperands()) {
      const EvaluatedTensor *t = eval(operand.get());
      if (!t)
        return std::nullopt;
      operands.push_back(t);
    }

    // Compile the body into slots.
    if (!op.hasPureTensorSemantics())
      return std::nullopt;
    Block &body = *op.getBlock();
    llvm::DenseMap<Value, int64_t> slotOf;
    SmallVector<double> slots;
    for (BlockArgument arg : body.getArguments()) {
      if (!supportedElementType(arg.getType()))
        return std::nullopt;
      slotOf[arg] = static_cast<int64_t>(slots.size());
      slots.push_back(0.0);
    }
    auto slotFor = [&](Value v) -> int64_t {
      auto it = slotOf.find(v);
      if (it != slotOf.end())
        return it->second;
      std::optional<double> c = scalarConstant(v);
      if (!c)
        return -1;
      slotOf[v] = static_cast<int64_t>(slots.size());
      slots.push_back(*c);
      return slotOf[v];
    };
    SmallVector<Instr> program;
    SmallVector<int64_t> resultSlots;
    for (Operation &inner : body) {
      if (auto yield = dyn_cast<linalg::YieldOp>(inner)) {
        for (Value y : yield.getValues()) {
          int64_t s = slotFor(y);
          if (s < 0)
            return std::nullopt;
          resultSlots.push_back(s);
        }
        continue;
      }
      if (isa<arith::ConstantOp>(inner) && inner.getNumResults() == 1) {
        if (slotFor(inner.getResult(0)) < 0)
          return std::nullopt;
        continue;
      }
      std::optional<Instr::Kind> kind = kindOf(&inner);
      if (!kind || inner.getNumResults() != 1 ||
          !supportedElementType(inner.getResult(0).getType()))
        return std::nullopt;
      Instr instr{*kind};
      instr.resultType = inner.getResult(0).getType();
      if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
        instr.a = index.getDim();
      } else {
        SmallVector<int64_t, 3> ops;
        for (Value operand : inner.getOperands()) {
          int64_t s = slotFor(operand);
          if (s < 0)
            return std::nullopt;
          ops.push_back(s);
        }
        if (ops.empty() || ops.size() > 3)
          return std::nullopt;
        instr.a = ops[0];
        instr.b = ops.size() > 1 ? ops[1] : -1;
        instr.c = ops.size() > 2 ? ops[2] : -1;
      }
      if (auto cmp = dyn_cast<arith::CmpFOp>(inner))
        instr.predicate = static_cast<int64_t>(cmp.getPredicate());
      if (auto cmp = dyn_cast<arith::CmpIOp>(inner))
        instr.predicate = static_cast<int64_t>(cmp.getPredicate());
      slotOf[inner.getResult(0)] = static_cast<int64_t>(slots.size());
      slots.push_back(0.0);
      program.push_back(instr);
    }
    // Result slots of the program follow in order: map op results to them.
    SmallVector<int64_t> programSlots;
    for (Operation &inner : body)
      if (!isa<linalg::YieldOp, arith::ConstantOp>(inner))
        programSlots.push_back(slotOf[inner.getResult(0)]);

    // Outputs start as the inits.
    unsigned numInputs = op.getNumDpsInputs();
    SmallVector<EvaluatedTensor> results;
    for (unsigned i = 0; i < op.getNumDpsInits(); ++i)
      results.push_back(*operands[numInputs + i]);
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    SmallVector<Type> resultElem;
    for (Value r : op->getResults())
      resultElem.push_back(
          cast<RankedTensorType>(r.getType()).getElementType());

    bool ok = true;
    forEachPoint(ranges, [&](ArrayRef<int64_t> point) {
      if (!ok)
        return;
      for (unsigned i = 0; i < operands.size(); ++i) {
        const EvaluatedTensor &t =
            i < numInputs ? *operands[i] : results[i - numInputs];
        int64_t idx = linearIndex(maps[i], t.shape, point);
        if (idx < 0) {
          ok = false;
          return;
        }
        slots[i] = t.data[idx];
      }
      for (auto [instr, slot] : llvm::zip_equal(program, programSlots))
        slots[slot] =
            roundTo(instr.resultType, execute(instr, slots.data(), point));
      for (unsigned r = 0; r < results.size(); ++r) {
        int64_t idx = linearIndex(maps[numInputs + r], results[r].shape, point);
        results[r].data[idx] = roundTo(resultElem[r], slots[resultSlots[r]]);
      }
    });
    if (!ok)
      return std::nullopt;
    return std::move(results[resultNumber]);
  }

  int64_t budget;
  Value splat;
  double splatValue = 0.0;
  llvm::DenseMap<Value, std::unique_ptr<EvaluatedTensor>> memo;
};

} // namespace

std::optional<EvaluatedTensor>
mlir::retention::evaluateConstantTensor(Value value, int64_t maxWork) {
  Evaluator evaluator(maxWork);
  const EvaluatedTensor *t = evaluator.eval(value);
  if (!t)
    return std::nullopt;
  return *t;
}

std::optional<EvaluatedTensor>
mlir::retention::evaluateWithSplat(Value value, Value splat, double splatValue,
                                   int64_t maxWork) {
  Evaluator evaluator(maxWork);
  evaluator.setSplat(splat, splatValue);
  const EvaluatedTensor *t = evaluator.eval(value);
  if (!t)
    return std::nullopt;
  return *t;
}
