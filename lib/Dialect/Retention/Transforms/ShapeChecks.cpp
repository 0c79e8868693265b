//===- ShapeChecks.cpp - run-time extent checks of entry points -----------===//
//
// retention-insert-shape-checks (on tensors, before any lowering) derives,
// for each public function, the pairs of operand extents its ops require
// equal and that the types do not prove equal; retention-emit-shape-checks
// (after bufferization) compares them at the function's entry and returns
// early, through the artifact runtime's error status, when one differs.
//
// Why two passes: the requirements are only visible on the retention and
// linalg ops, which the lowering removes; the early return is only cheap
// after bufferization, when the outputs are the caller's out-parameters. An
// scf.if around the body at tensor level would have to yield tensors on the
// failure path, and the yielded results would no longer be the allocations
// that buffer-results-to-out-params replaces by the out-parameters: every
// statically shaped output (a decode step's state) would gain a copy.
//
//===----------------------------------------------------------------------===//

#include "retnet/Dialect/Retention/IR/RetentionDialect.h"
#include "retnet/Dialect/Retention/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <set>
#include <tuple>

namespace mlir::retention {
#define GEN_PASS_DEF_RETENTIONINSERTSHAPECHECKS
#define GEN_PASS_DEF_RETENTIONEMITSHAPECHECKS
#include "retnet/Dialect/Retention/Transforms/Passes.h.inc"
} // namespace mlir::retention

using namespace mlir;
using namespace mlir::retention;

namespace {

/// Where an extent comes from: a constant, an extent of one of the
/// function's arguments, or somewhere this analysis does not follow.
struct Source {
  enum Kind { Unknown, Const, Arg } kind = Unknown;
  int64_t a = 0; ///< the constant, or the argument index
  int64_t b = 0; ///< the argument's dim
  static Source constant(int64_t v) { return {Const, v, 0}; }
  static Source arg(int64_t i, int64_t d) { return {Arg, i, d}; }
  bool known() const { return kind != Unknown; }
  bool operator==(const Source &o) const {
    return kind == o.kind && a == o.a && (kind != Arg || b == o.b);
  }
};

/// Traces extents back to the function's arguments.
class Resolver {
public:
  explicit Resolver(func::FuncOp fn) : entry(&fn.getBody().front()) {}

  Source resolve(Value v, int64_t d, int depth = 0) {
    auto type = dyn_cast<ShapedType>(v.getType());
    if (!type || !type.hasRank() || d < 0 || d >= type.getRank())
      return {};
    if (!type.isDynamicDim(d))
      return Source::constant(type.getDimSize(d));
    if (auto arg = dyn_cast<BlockArgument>(v))
      return arg.getOwner() == entry ? Source::arg(arg.getArgNumber(), d)
                                     : Source();
    if (depth > kMaxDepth)
      return {};
    auto key = std::make_pair(v, d);
    auto it = memo.find(key);
    if (it != memo.end())
      return it->second;
    Source s = resolveDefined(cast<OpResult>(v), d, depth + 1);
    memo[key] = s;
    return s;
  }

  Source resolveIndex(OpFoldResult ofr, int depth) {
    if (std::optional<int64_t> c = getConstantIntValue(ofr))
      return Source::constant(*c);
    auto v = dyn_cast<Value>(ofr);
    if (!v)
      return {};
    if (auto dim = v.getDefiningOp<tensor::DimOp>())
      if (std::optional<int64_t> idx = dim.getConstantIndex())
        return resolve(dim.getSource(), *idx, depth + 1);
    return {};
  }

private:
  static constexpr int kMaxDepth = 256;

  Source resolveDefined(OpResult v, int64_t d, int depth) {
    Operation *op = v.getOwner();
    return llvm::TypeSwitch<Operation *, Source>(op)
        .Case([&](RetentionOp r) -> Source {
          // out [B, H, T, Dv] and final_state [B, H, Dk, Dv]: B (and T) are
          // q's.
          if (d == 0 || (v == r.getOut() && d == 2))
            return resolve(r.getQ(), d, depth);
          return {};
        })
        .Case([&](tensor::EmptyOp e) -> Source {
          return resolveIndex(e.getDynamicSize(d), depth);
        })
        .Case([&](tensor::CastOp c) -> Source {
          return resolve(c.getSource(), d, depth);
        })
        .Case([&](tensor::ExpandShapeOp e) -> Source {
          return resolveIndex(e.getMixedOutputShape()[d], depth);
        })
        .Case([&](tensor::CollapseShapeOp c) -> Source {
          // A group with one non-unit source dim has that dim's extent.
          auto srcType = c.getSrcType();
          // A local: a range-for over an element of the returned temporary
          // would read it after its lifetime (ASan: stack-use-after-scope).
          SmallVector<ReassociationIndices> groups =
              c.getReassociationIndices();
          int64_t only = -1;
          for (int64_t s : groups[d]) {
            if (srcType.getDimSize(s) == 1)
              continue;
            if (only >= 0)
              return {};
            only = s;
          }
          return only < 0 ? Source() : resolve(c.getSrc(), only, depth);
        })
        .Case([&](tensor::ExtractSliceOp s) -> Source {
          if (s.getSourceType().getRank() != s.getType().getRank())
            return {};
          return resolveIndex(s.getMixedSizes()[d], depth);
        })
        .Case([&](scf::ForallOp f) -> Source {
          return resolve(f.getTiedOpOperand(v)->get(), d, depth);
        })
        .Case([&](DestinationStyleOpInterface dps) -> Source {
          // A linalg op's (or an insert_slice's) result has its init's
          // extents.
          if (OpOperand *init = dps.getTiedOpOperand(v))
            return resolve(init->get(), d, depth);
          return {};
        })
        .Default([](Operation *) { return Source(); });
  }

  Block *entry;
  llvm::DenseMap<std::pair<Value, int64_t>, Source> memo;
};

/// "%" is the runtime's format character.
std::string escapeFormat(StringRef s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '%')
      out += '%';
  }
  return out;
}

std::string locString(Location loc) {
  if (auto flc = dyn_cast<FileLineColLoc>(loc))
    return " at line " + std::to_string(flc.getLine()) + ":" +
           std::to_string(flc.getColumn());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (isa<FileLineColLoc>(l))
        return locString(l);
  if (auto named = dyn_cast<NameLoc>(loc))
    return locString(named.getChildLoc());
  if (auto cs = dyn_cast<CallSiteLoc>(loc))
    return locString(cs.getCallee());
  return "";
}

/// One extent an op requires equal to others.
struct Member {
  Value value;
  int64_t dim;
  std::string role; ///< "k", "input 1", ...
  Operation *op;
};

struct Check {
  Source lhs, rhs;
  std::string format;
};

class ChecksBuilder {
public:
  explicit ChecksBuilder(func::FuncOp fn) : fn(fn), resolver(fn) {}

  /// Adds the checks that `members` (extents required equal) need; fails
  /// when two of them are constants that differ.
  LogicalResult addGroup(ArrayRef<Member> members) {
    const Member *ref = nullptr;
    Source refSrc;
    for (const Member &m : members) {
      Source s = resolver.resolve(m.value, m.dim);
      if (!s.known())
        continue;
      if (!ref) {
        ref = &m;
        refSrc = s;
        continue;
      }
      if (s == refSrc)
        continue;
      std::string lhs = describe(m, s), rhs = describe(*ref, refSrc);
      if (s.kind == Source::Const && refSrc.kind == Source::Const)
        return m.op->emitError()
               << "extents that can never agree: " << lhs << " is " << s.a
               << " but " << rhs << " is " << refSrc.a;
      add(s, refSrc, lhs, rhs);
    }
    return success();
  }

  /// Output `index` (its out-parameter position) extent `dim` must be what
  /// the function computes for it, `value`'s extent.
  void addOutput(int64_t resultNumber, int64_t index, Value value,
                 int64_t dim) {
    Source s = resolver.resolve(value, dim);
    if (!s.known())
      return;
    std::string lhs = "operand " + std::to_string(index) + " (result " +
                      std::to_string(resultNumber) + ") dim " +
                      std::to_string(dim);
    std::string rhs =
        s.kind == Source::Arg
            ? "operand " + std::to_string(s.a) + " dim " + std::to_string(s.b)
            : std::string("the extent the function computes");
    add(Source::arg(index, dim), s, lhs, rhs);
  }

  ArrayRef<Check> getChecks() const { return checks; }

private:
  bool isArgument(Value v, int64_t &index) {
    auto arg = dyn_cast<BlockArgument>(v);
    if (!arg || arg.getOwner() != &fn.getBody().front())
      return false;
    index = arg.getArgNumber();
    return true;
  }

  std::string describe(const Member &m, const Source &s) {
    int64_t index;
    bool direct = isArgument(m.value, index);
    std::string role = m.role.empty() ? "" : " (" + m.role + ")";
    if (s.kind == Source::Arg) {
      if (direct && index == s.a)
        return "operand " + std::to_string(s.a) + role + " dim " +
               std::to_string(s.b);
      return "operand " + std::to_string(s.a) + " dim " + std::to_string(s.b) +
             " (" + m.role + " dim " + std::to_string(m.dim) + " of the " +
             m.op->getName().getStringRef().str() + locString(m.op->getLoc()) +
             ")";
    }
    if (direct)
      return "operand " + std::to_string(index) + role + " dim " +
             std::to_string(m.dim);
    return m.role + " dim " + std::to_string(m.dim) + " of the " +
           m.op->getName().getStringRef().str() + locString(m.op->getLoc());
  }

  void add(Source lhs, Source rhs, StringRef lhsText, StringRef rhsText) {
    auto key = [](const Source &s) {
      return std::make_tuple(static_cast<int>(s.kind), s.a,
                             s.kind == Source::Arg ? s.b : 0);
    };
    auto k1 = key(lhs), k2 = key(rhs);
    auto pairKey = k1 < k2 ? std::make_pair(k1, k2) : std::make_pair(k2, k1);
    if (!seen.insert(pairKey).second)
      return;
    std::string format = escapeFormat(fn.getSymName()) + ": " +
                         escapeFormat(lhsText) + " is %lld but " +
                         escapeFormat(rhsText) + " is %lld";
    checks.push_back({lhs, rhs, format});
  }

  func::FuncOp fn;
  Resolver resolver;
  std::set<std::pair<std::tuple<int, int64_t, int64_t>,
                     std::tuple<int, int64_t, int64_t>>>
      seen;
  SmallVector<Check> checks;
};

LogicalResult collectChecks(func::FuncOp fn, ChecksBuilder &builder) {
  WalkResult walk = fn.walk([&](Operation *op) -> WalkResult {
    // Ops under an scf.if (or in a loop that may not run) are checked too:
    // the check cannot know whether they will run, and a false alarm is
    // better than an out-of-bounds read.
    if (op == fn)
      return WalkResult::advance();
    if (auto r = dyn_cast<RetentionOp>(op)) {
      SmallVector<Member> batch = {{r.getQ(), 0, "q", op},
                                   {r.getK(), 0, "k", op},
                                   {r.getV(), 0, "v", op}};
      if (Value init = r.getInitialState())
        batch.push_back({init, 0, "initial_state", op});
      SmallVector<Member> length = {{r.getQ(), 2, "q", op},
                                    {r.getK(), 2, "k", op},
                                    {r.getV(), 2, "v", op}};
      if (failed(builder.addGroup(batch)) || failed(builder.addGroup(length)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    }
    if (auto l = dyn_cast<linalg::LinalgOp>(op)) {
      if (!l.hasPureTensorSemantics())
        return WalkResult::advance();
      // Operand dims that the indexing maps tie to one loop.
      SmallVector<SmallVector<Member>> loops(l.getNumLoops());
      int64_t numInputs = l.getNumDpsInputs();
      for (OpOperand &operand : op->getOpOperands()) {
        if (!isa<RankedTensorType>(operand.get().getType()))
          continue;
        AffineMap map = l.getMatchingIndexingMap(&operand);
        int64_t n = operand.getOperandNumber();
        std::string role = n < numInputs
                               ? "input " + std::to_string(n)
                               : "init " + std::to_string(n - numInputs);
        for (auto [dim, expr] : llvm::enumerate(map.getResults()))
          if (auto d = dyn_cast<AffineDimExpr>(expr))
            loops[d.getPosition()].push_back(
                {operand.get(), static_cast<int64_t>(dim), role, op});
      }
      for (auto &members : loops)
        if (members.size() > 1 && failed(builder.addGroup(members)))
          return WalkResult::interrupt();
      return WalkResult::advance();
    }
    if (auto c = dyn_cast<tensor::CastOp>(op)) {
      auto dst = dyn_cast<RankedTensorType>(c.getType());
      auto src = dyn_cast<RankedTensorType>(c.getSource().getType());
      if (!dst || !src)
        return WalkResult::advance();
      for (int64_t d = 0; d < dst.getRank(); ++d)
        if (src.isDynamicDim(d) && !dst.isDynamicDim(d) &&
            failed(builder.addGroup({{c.getResult(), d, "result", op},
                                     {c.getSource(), d, "source", op}})))
          return WalkResult::interrupt();
      return WalkResult::advance();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();

  // The outputs the caller allocates: their dynamic extents.
  int64_t index = fn.getNumArguments(), resultNumber = 0;
  func::ReturnOp ret;
  if (fn.getBody().hasOneBlock())
    ret = dyn_cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  for (Type t : fn.getResultTypes()) {
    auto tt = dyn_cast<RankedTensorType>(t);
    if (tt && ret)
      for (int64_t d = 0; d < tt.getRank(); ++d)
        if (tt.isDynamicDim(d))
          builder.addOutput(resultNumber, index, ret.getOperand(resultNumber),
                            d);
    if (isa<TensorType>(t))
      ++index;
    ++resultNumber;
  }
  return success();
}

constexpr StringLiteral kShapeChecksAttr = "retention.shape_checks";
constexpr StringLiteral kBeginCall = "retnet_rt_begin_call";
constexpr StringLiteral kExtentError = "retnet_rt_extent_error";

struct InsertShapeChecksPass
    : retention::impl::RetentionInsertShapeChecksBase<InsertShapeChecksPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>()) {
      if (fn.isPrivate() || fn.isDeclaration())
        continue;
      ChecksBuilder builder(fn);
      if (failed(collectChecks(fn, builder)))
        return signalPassFailure();
      if (builder.getChecks().empty()) {
        fn->removeAttr(kShapeChecksAttr);
        continue;
      }
      Builder b(fn.getContext());
      SmallVector<Attribute> entries;
      for (const Check &c : builder.getChecks()) {
        auto encode = [](const Source &s) {
          return s.kind == Source::Arg ? std::make_pair(s.a, s.b)
                                       : std::make_pair(int64_t(-1), s.a);
        };
        auto [la, ld] = encode(c.lhs);
        auto [ra, rd] = encode(c.rhs);
        entries.push_back(
            b.getArrayAttr({b.getDenseI64ArrayAttr({la, ld, ra, rd}),
                            b.getStringAttr(c.format)}));
      }
      // The operands of the C entry point: the inputs, then one
      // out-parameter per tensor result.
      int64_t operands = fn.getNumArguments() +
                         llvm::count_if(fn.getResultTypes(), [](Type t) {
                           return isa<TensorType>(t);
                         });
      fn->setAttr(
          kShapeChecksAttr,
          b.getDictionaryAttr(
              {b.getNamedAttr("checks", b.getArrayAttr(entries)),
               b.getNamedAttr("operands", b.getI64IntegerAttr(operands))}));
    }
  }
};

struct EmitShapeChecksPass
    : retention::impl::RetentionEmitShapeChecksBase<EmitShapeChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    MLIRContext *ctx = &getContext();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);

    auto declare = [&](StringRef name, TypeRange inputs) {
      if (auto fn = symbols.lookup<func::FuncOp>(name))
        return fn;
      OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
      auto fn = func::FuncOp::create(b, module.getLoc(), name,
                                     b.getFunctionType(inputs, {}));
      fn.setPrivate();
      symbols.insert(fn);
      return fn;
    };
    llvm::StringMap<LLVM::GlobalOp> messages;
    auto message = [&](StringRef text) {
      auto it = messages.find(text);
      if (it != messages.end())
        return it->second;
      OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
      std::string value = text.str();
      value.push_back('\0');
      auto type =
          LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), value.size());
      auto global = LLVM::GlobalOp::create(
          b, module.getLoc(), type, /*isConstant=*/true,
          LLVM::Linkage::Internal, "__retnet_shape_check_message",
          b.getStringAttr(value));
      symbols.insert(global);
      messages[text] = global;
      return global;
    };

    SmallVector<func::FuncOp> publicFunctions;
    for (auto fn : module.getOps<func::FuncOp>())
      if (!fn.isPrivate() && !fn.isDeclaration())
        publicFunctions.push_back(fn);
    for (func::FuncOp fn : publicFunctions) {
      Attribute recorded = fn->getAttr(kShapeChecksAttr);
      fn->removeAttr(kShapeChecksAttr);
      ArrayAttr checks;
      if (recorded) {
        auto dict = dyn_cast<DictionaryAttr>(recorded);
        auto operands =
            dict ? dict.getAs<IntegerAttr>("operands") : IntegerAttr();
        checks = dict ? dict.getAs<ArrayAttr>("checks") : ArrayAttr();
        if (!operands || !checks) {
          fn.emitError() << "retention-emit-shape-checks: malformed "
                         << kShapeChecksAttr << " " << recorded;
          return signalPassFailure();
        }
        if (operands.getInt() != fn.getNumArguments()) {
          fn.emitError()
              << "retention-emit-shape-checks: the checks were recorded for "
              << operands.getInt() << " operands (inputs and out-parameters) "
              << "but the function has " << fn.getNumArguments()
              << "; run it after buffer-results-to-out-params";
          return signalPassFailure();
        }
      }
      Location loc = fn.getLoc();
      Block *entry = &fn.getBody().front();
      func::FuncOp begin = declare(kBeginCall, {});
      if (!checks || checks.empty()) {
        OpBuilder b(entry, entry->begin());
        func::CallOp::create(b, loc, begin, ValueRange{});
        continue;
      }
      func::FuncOp report = declare(kExtentError, {ptrType, i64, i64});
      Block *body = entry->splitBlock(entry->begin());
      OpBuilder b = OpBuilder::atBlockEnd(entry);
      func::CallOp::create(b, loc, begin, ValueRange{});

      auto makeExtent = [&](int64_t arg, int64_t dim) -> FailureOr<Value> {
        if (arg < 0)
          return arith::ConstantIntOp::create(b, loc, i64, dim).getResult();
        if (arg >= fn.getNumArguments())
          return fn.emitError() << "retention-emit-shape-checks: operand "
                                << arg << " is out of range (the function has "
                                << fn.getNumArguments() << ")";
        Value a = fn.getArgument(arg);
        auto type = dyn_cast<MemRefType>(a.getType());
        if (!type || dim >= type.getRank())
          return fn.emitError() << "retention-emit-shape-checks: operand "
                                << arg << " must be a memref of rank > " << dim
                                << ", got " << a.getType()
                                << " (run the pass after bufferization and "
                                   "buffer-results-to-out-params)";
        Value d = memref::DimOp::create(b, loc, a, dim);
        return arith::IndexCastOp::create(b, loc, i64, d).getResult();
      };
      llvm::DenseMap<std::pair<int64_t, int64_t>, Value> extents;
      auto extent = [&](int64_t arg, int64_t dim) -> FailureOr<Value> {
        Value &cached = extents[{arg, dim}];
        if (cached)
          return cached;
        FailureOr<Value> v = makeExtent(arg, dim);
        if (succeeded(v))
          cached = *v;
        return v;
      };
      struct Emitted {
        Value bad, lhs, rhs;
        LLVM::GlobalOp text;
      };
      SmallVector<Emitted> emitted;
      Value anyBad;
      for (Attribute entryAttr : checks) {
        auto parts = dyn_cast<ArrayAttr>(entryAttr);
        auto ints = parts && parts.size() == 2
                        ? dyn_cast<DenseI64ArrayAttr>(parts[0])
                        : DenseI64ArrayAttr();
        auto text = parts && parts.size() == 2 ? dyn_cast<StringAttr>(parts[1])
                                               : StringAttr();
        if (!ints || ints.size() != 4 || !text) {
          fn.emitError() << "retention-emit-shape-checks: malformed "
                         << kShapeChecksAttr << " entry " << entryAttr;
          return signalPassFailure();
        }
        FailureOr<Value> lhs = extent(ints[0], ints[1]);
        FailureOr<Value> rhs = extent(ints[2], ints[3]);
        if (failed(lhs) || failed(rhs))
          return signalPassFailure();
        Value bad =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, *lhs, *rhs);
        anyBad = anyBad ? arith::OrIOp::create(b, loc, anyBad, bad).getResult()
                        : bad;
        emitted.push_back({bad, *lhs, *rhs, message(text.getValue())});
      }

      // The failure path: report each mismatch (the runtime keeps the
      // first) and return without running the body.
      Block *fail = new Block();
      fn.getBody().push_back(fail);
      cf::CondBranchOp::create(b, loc, anyBad, fail, body);
      b.setInsertionPointToEnd(fail);
      for (const Emitted &e : emitted) {
        auto ifOp = scf::IfOp::create(b, loc, e.bad, /*withElseRegion=*/false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        Value text = LLVM::AddressOfOp::create(b, loc, e.text);
        func::CallOp::create(b, loc, report, ValueRange{text, e.lhs, e.rhs});
      }
      SmallVector<Value> results;
      for (Type t : fn.getResultTypes())
        results.push_back(ub::PoisonOp::create(b, loc, t));
      func::ReturnOp::create(b, loc, results);
    }
  }
};

} // namespace
