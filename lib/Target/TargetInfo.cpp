//===- TargetInfo.cpp - facts about code generation targets ---------------===//

#include "retnet/Target/TargetInfo.h"

#include <cctype>
#include <fstream>
#include <string>
#include <thread>

using namespace retnet;

namespace {
/// The first line of a sysfs file, "" when unreadable.
std::string readLine(const std::string &path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

/// "48K", "2048K", "260M" -> bytes; 0 when malformed.
int64_t parseSize(const std::string &s) {
  size_t i = 0;
  int64_t v = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
         v < (int64_t(1) << 40))
    v = v * 10 + (s[i++] - '0');
  if (i == 0)
    return 0;
  std::string unit = s.substr(i);
  if (unit == "K")
    return v << 10;
  if (unit == "M")
    return v << 20;
  if (unit == "G")
    return v << 30;
  return unit.empty() ? v : 0;
}

/// The data / unified caches of cpu0 (Linux sysfs; left as given elsewhere).
void readCaches(TargetInfo &t) {
  const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index";
  for (int i = 0; i < 8; ++i) {
    std::string base = dir + std::to_string(i) + "/";
    std::string level = readLine(base + "level");
    if (level.empty())
      break;
    std::string type = readLine(base + "type");
    if (type != "Data" && type != "Unified")
      continue;
    int64_t size = parseSize(readLine(base + "size"));
    if (size <= 0)
      continue;
    if (level == "1")
      t.l1Bytes = size;
    else if (level == "2")
      t.l2Bytes = size;
    else if (level == "3")
      t.l3Bytes = size;
  }
}

/// The widest f32 vectors the host runs (x86; 128 elsewhere).
int hostVectorBits() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    return 512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return 256;
#endif
  return 128;
}
} // namespace

TargetInfo TargetInfo::cpu() {
  // The efficiency constants in TargetInfo.h are the AVX-512 class's fits
  // (bench/results/cost_model_calibration.json); the facts come from the
  // host.
  TargetInfo t;
  unsigned n = std::thread::hardware_concurrency();
  t.computeUnits = n ? static_cast<int>(n) : 1;
  readCaches(t);
  return t.withVectorBits(hostVectorBits());
}

TargetInfo TargetInfo::withVectorBits(int bits) const {
  TargetInfo t = *this;
  t.vectorBits = bits >= 512 ? 512 : bits >= 256 ? 256 : 128;
  t.vectorRegisters = t.vectorBits == 512 ? 32 : 16;
  return t;
}

TargetInfo TargetInfo::cuda(const std::string &arch) {
  TargetInfo t;
  t.kind = TargetKind::CUDA;
  t.name = "cuda";
  // Hopper (H100/H200) figures; older chips get fewer SMs.
  t.computeUnits = arch == "sm_90" || arch == "sm_90a" ? 132 : 108;
  t.vectorBits = 32 * 32;
  t.l1Bytes = 228 * 1024;
  t.l2Bytes = 50 * 1024 * 1024;
  t.peakGflopsPerUnit = 67000.0 / 132;
  // mma.sync m16n8k16 (f16/bf16 in, f32 accumulate), as the chunkwise kernel
  // emits it; H100/H200 dense bf16 peak 989 TFLOP/s over 132 SMs (A100: 312
  // over 108).
  t.mmaM = CudaKernelShape::mmaM;
  t.mmaN = CudaKernelShape::mmaN;
  t.mmaK = CudaKernelShape::mmaK;
  t.tensorCorePeakGflopsPerUnit =
      arch == "sm_90" || arch == "sm_90a" ? 989000.0 / 132 : 312000.0 / 108;
  // Not yet measured (no GPU kernels yet): tensor-core matmuls want big tiles,
  // the recurrent update is memory-bound.
  t.matmulPeakFraction = 0.6;
  t.parallelFactor = 0.78; // the CPU's masking overhead, as a placeholder
  t.matmulHalfEfficiencyEdge = 32.0;
  t.vectorHalfEfficiencyLength = 32.0;
  t.recurrentPeakFraction = 0.05;
  t.recurrentL1Fraction = 0.0; // no L1-resident state rule on a GPU
  t.recurrentHalfLength = 32.0;
  t.recurrentBeyondL2Factor = 0.5;
  t.stepOverheadNs = 1000.0;
  return t;
}

std::optional<TargetInfo> TargetInfo::lookup(const std::string &name) {
  if (name == "cpu" || name == "host")
    return cpu();
  if (name == "cuda")
    return cuda();
  // cpu:<N>: the host CPU's figures with N cores (cross-compiling for a
  // bigger or smaller machine, reproducible decisions in tests).
  if (name.rfind("cpu:", 0) == 0 && name.size() > 4 && name.size() < 10 &&
      name.find_first_not_of("0123456789", 4) == std::string::npos) {
    TargetInfo t = cpu();
    t.computeUnits = std::stoi(name.substr(4));
    if (t.computeUnits > 0)
      return t;
  }
  const std::string prefix = "cuda:";
  if (name.rfind(prefix, 0) == 0) {
    // sm_<digits>[a]: sm_80, sm_90, sm_90a, sm_100, ...
    std::string arch = name.substr(prefix.size());
    size_t i = 3;
    bool ok = arch.rfind("sm_", 0) == 0 && arch.size() > 3;
    while (ok && i < arch.size() &&
           std::isdigit(static_cast<unsigned char>(arch[i])))
      ++i;
    ok = ok && i > 3 &&
         (i == arch.size() || (arch[i] == 'a' && i + 1 == arch.size()));
    if (ok)
      return cuda(arch);
  }
  return std::nullopt;
}
