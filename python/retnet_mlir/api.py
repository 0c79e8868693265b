"""`retention(...)`: compile (cached) and run one retention op on numpy arrays."""

import struct

import numpy as np

from .compiler import TensorSpec, compile_module

_SCHEDULES = ("auto", "parallel", "chunkwise", "recurrent")
_ELT = {np.dtype(np.float32): "f32", np.dtype(np.float16): "f16"}


def _f32_literal(x):
    """Exact MLIR literal of an f32 (hex bit pattern)."""
    return "0x%08X" % struct.unpack("<I", struct.pack("<f", np.float32(x)))[0]


def retention_mlir(B, H, T, Dk, Dv, *, dtype="f32", state_dtype="f32", scale=1.0,
                   initial_state=False, return_state=False, decay_normalization=False,
                   group_norm_eps=None, schedule=None, chunk_size=None, name="retention",
                   offset=False):
    """MLIR text of a function applying one retention op, and its signature.

    `B` and `T` may be ints or None (dynamic). `schedule` pins
    ``#retention.schedule<...>`` in the IR when given. With `offset`, the
    function takes the op's offset (the absolute position of its first
    token) as a last argument of type tensor<1xi64>, read at run time.
    """
    def dims(*ds):
        return tuple("B" if d is None and i == 0 else ("T" if d is None else d) for i, d in enumerate(ds))

    qs = TensorSpec(dims(B, H, T, Dk), dtype)
    ks = qs
    vs = TensorSpec(dims(B, H, T, Dv), dtype)
    lds = TensorSpec((H,), "f32")
    ins = [qs, ks, vs, lds]
    state_spec = TensorSpec(dims(B, H, Dk, Dv), state_dtype)
    if initial_state:
        ins.append(state_spec)
    if offset:
        ins.append(TensorSpec((1,), "i64"))
    outs = [TensorSpec(dims(B, H, T, Dv), dtype)]
    if return_state:
        outs.append(state_spec)
    attrs = [f"scale = {_f32_literal(scale)} : f32"]
    if decay_normalization:
        attrs.append("decay_normalization")
    if group_norm_eps is not None:
        attrs.append(f"group_norm_eps = {_f32_literal(group_norm_eps)} : f32")
    if schedule is not None:
        if schedule == "chunkwise":
            attrs.append(f"schedule = #retention.schedule<chunkwise, chunk_size = {int(chunk_size)}>")
        else:
            attrs.append(f"schedule = #retention.schedule<{schedule}>")
    arg_names = (["%q", "%k", "%v", "%log_decay"] + (["%s0"] if initial_state else []) +
                 (["%offset_t"] if offset else []))
    args = ", ".join(f"{n}: {s.mlir_type()}" for n, s in zip(arg_names, ins))
    in_types = ", ".join(s.mlir_type() for s in ins)
    out_types = ", ".join(s.mlir_type() for s in outs)
    results = "%out, %state" if return_state else "%out"
    init = " init(%s0)" if initial_state else ""
    op_in_types = ", ".join(s.mlir_type() for s in ins[:len(ins) - (1 if offset else 0)])
    prologue = ""
    if offset:
        init += " offset(%offset)"
        op_in_types += ", i64"
        prologue = ("  %c0 = arith.constant 0 : index\n"
                    "  %offset = tensor.extract %offset_t[%c0] : tensor<1xi64>\n")
    text = (
        f"func.func @{name}({args}) -> ({out_types}) {{\n"
        f"{prologue}"
        f"  {results} = retention.retention %q, %k, %v, %log_decay{init}\n"
        f"      {{{', '.join(attrs)}}}\n"
        f"      : ({op_in_types}) -> ({out_types})\n"
        f"  return {results} : {out_types}\n"
        f"}}\n"
    )
    return text, (ins, outs)


def _as_array(name, a):
    if not isinstance(a, np.ndarray):
        raise TypeError(f"retention: {name} must be a numpy array, got {type(a).__name__}")
    if not a.flags["C_CONTIGUOUS"]:
        raise ValueError(f"retention: {name} must be C-contiguous (use np.ascontiguousarray)")
    return a


def retention(q, k, v, log_decay, *, scale=1.0, schedule="auto", chunk_size=None,
              initial_state=None, return_state=False, decay_normalization=False,
              group_norm_eps=None, target="cpu", gpu_arch="sm_90", offset=None):
    """Multi-scale retention of q, k [B, H, T, Dk] and v [B, H, T, Dv].

    `log_decay` [H] (float32) holds log(gamma_h). Arrays are float32 (or all
    float16; the state stays float32). Returns `out` [B, H, T, Dv], or
    ``(out, state)`` with `return_state`. With `group_norm_eps`, each output
    row (token, head) is RMS-normalized over Dv (fused epilogue). The op is compiled for these exact
    shapes by retnet-compile and cached on disk.

    `target` is ``"cpu"`` or ``"cuda"`` (NVIDIA GPU `gpu_arch`, e.g.
    ``"sm_90"``): numpy arrays in and out either way; with ``"cuda"`` the
    artifact's own runtime copies them to and from device buffers, and a
    machine without a CUDA driver or device raises RetNetError.

    `offset` (an int >= 0, with `decay_normalization` only) is the absolute
    position of the first token: rows are normalized at their absolute
    positions and `initial_state` is torchscale's normalized state after
    `offset` tokens (required with `decay_normalization` and an initial
    state). It is a run-time argument: new offsets do not recompile.
    """
    q, k, v, log_decay = (_as_array(n, a) for n, a in
                          (("q", q), ("k", k), ("v", v), ("log_decay", log_decay)))
    if target not in ("cpu", "cuda"):
        raise ValueError(f"retention: target must be 'cpu' or 'cuda', got {target!r}")
    if schedule not in _SCHEDULES:
        raise ValueError(f"retention: schedule must be one of {_SCHEDULES}, got {schedule!r}")
    if chunk_size is not None and (int(chunk_size) != chunk_size or chunk_size <= 0):
        raise ValueError(f"retention: chunk_size must be a positive integer, got {chunk_size!r}")
    if chunk_size is not None and schedule not in ("auto", "chunkwise"):
        raise ValueError("retention: chunk_size only applies to the chunkwise schedule")
    if q.dtype not in _ELT:
        raise TypeError(f"retention: q must be float32 or float16, got {q.dtype}")
    for n, a in (("k", k), ("v", v)):
        if a.dtype != q.dtype:
            raise TypeError(f"retention: {n} has dtype {a.dtype} but q has {q.dtype}")
    if log_decay.dtype != np.float32:
        raise TypeError(f"retention: log_decay must be float32, got {log_decay.dtype}")
    if q.ndim != 4:
        raise ValueError(f"retention: q must have rank 4 [B, H, T, Dk], got shape {q.shape}")
    if k.shape != q.shape:
        raise ValueError(f"retention: k must have the shape of q {q.shape}, got {k.shape}")
    if v.ndim != 4 or v.shape[:3] != q.shape[:3]:
        raise ValueError(f"retention: v must have shape [B, H, T, Dv] = {q.shape[:3]} + (Dv,), got {v.shape}")
    B, H, T, Dk = q.shape
    Dv = v.shape[3]
    if min(B, H, T, Dk, Dv) == 0:
        raise ValueError(f"retention: dimensions must be non-zero, got q {q.shape}, v {v.shape}")
    if log_decay.shape != (H,):
        raise ValueError(f"retention: log_decay must have shape ({H},), got {log_decay.shape}")
    if group_norm_eps is not None and not (np.isfinite(group_norm_eps) and group_norm_eps >= 0):
        raise ValueError(f"retention: group_norm_eps must be finite and >= 0, got {group_norm_eps}")
    if not np.isfinite(scale):
        raise ValueError(f"retention: scale must be finite, got {scale}")
    if initial_state is not None:
        initial_state = _as_array("initial_state", initial_state)
        if initial_state.dtype != np.float32:
            raise TypeError(f"retention: initial_state must be float32, got {initial_state.dtype}")
        if initial_state.shape != (B, H, Dk, Dv):
            raise ValueError(
                f"retention: initial_state must have shape {(B, H, Dk, Dv)}, got {initial_state.shape}")
        if decay_normalization and offset is None:
            raise ValueError("retention: decay_normalization with initial_state needs offset= (the "
                             "absolute position of the first token: the normalization depends on it)")
    if offset is not None:
        if not decay_normalization:
            raise ValueError("retention: offset only applies with decay_normalization")
        if isinstance(offset, bool) or not isinstance(offset, (int, np.integer)) or offset < 0:
            raise ValueError(f"retention: offset must be an integer >= 0, got {offset!r}")

    text, (ins, outs) = retention_mlir(
        B, H, T, Dk, Dv, dtype=_ELT[q.dtype], scale=scale,
        initial_state=initial_state is not None, return_state=return_state,
        decay_normalization=decay_normalization, group_norm_eps=group_norm_eps,
        offset=offset is not None)
    options = [f"--schedule={schedule}"]
    if target == "cuda":
        options += ["--target=cuda", f"--gpu-arch={gpu_arch}"]
    if chunk_size is not None:
        options.append(f"--chunk-size={int(chunk_size)}")
    module = compile_module(text, {"retention": (ins, outs)}, options)
    args = [q, k, v, log_decay] + ([initial_state] if initial_state is not None else [])
    if offset is not None:
        args.append(np.array([offset], dtype=np.int64))
    result = module["retention"](*args)
    return result
