//===- RaiseMatch.cpp - find retention written out in linalg --------------===//

#include "RaiseMatch.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::raise;

namespace {

/// Iteration points the ConstantEvaluator may visit per factor. fla's mask
/// subgraph reads up to H * T^2 ~ 2^22 (H = 8, T ~ 700; 2.5 s, 400 MB);
/// larger masks are not read and the graph stays as written.
constexpr int64_t kEvalWork = int64_t(1) << 26;

/// A static, non-empty f32 tensor type (the index algebra assumes no zero
/// sizes).
bool staticF32(Type t) {
  auto type = dyn_cast<RankedTensorType>(t);
  return type && type.hasStaticShape() && type.getNumElements() > 0 &&
         type.getElementType().isF32();
}

/// Which values are computed from constants only, by ops the
/// ConstantEvaluator interprets (a structural check; evaluation may still
/// fail on an unsupported body op or the work limit).
class ConstantOracle {
public:
  bool isConstant(Value v) {
    auto it = memo.find(v);
    if (it != memo.end())
      return it->second;
    memo[v] = false; // no cycles in SSA, but stay safe
    bool r = compute(v);
    memo[v] = r;
    return r;
  }

private:
  bool compute(Value v) {
    if (matchPattern(v, m_Constant()))
      return true;
    Operation *def = v.getDefiningOp();
    if (!def)
      return false;
    if (isa<tensor::EmptyOp>(def))
      return true;
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(
            def))
      return isConstant(def->getOperand(0));
    auto linalgOp = dyn_cast<linalg::LinalgOp>(def);
    if (!linalgOp || !linalgOp.hasPureTensorSemantics())
      return false;
    for (Value operand : def->getOperands())
      if (!isConstant(operand))
        return false;
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(def->getRegions(), captured);
    return llvm::all_of(captured,
                        [](Value c) { return matchPattern(c, m_Constant()); });
  }

  llvm::DenseMap<Value, bool> memo;
};

/// A transparent op (see RaiseMatch.h) and its one non-constant operand.
struct Step {
  Operation *op;
  unsigned operand;
  bool hasFactor; // an elementwise body, not a plain copy
};

bool dependsOn(Value y, Value x, Block *body) {
  if (y == x)
    return true;
  Operation *def = y.getDefiningOp();
  if (!def || def->getBlock() != body)
    return false;
  return llvm::any_of(def->getOperands(),
                      [&](Value o) { return dependsOn(o, x, body); });
}

/// `y` is `x` times something independent of `x` (per element).
bool isLinearIn(Value y, Value x, Block *body,
                function_ref<bool(Value)> isZero) {
  if (y == x)
    return true;
  Operation *def = y.getDefiningOp();
  if (!def || def->getBlock() != body)
    return false;
  auto linear = [&](Value v) { return isLinearIn(v, x, body, isZero); };
  auto free = [&](Value v) { return !dependsOn(v, x, body); };
  if (auto mul = dyn_cast<arith::MulFOp>(def))
    return (linear(mul.getLhs()) && free(mul.getRhs())) ||
           (free(mul.getLhs()) && linear(mul.getRhs()));
  if (auto div = dyn_cast<arith::DivFOp>(def))
    return linear(div.getLhs()) && free(div.getRhs());
  if (auto neg = dyn_cast<arith::NegFOp>(def))
    return linear(neg.getOperand());
  if (auto sel = dyn_cast<arith::SelectOp>(def)) {
    // where(c, x * f, 0) and masked_fill(x, c, 0).
    auto branch = [&](Value v) {
      return dependsOn(v, x, body) ? linear(v) : isZero(v);
    };
    return free(sel.getCondition()) && branch(sel.getTrueValue()) &&
           branch(sel.getFalseValue()) && !free(y);
  }
  return false;
}

std::optional<Step> asStep(Operation *op, ConstantOracle &oracle) {
  if (op->getNumResults() != 1 || !staticF32(op->getResult(0).getType()))
    return std::nullopt;
  if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp, tensor::CastOp>(op))
    return staticF32(op->getOperand(0).getType())
               ? std::optional<Step>(Step{op, 0, false})
               : std::nullopt;
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumParallelLoops() != linalgOp.getNumLoops() ||
      linalgOp.payloadUsesValueFromOperand(linalgOp.getDpsInitOperand(0)))
    return std::nullopt;
  std::optional<unsigned> traced;
  for (OpOperand *in : linalgOp.getDpsInputOperands()) {
    if (oracle.isConstant(in->get()))
      continue;
    if (traced)
      return std::nullopt; // two operands that vary: not a scaling
    traced = in->getOperandNumber();
  }
  if (!traced || !staticF32(op->getOperand(*traced).getType()))
    return std::nullopt;
  OpOperand &tracedOperand = op->getOpOperand(*traced);
  if (!linalgOp.getMatchingIndexingMap(&tracedOperand).isPermutation() ||
      !linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0))
           .isPermutation())
    return std::nullopt;
  Block *body = linalgOp.getBlock();
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return std::nullopt;
  Value x = linalgOp.getMatchingBlockArgument(&tracedOperand);
  auto isZero = [&](Value v) {
    if (matchPattern(v, m_AnyZeroFloat()))
      return true;
    auto arg = dyn_cast<BlockArgument>(v);
    if (!arg || arg.getOwner() != body)
      return false;
    std::optional<EvaluatedTensor> t =
        evaluateConstantTensor(op->getOperand(arg.getArgNumber()), kEvalWork);
    return t && llvm::all_of(t->data, [](double d) { return d == 0.0; });
  };
  if (!isLinearIn(yield.getOperand(0), x, body, isZero))
    return std::nullopt;
  return Step{op, *traced, yield.getOperand(0) != x};
}

/// The factor `y` of a body yielding `x * y` (or `y * x`) where `y` is a
/// scalar constant or read from a constant operand through a projected
/// permutation: that operand and its layout, from the loops' atoms `loops`.
/// Reading it directly skips the op's whole iteration space (B times a
/// [H, T, T] mask on the scores).
std::optional<MaskFactor> operandFactor(linalg::LinalgOp op, Value x,
                                        ArrayRef<SmallVector<int, 2>> loops) {
  Block *body = op.getBlock();
  auto mul =
      body->getTerminator()->getOperand(0).getDefiningOp<arith::MulFOp>();
  if (!mul || mul->getBlock() != body)
    return std::nullopt;
  Value y = mul.getLhs() == x   ? mul.getRhs()
            : mul.getRhs() == x ? mul.getLhs()
                                : Value();
  FloatAttr c;
  if (y && matchPattern(y, m_Constant(&c)))
    return MaskFactor{EvaluatedTensor{{}, {c.getValueAsDouble()}}, {}};
  auto arg = dyn_cast_or_null<BlockArgument>(y);
  if (!arg || arg.getOwner() != body ||
      arg.getArgNumber() >= op.getNumDpsInputs())
    return std::nullopt;
  OpOperand *operand = op.getDpsInputOperand(arg.getArgNumber());
  auto type = cast<RankedTensorType>(operand->get().getType());
  AffineMap map = op.getMatchingIndexingMap(operand);
  Layout layout;
  for (auto [j, e] : llvm::enumerate(map.getResults())) {
    if (auto d = dyn_cast<AffineDimExpr>(e))
      layout.push_back(loops[d.getPosition()]);
    else if (type.getDimSize(j) == 1 && isa<AffineConstantExpr>(e))
      layout.emplace_back(); // a unit dim read at its only index
    else
      return std::nullopt;
  }
  std::optional<EvaluatedTensor> values =
      evaluateConstantTensor(operand->get(), kEvalWork);
  if (!values)
    return std::nullopt;
  return MaskFactor{std::move(*values), std::move(layout)};
}

/// The factor of a Step with a body and its layout, given the layout of the
/// op's result: from the constant operand where operandFactor applies, else
/// the op evaluated with its traced operand set to 1.
std::optional<MaskFactor> factorOf(const Step &s, const Layout &result) {
  auto op = cast<linalg::LinalgOp>(s.op);
  Value x = op.getMatchingBlockArgument(&s.op->getOpOperand(s.operand));
  SmallVector<SmallVector<int, 2>> loops(op.getNumLoops());
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (unsigned j = 0; j < outMap.getNumResults(); ++j)
    loops[outMap.getDimPosition(j)] = result[j];
  if (std::optional<MaskFactor> f = operandFactor(op, x, loops))
    return f;
  std::optional<EvaluatedTensor> g = evaluateWithSplat(
      s.op->getResult(0), s.op->getOperand(s.operand), 1.0, kEvalWork);
  if (!g)
    return std::nullopt;
  return MaskFactor{std::move(*g), result};
}

/// The factor of a Step as one number, when it is the same everywhere.
std::optional<double> uniformFactor(const Step &s, const Layout &result) {
  std::optional<MaskFactor> f = factorOf(s, result);
  if (!f || f->values.data.empty() ||
      llvm::any_of(f->values.data,
                   [&](double d) { return d != f->values.data[0]; }))
    return std::nullopt;
  return f->values.data[0];
}

/// A tensor found through transparent ops with uniform factors.
struct Traced {
  Value value;
  Layout layout;
  double scale = 1.0;
};

/// From `v` (layout `layout`) back toward where it is computed, through
/// transparent ops with a uniform factor; stops where that is not so.
Traced traceSource(Atoms &atoms, ConstantOracle &oracle, Value v,
                   Layout layout) {
  Traced t{v, std::move(layout)};
  while (Operation *def = t.value.getDefiningOp()) {
    std::optional<Step> s = asStep(def, oracle);
    if (!s)
      break;
    FailureOr<Layout> in = propagateBackward(atoms, def, s->operand, t.layout);
    if (failed(in))
      break;
    double f = 1.0;
    if (s->hasFactor) {
      std::optional<double> u = uniformFactor(*s, t.layout);
      if (!u)
        break;
      f = *u;
    }
    t = Traced{def->getOperand(s->operand), std::move(*in), t.scale * f};
  }
  return t;
}

/// From `v` forward through its only users while they are transparent ops
/// with a uniform factor.
Traced traceSink(Atoms &atoms, ConstantOracle &oracle, Value v, Layout layout) {
  Traced t{v, std::move(layout)};
  while (t.value.hasOneUse()) {
    OpOperand &use = *t.value.getUses().begin();
    std::optional<Step> s = asStep(use.getOwner(), oracle);
    if (!s || s->operand != use.getOperandNumber())
      break;
    FailureOr<Layout> out =
        propagateForward(atoms, s->op, s->operand, t.layout);
    if (failed(out))
      break;
    double f = 1.0;
    if (s->hasFactor) {
      std::optional<double> u = uniformFactor(*s, *out);
      if (!u)
        break;
      f = *u;
    }
    t = Traced{s->op->getResult(0), std::move(*out), t.scale * f};
  }
  return t;
}

/// A contraction as retention-raise takes it: f32, static, zero init.
struct Contraction {
  linalg::LinalgOp op;
  linalg::ContractionDimensions dims;
  SmallVector<SmallVector<int, 2>> loops; // atoms of each loop
};

bool isZeroTensor(Value v) {
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
  DenseFPElementsAttr dense;
  return matchPattern(v, m_Constant(&dense)) && dense.isSplat() &&
         dense.getSplatValue<APFloat>().isZero();
}

std::optional<Contraction> asContraction(Operation *op) {
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!linalgOp || !linalgOp.hasPureTensorSemantics() ||
      op->getNumResults() != 1 || !linalg::isaContractionOpInterface(linalgOp))
    return std::nullopt;
  for (Value operand : op->getOperands())
    if (!staticF32(operand.getType()))
      return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(linalgOp);
  if (failed(dims) || dims->k.empty() ||
      dims->batch.size() + dims->m.size() + dims->n.size() + dims->k.size() !=
          linalgOp.getNumLoops() ||
      !isZeroTensor(linalgOp.getDpsInits()[0]))
    return std::nullopt;
  return Contraction{linalgOp, *dims, {}};
}

/// Names every loop of `c` with a new atom (none for unit loops).
void nameLoops(Atoms &atoms, Contraction &c) {
  for (int64_t size : c.op.getStaticLoopRanges())
    c.loops.push_back(size > 1 ? SmallVector<int, 2>{atoms.create(size)}
                               : SmallVector<int, 2>{});
}

Layout operandLayout(Contraction &c, unsigned operand) {
  return layoutThroughMap(
      c.op.getMatchingIndexingMap(&c.op->getOpOperand(operand)), c.loops);
}

SmallVector<int, 2> loopAtoms(const Atoms &atoms, const Contraction &c,
                              ArrayRef<unsigned> loops) {
  SmallVector<int, 2> out;
  for (unsigned l : loops)
    llvm::append_range(out, c.loops[l]);
  return atoms.leaves(out);
}

bool sameSet(SmallVector<int, 2> a, SmallVector<int, 2> b) {
  llvm::sort(a);
  llvm::sort(b);
  return a == b;
}

/// The match with operand `pIdx` of `pv` as the decayed scores.
FailureOr<RetentionMatch> matchWithScores(Contraction pv, unsigned pIdx,
                                          StringRef &why) {
  RetentionMatch m;
  Atoms &atoms = m.atoms;
  ConstantOracle oracle;

  // Scores back to the q k^T contraction: transparent ops, used once each.
  SmallVector<Step> steps;
  Value cur = pv.op->getOperand(pIdx);
  std::optional<Contraction> qk;
  while (!(qk = asContraction(cur.getDefiningOp()))) {
    Operation *def = cur.getDefiningOp();
    std::optional<Step> s = def ? asStep(def, oracle) : std::nullopt;
    if (!s)
      return why = "operand not scores times constants", failure();
    if (!cur.hasOneUse())
      return why = "scores used elsewhere", failure();
    steps.push_back(*s);
    cur = def->getOperand(s->operand);
  }
  if (!cur.hasOneUse())
    return why = "scores used elsewhere", failure();
  nameLoops(atoms, *qk);
  Layout layout = layoutThroughMap(
      qk->op.getMatchingIndexingMap(qk->op.getDpsInitOperand(0)), qk->loops);
  SmallVector<MaskFactor> factors;
  for (const Step &s : llvm::reverse(steps)) {
    FailureOr<Layout> next = propagateForward(atoms, s.op, s.operand, layout);
    if (failed(next))
      return why = "scores reshaped across their indices", failure();
    layout = std::move(*next);
    if (!s.hasFactor)
      continue;
    std::optional<MaskFactor> f = factorOf(s, layout);
    if (!f)
      return why = "mask not computable from constants", failure();
    factors.push_back(std::move(*f));
  }

  // The loops of pv: from the scores, plus the value features.
  AffineMap pMap = pv.op.getMatchingIndexingMap(&pv.op->getOpOperand(pIdx));
  pv.loops.assign(pv.op.getNumLoops(), {});
  SmallVector<bool> named(pv.op.getNumLoops(), false);
  for (unsigned j = 0; j < pMap.getNumResults(); ++j) {
    pv.loops[pMap.getDimPosition(j)] = layout[j];
    named[pMap.getDimPosition(j)] = true;
  }
  for (auto [l, size] : llvm::enumerate(pv.op.getStaticLoopRanges()))
    if (!named[l] && size > 1)
      pv.loops[l] = {atoms.create(size)};

  // Index roles.
  ArrayRef<unsigned> pFree = pIdx == 0 ? pv.dims.m : pv.dims.n;
  ArrayRef<unsigned> vFree = pIdx == 0 ? pv.dims.n : pv.dims.m;
  SmallVector<int, 2> tq = loopAtoms(atoms, pv, pFree);
  SmallVector<int, 2> tk = loopAtoms(atoms, pv, pv.dims.k);
  if (tq.size() != 1 || tk.size() != 1 ||
      atoms.size(tq[0]) != atoms.size(tk[0]))
    return why = "not one query and one key index of one length", failure();
  m.queryTime = tq[0];
  m.keyTime = tk[0];
  SmallVector<int, 2> qkM = loopAtoms(atoms, *qk, qk->dims.m);
  SmallVector<int, 2> qkN = loopAtoms(atoms, *qk, qk->dims.n);
  unsigned qIdx;
  if (qkM == tq && qkN == tk)
    qIdx = 0;
  else if (qkM == tk && qkN == tq)
    qIdx = 1;
  else
    return why = "the products do not share query and key indices", failure();
  SmallVector<int, 2> batch = loopAtoms(atoms, *qk, qk->dims.batch);
  if (!sameSet(batch, loopAtoms(atoms, pv, pv.dims.batch)))
    return why = "the products have different batch indices", failure();

  // q, k, v where they are computed; the output where it is used.
  Traced q = traceSource(atoms, oracle, qk->op->getOperand(qIdx),
                         operandLayout(*qk, qIdx));
  Traced k = traceSource(atoms, oracle, qk->op->getOperand(1 - qIdx),
                         operandLayout(*qk, 1 - qIdx));
  Traced v = traceSource(atoms, oracle, pv.op->getOperand(1 - pIdx),
                         operandLayout(pv, 1 - pIdx));
  Traced out =
      traceSink(atoms, oracle, pv.op->getResult(0),
                layoutThroughMap(pv.op.getIndexingMapMatchingResult(
                                     cast<OpResult>(pv.op->getResult(0))),
                                 pv.loops));

  FailureOr<MaskInfo> mask = analyzeMaskFactors(
      atoms, atoms.leaves(batch), m.queryTime, m.keyTime, factors, why);
  if (failed(mask))
    return failure();
  m.q = q.value;
  m.k = k.value;
  m.v = v.value;
  m.result = out.value;
  m.qLayout = std::move(q.layout);
  m.kLayout = std::move(k.layout);
  m.vLayout = std::move(v.layout);
  m.resultLayout = std::move(out.layout);
  m.batch = mask->batch;
  m.heads = mask->heads;
  m.keyFeatures = loopAtoms(atoms, *qk, qk->dims.k);
  m.valueFeatures = loopAtoms(atoms, pv, vFree);
  m.logDecay = mask->logDecay;
  m.normalized = mask->normalized;
  m.scale = q.scale * k.scale * v.scale * out.scale * mask->scale;
  return m;
}

} // namespace

FailureOr<RetentionMatch>
mlir::retention::raise::matchRetention(linalg::LinalgOp pv, StringRef &why) {
  std::optional<Contraction> c = asContraction(pv);
  if (!c)
    return why = "not an f32 contraction into zeros", failure();
  StringRef first;
  for (unsigned pIdx : {0u, 1u}) {
    FailureOr<RetentionMatch> m = matchWithScores(*c, pIdx, why);
    if (succeeded(m))
      return m;
    if (pIdx == 0)
      first = why;
  }
  why = first;
  return failure();
}
