//===- TargetInfo.cpp - facts about code generation targets ---------------===//

#include "retnet/Target/TargetInfo.h"

#include <thread>

using namespace retnet;

TargetInfo TargetInfo::cpu() {
  TargetInfo t;
  t.kind = TargetKind::CPU;
  t.name = "cpu";
  unsigned n = std::thread::hardware_concurrency();
  t.computeUnits = n ? static_cast<int>(n) : 1;
  // Zen 4 / AVX-512 class core: 2 x 256-bit FMA ports, ~3.7 GHz.
  t.vectorBits = 512;
  t.l1Bytes = 32 * 1024;
  t.l2Bytes = 1024 * 1024;
  t.peakGflopsPerUnit = 117.0;
  t.matmulHalfEfficiencyEdge = 16.0;
  t.recurrentEfficiencyL1 = 0.25;
  t.recurrentEfficiencyL2 = 0.12;
  t.recurrentEfficiencyMem = 0.05;
  t.stepOverheadNs = 20.0;
  t.defaultChunkSize = 64;
  t.parallelTile = 64;
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
  t.matmulHalfEfficiencyEdge = 32.0;
  t.recurrentEfficiencyL1 = 0.10;
  t.recurrentEfficiencyL2 = 0.05;
  t.recurrentEfficiencyMem = 0.02;
  t.stepOverheadNs = 1000.0;
  t.defaultChunkSize = 64;
  t.parallelTile = 64;
  return t;
}

std::optional<TargetInfo> TargetInfo::lookup(const std::string &name) {
  if (name == "cpu" || name == "host")
    return cpu();
  if (name == "cuda")
    return cuda();
  const std::string prefix = "cuda:";
  if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size())
    return cuda(name.substr(prefix.size()));
  return std::nullopt;
}
