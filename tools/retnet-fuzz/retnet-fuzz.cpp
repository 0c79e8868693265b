//===- retnet-fuzz.cpp - libFuzzer target over parse/verify/pipeline ------===//
//
// Each input is MLIR text (first byte a multiple of 4) or a recipe. First
// byte odd: a retention module is generated from the recipe: shapes
// (possibly zero, dynamic or mismatched, and static against dynamic between
// q, k, v and the states), element types, state in/out, scale bits, the
// schedule attribute and chunk size (up to and far beyond
// retnet::kMaxChunkSize: 4097, 2^31, 2^40, 2^63-1), normalization flags;
// the chunk size also goes to the pipelines' chunk-size option. First
// byte 2 mod 4: a model-style projection (generateProjection). Every input
// is parsed and verified; modules that verify go through the whole CPU
// pipeline to the LLVM dialect with each schedule, and through the CUDA
// pipeline up to the outlined kernels and, emulated on the CPU, to the LLVM
// dialect (no ptxas: the binary step is left out). Nothing may crash, hang
// or leak; diagnostics are expected and ignored.
//
// Build: cmake -DRETNET_ENABLE_FUZZER=ON with clang (see scripts/fuzz.sh).
//
//===----------------------------------------------------------------------===//

#include "retnet/InitAll.h"
#include "retnet/Limits.h"
#include "retnet/Pipelines/Pipelines.h"

#include "TestPasses.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace mlir;

namespace {

struct Reader {
  const uint8_t *data;
  size_t size, pos = 0;
  uint8_t byte() { return pos < size ? data[pos++] : 0; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v = v << 8 | byte();
    return v;
  }
};

std::string dimStr(int64_t d) { return d < 0 ? "?" : std::to_string(d); }

std::string tensorType(std::initializer_list<int64_t> dims, const char *elt) {
  std::string s = "tensor<";
  for (int64_t d : dims)
    s += dimStr(d) + "x";
  return s + elt + ">";
}

/// The chunk size of the last generated recipe (also given to the
/// pipelines' chunk-size option).
int64_t lastChunk = 0;

/// A retention module from a recipe.
std::string generate(Reader &r) {
  static const int64_t sizes[] = {1, 2, 3, 4, 7, 8, 16, 17, 32, 64, 0, -1};
  static const char *elts[] = {"f32", "f16", "bf16", "f64", "i32"};
  auto pick = [&](int64_t mask) {
    return sizes[r.byte() % (sizeof(sizes) / sizeof(sizes[0]) - mask)];
  };
  int64_t B = pick(0), H = pick(2), T = pick(0), Dk = pick(1), Dv = pick(1);
  uint8_t flags = r.byte();
  const char *elt = (flags & 0x80) ? elts[r.byte() % 5] : "f32";
  const char *stateElt = (flags & 0x40) ? elts[r.byte() % 3] : "f32";
  bool init = flags & 1, fin = flags & 2, norm = flags & 4, gn = flags & 8;
  bool mismatch = flags & 0x10;
  int64_t Hld = mismatch ? pick(0) : H;
  uint32_t scaleBits = (flags & 0x20) ? r.u32() : 0x3f800000u;
  uint8_t sched = r.byte() % 5;
  // Chunk sizes: small ones (negative included) from the byte, and from its
  // lowest 16 values the bound's neighbourhood and sizes far beyond it,
  // which used to exhaust memory, crash or compute NaN.
  static const int64_t bigChunks[] = {retnet::kMaxChunkSize,
                                      retnet::kMaxChunkSize - 1,
                                      retnet::kMaxChunkSize + 1,
                                      256,
                                      65536,
                                      int64_t(1) << 31,
                                      int64_t(1) << 32,
                                      int64_t(1) << 40,
                                      int64_t(1) << 62,
                                      INT64_MAX,
                                      INT64_MAX - 1,
                                      1000,
                                      3000,
                                      2048,
                                      4095 * 2,
                                      int64_t(1) << 33};
  uint8_t chunkByte = r.byte();
  int64_t chunk = chunkByte >= 0x80 && chunkByte < 0x90
                      ? bigChunks[chunkByte - 0x80]
                      : static_cast<int8_t>(chunkByte);
  // An offset operand (the position the normalization counts from): i64,
  // sometimes another integer type, with or without the normalization.
  uint8_t offsetBits = r.byte();
  bool offset = offsetBits & 1;
  const char *offsetType = (offsetBits & 6) == 6 ? "i32" : "i64";

  bool kOtherDim = mismatch && (r.byte() & 1);
  // Static against dynamic between the operands (verified, then checked at
  // run time by the shape-check passes): per bit, one operand's B or T
  // dynamic where the others' are static, or k's T another static extent.
  // (Read last: recipes from before keep their meaning.)
  uint8_t extentBits = r.byte();
  int64_t alt = extentBits & 0x80 ? pick(0) : T;
  int64_t qB = extentBits & 0x10 ? -1 : B, qT = extentBits & 0x20 ? -1 : T;
  int64_t kB = extentBits & 0x01 ? -1 : B, kT = extentBits & 0x02 ? -1 : alt;
  int64_t vB = extentBits & 0x04 ? -1 : B, vT = extentBits & 0x08 ? -1 : T;
  int64_t sB = extentBits & 0x40 ? -1 : B;
  std::string q = tensorType({qB, H, qT, Dk}, elt);
  std::string k = tensorType({kB, H, kT, kOtherDim ? Dv : Dk}, elt);
  std::string v = tensorType({vB, H, vT, Dv}, elt);
  std::string ld = tensorType({Hld}, "f32");
  std::string st = tensorType({sB, H, Dk, Dv}, stateElt);
  std::string out = tensorType({qB, H, qT, Dv}, elt);
  std::string args = "%q: " + q + ", %k: " + k + ", %v: " + v + ", %ld: " + ld;
  std::string ins = q + ", " + k + ", " + v + ", " + ld;
  if (init) {
    args += ", %s0: " + st;
    ins += ", " + st;
  }
  if (offset) {
    args += std::string(", %pos: ") + offsetType;
    ins += std::string(", ") + offsetType;
  }
  std::string results = out + (fin ? ", " + st : "");
  std::string attrs;
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%08X", scaleBits);
  attrs += "scale = " + std::string(buf) + " : f32";
  if (norm)
    attrs += ", decay_normalization";
  if (gn)
    attrs += ", group_norm_eps = 1.0e-06 : f32";
  static const char *kinds[] = {"parallel", "chunkwise", "recurrent"};
  if (sched < 3) {
    attrs += std::string(", schedule = #retention.schedule<") + kinds[sched];
    if (sched == 1 || (chunk & 1))
      attrs += ", chunk_size = " + std::to_string(chunk);
    attrs += ">";
  }
  lastChunk = chunk;
  return "func.func @f(" + args + ") -> (" + results + ") {\n" +
         "  %r:" + std::to_string(fin ? 2 : 1) +
         " = retention.retention %q, %k, %v, %ld" + (init ? " init(%s0)" : "") +
         (offset ? " offset(%pos)" : "") + " {" + attrs + "} : (" + ins +
         ") -> (" + results + ")\n" + "  return %r" +
         (fin ? "#0, %r#1" : "#0") + " : " + results + "\n}\n";
}

/// A model-style projection (linalg.generic) from a recipe: torch Linear
/// (x [B, T, K], W [N, K]) or per-head (W [H, N, K]) form, shapes possibly
/// zero, dynamic or mismatched, f32/f64/f16, a multiply-add body or not, W
/// possibly in [K, N] layout. These reach retention-parallelize-linalg and
/// convert-layer-contractions-to-cpu.
std::string generateProjection(Reader &r) {
  static const int64_t sizes[] = {1, 2, 3, 7, 8, 16, 17, 33, 64, 0, -1};
  static const char *elts[] = {"f32", "f32", "f64", "f16"};
  auto pick = [&]() {
    return sizes[r.byte() % (sizeof(sizes) / sizeof(sizes[0]))];
  };
  int64_t B = pick(), T = pick(), N = pick(), K = pick(), H = pick();
  uint8_t flags = r.byte();
  const char *elt = elts[flags & 3];
  bool heads = flags & 4, transposedW = flags & 8, maxBody = flags & 16,
       swapped = flags & 32, mismatchK = flags & 64;
  int64_t Kw = mismatchK ? pick() : K;
  std::string x = tensorType({B, T, K}, elt);
  std::string w, y, maps, iters;
  if (heads) {
    w = transposedW ? tensorType({H, Kw, N}, elt) : tensorType({H, N, Kw}, elt);
    y = tensorType({B, H, T, N}, elt);
    maps = std::string("[affine_map<(b, h, t, n, k) -> (b, t, k)>, ") +
           (transposedW ? "affine_map<(b, h, t, n, k) -> (h, k, n)>"
                        : "affine_map<(b, h, t, n, k) -> (h, n, k)>") +
           ", affine_map<(b, h, t, n, k) -> (b, h, t, n)>]";
    iters = R"(["parallel", "parallel", "parallel", "parallel", "reduction"])";
  } else {
    w = transposedW ? tensorType({Kw, N}, elt) : tensorType({N, Kw}, elt);
    y = tensorType({B, T, N}, elt);
    maps = std::string("[affine_map<(b, t, n, k) -> (b, t, k)>, ") +
           (transposedW ? "affine_map<(b, t, n, k) -> (k, n)>"
                        : "affine_map<(b, t, n, k) -> (n, k)>") +
           ", affine_map<(b, t, n, k) -> (b, t, n)>]";
    iters = R"(["parallel", "parallel", "parallel", "reduction"])";
  }
  std::string e(elt);
  std::string combine =
      maxBody ? "arith.maximumf %c, %m"
              : (swapped ? "arith.addf %m, %c" : "arith.addf %c, %m");
  return "func.func @f(%x: " + x + ", %w: " + w + ", %y: " + y + ") -> " + y +
         " {\n  %r = linalg.generic {indexing_maps = " + maps +
         ", iterator_types = " + iters + "} ins(%x, %w : " + x + ", " + w +
         ") outs(%y : " + y + ") {\n  ^bb0(%a: " + e + ", %b: " + e +
         ", %c: " + e + "):\n    %m = arith.mulf " +
         (swapped ? "%b, %a" : "%a, %b") + " : " + e + "\n    %s = " + combine +
         " : " + e + "\n    linalg.yield %s : " + e + "\n  } -> " + y +
         "\n  return %r : " + y + "\n}\n";
}

MLIRContext &context() {
  static MLIRContext *ctx = [] {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    retnet::registerAllDialects(registry);
    registerAllPasses();
    retnet::registerAllPasses();
    auto *c = new MLIRContext(registry);
    c->loadAllAvailableDialects();
    // One thread: a failing input must reproduce on its own (libFuzzer keeps
    // only the input), not depend on how a thread pool interleaved work.
    c->disableMultithreading();
    c->printOpOnDiagnostic(false);
    // Diagnostics are expected: swallow them.
    c->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return c;
  }();
  return *ctx;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0 || size > 4096)
    return 0;
  Reader r{data, size};
  std::string text;
  uint8_t kind = r.byte();
  lastChunk = 0;
  if (kind & 1)
    text = generate(r);
  else if (kind % 4 == 2)
    text = generateProjection(r);
  else
    text.assign(reinterpret_cast<const char *>(data + 1), size - 1);

  // RETNET_FUZZ_PRINT=1: show the module an input stands for (to turn a
  // crash input into a lit test).
  static const bool print = std::getenv("RETNET_FUZZ_PRINT") != nullptr;
  if (print)
    llvm::errs() << text << "\n";
  MLIRContext &ctx = context();
  ParserConfig config(&ctx);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || failed(verify(*module)))
    return 0;
  using retention::ScheduleChoice;
  for (ScheduleChoice schedule :
       {ScheduleChoice::Auto, ScheduleChoice::Parallel,
        ScheduleChoice::Chunkwise, ScheduleChoice::Recurrent}) {
    OwningOpRef<ModuleOp> copy = module->clone();
    PassManager pm(&ctx);
    retnet::CPUPipelineOptions options;
    options.schedule = schedule;
    // The recipe's chunk size as the option too (out of range: the pass
    // reports an error).
    if (schedule == ScheduleChoice::Chunkwise)
      options.chunkSize = lastChunk;
    if (failed(retnet::buildCPUPipeline(pm, options)))
      __builtin_trap();
    (void)pm.run(*copy);
    for (bool emulate : {false, true}) {
      OwningOpRef<ModuleOp> gpuCopy = module->clone();
      PassManager gpm(&ctx);
      retnet::CUDAPipelineOptions gpuOptions;
      gpuOptions.schedule = schedule;
      gpuOptions.chunkSize = options.chunkSize;
      gpuOptions.emulate = emulate;
      gpuOptions.lowerToLLVM = emulate;
      if (failed(retnet::buildCUDAPipeline(
              gpm, gpuOptions,
              emulate ? retnet::test::addGPUEmulator : nullptr)))
        __builtin_trap();
      (void)gpm.run(*gpuCopy);
    }
  }
  return 0;
}
