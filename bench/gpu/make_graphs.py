"""Writes the retention graphs bench/gpu/prepare.sh compiles for the GPU.

host_*: numpy in and out (the runtime copies to and from the device), used
for numerics against the float64 reference. dev_*: device pointers in and
out (--gpu-io=device), used for timing kernels without host copies.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import retnet_mlir as rm  # noqa: E402

out = Path(sys.argv[1])
specs = {}


def emit(name, flags="", **kw):
    text, (ins, outs) = rm.retention_mlir(name="retention", **kw)
    (out / f"{name}.mlir").write_text(text)
    if flags:
        (out / f"{name}.flags").write_text(flags)
    specs[name] = {"args": kw, "flags": flags}


# Numerics: every schedule, f32 with a state in and out, and f16.
for schedule, chunk in (("recurrent", None), ("chunkwise", 64), ("parallel", None)):
    emit(f"host_{schedule}_f32", B=2, H=4, T=200, Dk=64, Dv=96, initial_state=True,
         return_state=True, schedule=schedule, chunk_size=chunk)
    emit(f"host_{schedule}_f16", B=2, H=4, T=200, Dk=64, Dv=64, dtype="f16",
         schedule=schedule, chunk_size=chunk)
    emit(f"host_{schedule}_gn", B=1, H=4, T=130, Dk=64, Dv=96, scale=0.125,
         group_norm_eps=1e-6, schedule=schedule, chunk_size=chunk)
# bf16 (device buffers: numpy has no bf16): numerics at a small shape.
for schedule, chunk in (("recurrent", None), ("chunkwise", 64), ("parallel", None)):
    emit(f"dev_{schedule}_bf16_small", B=2, H=4, T=256, Dk=64, Dv=64, dtype="bf16",
         schedule=schedule, chunk_size=chunk)
# The benchmark shapes.
emit("dev_chunkwise_bf16_8x16x8192x128", B=8, H=16, T=8192, Dk=128, Dv=128, dtype="bf16",
     schedule="chunkwise", chunk_size=64)
emit("dev_parallel_bf16_8x16x2048x128", B=8, H=16, T=2048, Dk=128, Dv=128, dtype="bf16",
     schedule="parallel")
emit("dev_decode_bf16_64x16x128", B=64, H=16, T=1, Dk=128, Dv=128, dtype="bf16",
     initial_state=True, return_state=True, schedule="recurrent")
(out / "specs.json").write_text(json.dumps(specs, indent=1))
