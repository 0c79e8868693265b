//===- HostBuilder.cpp - the GPU host code of one op ----------------------===//

#include "GPULowering.h"

using namespace mlir;
using namespace mlir::retention;
using namespace mlir::retention::gpu_lowering;

LogicalResult GPUHostBuilder::build(ImplicitLocOpBuilder &b,
                                    const RetentionFacts &facts,
                                    ValueRange inputs,
                                    ValueRange outputs) const {
  ScheduleKind kind = facts.schedule.getKind();
  auto qType = cast<MemRefType>(inputs[0].getType());
  auto vType = cast<MemRefType>(inputs[2].getType());
  // The op's choices; an op without a lowering_config gets the CUDA
  // target's, what retention-select-schedule would write. A pinned config
  // may not ask for tensor cores the cost model's rule says do not fit.
  retnet::LoweringConfig derived = retnet::selectLoweringConfig(
      RetentionOp::getCostModelShape(qType, vType, facts.hasInit,
                                     facts.hasState),
      facts.schedule.getCostModelSchedule(), facts.schedule.getChunkSize(),
      retnet::TargetInfo::cuda());
  retnet::LoweringConfig config =
      facts.config ? facts.config.getConfig() : derived;
  // What the kernels can do with the config.
  if (kind == ScheduleKind::Parallel &&
      config.tileRows * config.tileCols * 4 > kMaxStaticSharedBytes)
    return emitError(b.getLoc())
           << "lowering_config tile [" << config.tileRows << ", "
           << config.tileCols << "]: the parallel kernel keeps its f32 score "
           << "tile in shared memory, at most " << kMaxStaticSharedBytes
           << " bytes";
  if (config.tensorCores && !derived.tensorCores)
    return emitError(b.getLoc())
           << "lowering_config tensor_cores = true needs a chunkwise schedule, "
              "f16 or bf16 operands, a chunk (at most T) that is a multiple of "
           << retnet::CudaKernelShape::mmaM << ", Dk of "
           << retnet::CudaKernelShape::mmaK << " and Dv of "
           << retnet::CudaKernelShape::mmaN;
  MLIRContext *ctx = b.getContext();
  Type tokenType = gpu::AsyncTokenType::get(ctx);
  Value token = gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
  SmallVector<Value> deviceBuffers;

  Value hostQ = inputs[0];
  Value batch = memref::DimOp::create(b, hostQ, 0);
  Value seqLen = memref::DimOp::create(b, hostQ, 2);
  // Sizes of a [B, H, T|Dk, Dv]-shaped type: B and T from q.
  auto sizesFor = [&](MemRefType type) {
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(d == 0 ? batch : seqLen);
    return sizes;
  };
  auto deviceAlloc = [&](MemRefType type, ValueRange sizes) {
    auto alloc = gpu::AllocOp::create(b, type, tokenType, ValueRange{token},
                                      sizes, ValueRange{}, nullptr);
    token = alloc.getAsyncToken();
    deviceBuffers.push_back(alloc.getMemref());
    return alloc.getMemref();
  };
  auto toDevice = [&](Value host) {
    if (options.deviceBuffers)
      return host;
    auto type = cast<MemRefType>(host.getType());
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        sizes.push_back(memref::DimOp::create(b, host, d));
    Value dev = deviceAlloc(type, sizes);
    token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, dev, host)
                .getAsyncToken();
    return dev;
  };

  DeviceOperands d;
  d.config = config;
  d.q = toDevice(hostQ);
  d.k = toDevice(inputs[1]);
  d.v = toDevice(inputs[2]);
  d.logDecay = toDevice(inputs[3]);
  if (facts.hasInit)
    d.init = toDevice(inputs[4]);
  d.batch = batch;
  d.seqLen = seqLen;
  d.offset = arith::ConstantIndexOp::create(b, 0);
  if (facts.hasOffset) {
    Value off = inputs.back();
    Value clamped = arith::MaxSIOp::create(
        b, off, arith::ConstantIntOp::create(b, off.getType(), 0));
    d.offset = arith::IndexCastOp::create(b, b.getIndexType(), clamped);
  }
  d.batchHeads = arith::MulIOp::create(
      b, batch, arith::ConstantIndexOp::create(b, qType.getDimSize(1)));
  d.heads = qType.getDimSize(1);
  d.keyDim = qType.getDimSize(3);
  d.valueDim = vType.getDimSize(3);
  d.scale = facts.scale;
  d.normalize = facts.normalize;
  d.groupNormEps = facts.groupNormEps;

  auto outType = cast<MemRefType>(outputs[0].getType());
  d.out = options.deviceBuffers ? outputs[0]
                                : deviceAlloc(outType, sizesFor(outType));
  Type f32 = b.getF32Type();
  // The kernels write f32 rows before the group norm, and the parallel
  // kernel accumulates over key tiles in f32.
  if (d.groupNormEps || kind == ScheduleKind::Parallel)
    d.rawOut = outType.getElementType().isF32() && !d.groupNormEps
                   ? d.out
                   : deviceAlloc(cast<MemRefType>(outType.clone(f32)),
                                 sizesFor(outType));
  MemRefType stateType;
  if (facts.hasState) {
    stateType = cast<MemRefType>(outputs[1].getType());
    d.state = options.deviceBuffers
                  ? outputs[1]
                  : deviceAlloc(stateType, sizesFor(stateType));
  }
  // The chunkwise and recurrent kernels carry an f32 state: the final
  // state buffer itself when it is f32, else a scratch buffer.
  if (kind != ScheduleKind::Parallel) {
    auto workType = MemRefType::get(
        {ShapedType::kDynamic, d.heads, d.keyDim, d.valueDim}, f32);
    d.work = d.state && stateType.getElementType().isF32()
                 ? d.state
                 : deviceAlloc(workType, ValueRange{batch});
  }
  // A chunk longer than a static T is one chunk of T rows: no C x C
  // scratch beyond the sequence (chunk_size may be up to kMaxChunkSize).
  int64_t chunk = facts.schedule.getChunkSize();
  if (!qType.isDynamicDim(2))
    chunk = std::min(chunk, qType.getDimSize(2));
  if (kind == ScheduleKind::Chunkwise && chunk > options.maxSharedChunk) {
    int64_t c = chunk;
    d.scores = deviceAlloc(MemRefType::get({ShapedType::kDynamic, c * c}, f32),
                           ValueRange{d.batchHeads});
  }

  auto launch = [&](Value gridX, Value gridY, int64_t threads,
                    ArrayRef<Type> workgroup,
                    function_ref<void(KernelBuilder &, gpu::LaunchOp)> fn) {
    Value one = arith::ConstantIndexOp::create(b, 1);
    Value blockX = arith::ConstantIndexOp::create(b, threads);
    auto l =
        gpu::LaunchOp::create(b, gridX, gridY, one, blockX, one, one, nullptr,
                              tokenType, ValueRange{token}, workgroup);
    token = l.getAsyncToken();
    OpBuilder::InsertionGuard guard(b);
    Block &body = l.getBody().front();
    if (!body.empty() && body.back().hasTrait<OpTrait::IsTerminator>())
      b.setInsertionPoint(&body.back());
    else
      b.setInsertionPointToEnd(&body);
    KernelBuilder kb(b, l.getThreadIds().x, threads);
    fn(kb, l);
    if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>())
      gpu::TerminatorOp::create(b);
  };

  switch (kind) {
  case ScheduleKind::Recurrent:
    buildRecurrent(b, d, launch);
    break;
  case ScheduleKind::Chunkwise:
    buildChunkwise(b, d, chunk, launch);
    break;
  case ScheduleKind::Parallel:
    buildParallel(b, d, launch);
    break;
  }
  if (d.groupNormEps)
    buildGroupNormKernel(b, d, launch);

  if (!options.deviceBuffers)
    token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, outputs[0],
                                  d.out)
                .getAsyncToken();
  if (d.state && !options.deviceBuffers)
    token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, outputs[1],
                                  d.state)
                .getAsyncToken();
  for (Value buf : deviceBuffers)
    token = gpu::DeallocOp::create(b, tokenType, ValueRange{token}, buf)
                .getAsyncToken();
  gpu::WaitOp::create(b, Type(), ValueRange{token});
  return success();
}

LogicalResult
mlir::retention::buildHostFunction(func::FuncOp fn,
                                   const RetentionToGPUOptions &options) {
  auto attrs = fn->getAttrOfType<DictionaryAttr>(kKernelAttr);
  auto numInputs = fn->getAttrOfType<IntegerAttr>(kInputsAttr);
  if (!attrs || !numInputs || !attrs.getAs<ScheduleAttr>("schedule"))
    return fn.emitOpError("is not a retention GPU host function (missing "
                          "retention.gpu_kernel or its schedule)");
  int64_t n = numInputs.getInt();
  int64_t total = fn.getNumArguments();
  if (n < 4 || n > 6 || (total - n != 1 && total - n != 2))
    return fn.emitOpError("has an unexpected signature for a retention "
                          "GPU host function");
  bool hasOffset = isa<IntegerType>(fn.getArgumentTypes()[n - 1]);
  int64_t numMemrefInputs = n - (hasOffset ? 1 : 0);
  if (numMemrefInputs != 4 && numMemrefInputs != 5)
    return fn.emitOpError("has an unexpected signature for a retention "
                          "GPU host function");
  RetentionFacts facts = RetentionFacts::fromAttrs(attrs, numMemrefInputs == 5,
                                                   hasOffset, total - n == 2);
  Block *entry = fn.addEntryBlock();
  OpBuilder builder(fn.getContext());
  builder.setInsertionPointToStart(entry);
  ImplicitLocOpBuilder b(fn.getLoc(), builder);
  ValueRange args = entry->getArguments();
  if (failed(GPUHostBuilder(options).build(b, facts, args.take_front(n),
                                           args.drop_front(n))))
    return failure();
  func::ReturnOp::create(b);
  fn->removeAttr(kInputsAttr);
  return success();
}
