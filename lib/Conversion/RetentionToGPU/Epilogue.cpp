//===- Epilogue.cpp - scale, normalization, states, group norm ------------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

/// (batch, head) of block id x over B * H.
std::pair<Value, Value> GPUHostBuilder::batchHead(KernelBuilder &kb, Value bh,
                                                  int64_t heads) {
  Value h = kb.idx(heads);
  return {kb.div(bh, h), kb.rem(bh, h)};
}

/// scale (* 1/sqrt(sum_{i<=offset+n} gamma^i)): the factor of output row n.
Value GPUHostBuilder::rowFactor(KernelBuilder &kb, const DeviceOperands &d,
                                Value ld, Value n) {
  Value absRow = d.normalize ? kb.add(d.offset, n) : n;
  return buildRowFactor(kb.b, d.scale, d.normalize ? ld : Value(), absRow);
}

/// The factor that turns the initial state into the plain decayed sum the
/// kernels carry: sqrt(sum_{i<offset} gamma^i) with decay normalization
/// (the initial state is then torchscale's normalized state), else null.
Value GPUHostBuilder::initFactor(KernelBuilder &kb, const DeviceOperands &d,
                                 Value ld) {
  if (!d.init || !d.normalize)
    return {};
  return buildStateDenormFactor(kb.b, ld, d.offset);
}

/// S0[b, h, i, j] times `factor` (from initFactor; null is 1).
Value GPUHostBuilder::loadInit(KernelBuilder &kb, const DeviceOperands &d,
                               Value factor, ValueRange idx) {
  Value s = kb.load(d.init, idx);
  return factor ? kb.fmul(s, factor) : s;
}

/// The buffer an output row goes to before the group norm, and a store
/// into it.
void GPUHostBuilder::storeRow(KernelBuilder &kb, const DeviceOperands &d,
                              Value o, ValueRange idx) {
  kb.store(o, d.groupNormEps ? d.rawOut : d.out, idx);
}

/// The final state's factor: the last row's decay normalization at
/// absolute position offset + T - 1 (1 without normalization, and when
/// offset + T = 0: no row at all, a zero state).
Value GPUHostBuilder::stateFactor(KernelBuilder &kb, const DeviceOperands &d,
                                  Value ld) {
  if (!d.normalize)
    return kb.f32(1.0);
  return buildFinalStateFactor(kb.b, ld, d.offset, d.seqLen);
}

/// State epilogue of the chunkwise and recurrent kernels: the final state
/// is the f32 work state times the last row's normalization, in the
/// state's type. `columns` runs the loop over this thread's (i, j).
void GPUHostBuilder::finishState(
    KernelBuilder &kb, const DeviceOperands &d, Value ld, Value bi, Value hi,
    function_ref<void(function_ref<void(Value, Value)>)> columns) {
  if (!d.state || (d.state == d.work && !d.normalize))
    return;
  Value factor = stateFactor(kb, d, ld);
  columns([&](Value i, Value j) {
    Value s = kb.load(d.work, ValueRange{bi, hi, i, j});
    kb.store(kb.fmul(s, factor), d.state, ValueRange{bi, hi, i, j});
  });
}

/// Group norm over the last dim, one block per row: out = raw * rsqrt(
/// mean(raw^2) + eps), in the output's type.
void GPUHostBuilder::buildGroupNormKernel(ImplicitLocOpBuilder &b,
                                          const DeviceOperands &d,
                                          LaunchFn launch) const {
  int64_t threads = 128;
  Value rows = arith::MulIOp::create(b, d.batchHeads, d.seqLen);
  Type f32 = b.getF32Type();
  auto wg =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  SmallVector<Type> smem = {MemRefType::get({threads}, f32, nullptr, wg),
                            MemRefType::get({1}, f32, nullptr, wg)};
  Value one = arith::ConstantIndexOp::create(b, 1);
  launch(rows, one, threads, smem, [&](KernelBuilder &kb, gpu::LaunchOp l) {
    Value row = l.getBlockIds().x;
    Value t = kb.rem(row, d.seqLen);
    Value bh = kb.div(row, d.seqLen);
    Value bi, hi;
    std::tie(bi, hi) = batchHead(kb, bh, d.heads);
    Value dv = kb.idx(d.valueDim);
    Value partial = kb.stridedSum(dv, [&](Value j) {
      Value x = kb.load(d.rawOut, ValueRange{bi, hi, t, j});
      return kb.fmul(x, x);
    });
    Value total = kb.blockSum(partial, l.getWorkgroupAttributions()[0],
                              l.getWorkgroupAttributions()[1]);
    Value mean = arith::DivFOp::create(b, total, kb.f32(d.valueDim));
    Value inv =
        math::RsqrtOp::create(b, kb.fadd(mean, kb.f32(*d.groupNormEps)));
    kb.strided(dv, [&](Value j) {
      Value x = kb.load(d.rawOut, ValueRange{bi, hi, t, j});
      kb.store(kb.fmul(x, inv), d.out, ValueRange{bi, hi, t, j});
    });
  });
}
