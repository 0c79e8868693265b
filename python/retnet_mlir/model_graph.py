"""Emits a RetNet model graph as MLIR: `prefill` and `decode` entry points.

The layer pieces (RMSNorm, projections, xPos rotation, gate, GLU FFN) are
plain linalg on tensors; the retention core is `retention.retention` with the
per-head group norm fused into its epilogue and torchscale's decay
normalization (docs/torchscale.md). See docs/design.md ("Model level") for
why the layer is not a composite op.
"""

import math

from .config import log_decays, rotation_angles  # noqa: F401 (re-exported: bench/bench_model.py)
from .irbuilder import FM, FuncBuilder, amap, f32_lit, ttype
from .weights import EMBED, OUTPUT, weight_shapes

PAR, RED = "parallel", "reduction"


def _fma(emit, fresh, x, y, acc):
    m = fresh("m")
    emit(f"{m} = arith.mulf {x}, {y} {FM} : f32")
    s = fresh("s")
    emit(f"{s} = arith.addf {acc}, {m} {FM} : f32")
    return s


def _silu(emit, fresh, x, one):
    n = fresh("n")
    emit(f"{n} = arith.negf {x} : f32")
    e = fresh("e")
    emit(f"{e} = math.exp {n} : f32")
    d = fresh("d")
    emit(f"{d} = arith.addf {e}, {one} : f32")
    r = fresh("r")
    emit(f"{r} = arith.divf {x}, {d} : f32")
    return r


class _Graph:
    def __init__(self, fb, cfg):
        self.fb = fb
        self.cfg = cfg
        self.one = fb.const_f32(1.0)

    def rmsnorm(self, x, shape, w, eps):
        fb = self.fb
        B, T, E = shape
        ss = fb.generic([(x, ttype(shape))], (fb.zeros((B, T)), ttype((B, T))),
                        [amap(3, ["d0", "d1", "d2"]), amap(3, ["d0", "d1"])], [PAR, PAR, RED],
                        lambda a, emit, fresh: _fma(emit, fresh, a[0], a[0], a[1]), hint="sumsq")
        inv_e = fb.const_f32(1.0 / E)
        eps_v = fb.const_f32(eps)

        def body(a, emit, fresh):
            m = fresh("mean")
            emit(f"{m} = arith.mulf {a[1]}, {inv_e} : f32")
            v = fresh("var")
            emit(f"{v} = arith.addf {m}, {eps_v} : f32")
            r = fresh("rs")
            emit(f"{r} = math.rsqrt {v} : f32")
            t = fresh("t")
            emit(f"{t} = arith.mulf {a[0]}, {r} : f32")
            y = fresh("y")
            emit(f"{y} = arith.mulf {t}, {a[2]} : f32")
            return y

        return fb.generic([(x, ttype(shape)), (ss, ttype((B, T))), (w, ttype((E,)))],
                          (fb.empty(shape), ttype(shape)),
                          [amap(3, ["d0", "d1", "d2"]), amap(3, ["d0", "d1"]), amap(3, ["d2"]),
                           amap(3, ["d0", "d1", "d2"])], [PAR, PAR, PAR], body, hint="rms")

    def proj(self, x, shape, w, n, layout="packed"):
        """x [B, T, K] @ W^T -> [B, T, n], `w` in `layout` (graph_weights):
        "packed" W^T panels [n/PANEL, K, PANEL], "t" W^T [K, n], "plain" W
        [n, K]."""
        fb = self.fb
        B, T, K = shape
        fma = lambda a, emit, fresh: _fma(emit, fresh, a[0], a[1], a[2])  # noqa: E731
        if layout == "packed":
            # Loops (b, panel, t, lane, k): y[b, t, panel * PANEL + lane].
            s4 = (B, T, n // PANEL, PANEL)
            y = fb.generic([(x, ttype(shape)), (w, ttype((n // PANEL, K, PANEL)))],
                           (fb.zeros(s4), ttype(s4)),
                           [amap(5, ["d0", "d2", "d4"]), amap(5, ["d1", "d4", "d3"]),
                            amap(5, ["d0", "d2", "d1", "d3"])], [PAR, PAR, PAR, PAR, RED],
                           fma, hint="proj")
            return fb.collapse(y, s4, "[[0], [1], [2, 3]]", (B, T, n))
        w_type, w_map = (ttype((K, n)), ["d3", "d2"]) if layout == "t" else (ttype((n, K)), ["d2", "d3"])
        return fb.generic([(x, ttype(shape)), (w, w_type)],
                          (fb.zeros((B, T, n)), ttype((B, T, n))),
                          [amap(4, ["d0", "d1", "d3"]), amap(4, w_map),
                           amap(4, ["d0", "d1", "d2"])], [PAR, PAR, PAR, RED], fma, hint="proj")

    def proj_heads(self, x, shape, w, H, D, layout="packed"):
        """x [B, T, E] @ W^T laid out as heads [B, H, T, D], `w` in `layout`:
        "packed" [H*D/PANEL, E, PANEL] or "t" W^T [E, H*D]."""
        fb = self.fb
        B, T, E = shape
        fma = lambda a, emit, fresh: _fma(emit, fresh, a[0], a[1], a[2])  # noqa: E731
        if layout == "packed":
            # Loops (b, h, panel, t, lane, k): y[b, h, t, panel * PANEL + lane].
            P = D // PANEL
            w4 = fb.expand(w, (H * P, E, PANEL), "[[0, 1], [2], [3]]", (H, P, E, PANEL))
            s5 = (B, H, T, P, PANEL)
            y = fb.generic([(x, ttype(shape)), (w4, ttype((H, P, E, PANEL)))],
                           (fb.zeros(s5), ttype(s5)),
                           [amap(6, ["d0", "d3", "d5"]), amap(6, ["d1", "d2", "d5", "d4"]),
                            amap(6, ["d0", "d1", "d3", "d2", "d4"])], [PAR] * 5 + [RED],
                           fma, hint="heads")
            return fb.collapse(y, s5, "[[0], [1], [2], [3, 4]]", (B, H, T, D))
        w3 = fb.expand(w, (E, H * D), "[[0], [1, 2]]", (E, H, D))
        return fb.generic([(x, ttype(shape)), (w3, ttype((E, H, D)))],
                          (fb.zeros((B, H, T, D)), ttype((B, H, T, D))),
                          [amap(5, ["d0", "d2", "d4"]), amap(5, ["d4", "d1", "d3"]),
                           amap(5, ["d0", "d1", "d2", "d3"])], [PAR, PAR, PAR, PAR, RED], fma,
                          hint="heads")

    def rotation_table(self, T, D, pos, angles):
        """cos and sin of (pos + t) * angle[j] as a [T, D/2, 2] f32 table
        (last index 0: cos, 1: sin), computed in f64 once per graph and shared
        by every layer's q and k rotation."""
        fb = self.fb
        c0 = fb.const_index(0)

        def body(a, emit, fresh):
            t = fresh("t")
            emit(f"{t} = linalg.index 0 : index")
            c = fresh("c")
            emit(f"{c} = linalg.index 2 : index")
            ti = fresh("ti")
            emit(f"{ti} = arith.index_cast {t} : index to i64")
            n = fresh("pos")
            emit(f"{n} = arith.addi {ti}, {pos} : i64")
            nf = fresh("nf")
            emit(f"{nf} = arith.sitofp {n} : i64 to f64")
            th = fresh("theta")
            emit(f"{th} = arith.mulf {nf}, {a[0]} : f64")
            cs, sn = fresh("cos"), fresh("sin")
            emit(f"{cs} = math.cos {th} : f64")
            emit(f"{sn} = math.sin {th} : f64")
            is_cos = fresh("is_cos")
            emit(f"{is_cos} = arith.cmpi eq, {c}, {c0} : index")
            v = fresh("trig")
            emit(f"{v} = arith.select {is_cos}, {cs}, {sn} : f64")
            r = fresh("trigf")
            emit(f"{r} = arith.truncf {v} : f64 to f32")
            return r

        s3 = (T, D // 2, 2)
        return fb.generic([(angles, ttype((D // 2,), "f64"))], (fb.empty(s3), ttype(s3)),
                          [amap(3, ["d1"]), amap(3, ["d0", "d1", "d2"])], [PAR] * 3, body,
                          hint="rot_table")

    def rotate(self, x, shape, table, scale=None):
        """xPos-style rotation by the angles of `rotation_table`."""
        fb = self.fb
        B, H, T, D = shape
        s5 = (B, H, T, D // 2, 2)
        x5 = fb.expand(x, shape, "[[0], [1], [2], [3, 4]]", s5)
        c0 = fb.const_index(0)
        sc = fb.const_f32(scale) if scale is not None else None

        def body(a, emit, fresh):
            csf, snf = a[2], a[3]
            c = fresh("c")
            emit(f"{c} = linalg.index 4 : index")
            even = fresh("even")
            emit(f"{even} = arith.cmpi eq, {c}, {c0} : index")
            # even lane: x0 cos - x1 sin; odd lane: x1 cos + x0 sin
            p0, p1, p2, p3 = fresh("p"), fresh("p"), fresh("p"), fresh("p")
            emit(f"{p0} = arith.mulf {a[0]}, {csf} : f32")
            emit(f"{p1} = arith.mulf {a[1]}, {snf} : f32")
            emit(f"{p2} = arith.mulf {a[1]}, {csf} : f32")
            emit(f"{p3} = arith.mulf {a[0]}, {snf} : f32")
            r0, r1 = fresh("r"), fresh("r")
            emit(f"{r0} = arith.subf {p0}, {p1} : f32")
            emit(f"{r1} = arith.addf {p2}, {p3} : f32")
            r = fresh("rot")
            emit(f"{r} = arith.select {even}, {r0}, {r1} : f32")
            if sc is not None:
                r2 = fresh("scaled")
                emit(f"{r2} = arith.mulf {r}, {sc} : f32")
                r = r2
            return r

        t3 = ttype((T, D // 2, 2))
        out = fb.generic([(x5, ttype(s5)), (x5, ttype(s5)), (table, t3), (table, t3)],
                         (fb.empty(s5), ttype(s5)),
                         [amap(5, ["d0", "d1", "d2", "d3", "0"]), amap(5, ["d0", "d1", "d2", "d3", "1"]),
                          amap(5, ["d2", "d3", "0"]), amap(5, ["d2", "d3", "1"]),
                          amap(5, ["d0", "d1", "d2", "d3", "d4"])],
                         [PAR] * 5, body, hint="xpos")
        return fb.collapse(out, s5, "[[0], [1], [2], [3, 4]]", shape)

    def gate(self, g, o, B, T, H, Dv):
        """silu(g) * o, g [B, T, H*Dv], o [B, H, T, Dv] -> [B, T, H*Dv]."""
        fb = self.fb
        g4 = fb.expand(g, (B, T, H * Dv), "[[0], [1], [2, 3]]", (B, T, H, Dv))
        one = self.one

        def body(a, emit, fresh):
            s = _silu(emit, fresh, a[0], one)
            y = fresh("y")
            emit(f"{y} = arith.mulf {s}, {a[1]} : f32")
            return y

        out = fb.generic([(g4, ttype((B, T, H, Dv))), (o, ttype((B, H, T, Dv)))],
                         (fb.empty((B, T, H, Dv)), ttype((B, T, H, Dv))),
                         [amap(4, ["d0", "d1", "d2", "d3"]), amap(4, ["d0", "d2", "d1", "d3"]),
                          amap(4, ["d0", "d1", "d2", "d3"])], [PAR] * 4, body, hint="gated")
        return fb.collapse(out, (B, T, H, Dv), "[[0], [1], [2, 3]]", (B, T, H * Dv))

    def elementwise(self, ins, shape, body, hint):
        """out[...] = body(in0[...], in1[...], ...) over same-shaped inputs."""
        fb = self.fb
        n = len(shape)
        ident = amap(n, [f"d{i}" for i in range(n)])
        return fb.generic([(x, ttype(shape)) for x in ins], (fb.empty(shape), ttype(shape)),
                          [ident] * (len(ins) + 1), [PAR] * n, body, hint=hint)

    def add(self, x, y, shape, alpha=1.0):
        """x * alpha + y (torchscale's residual_connection(y, x))."""
        al = self.fb.const_f32(alpha) if alpha != 1.0 else None

        def body(a, emit, fresh):
            xa = a[0]
            if al is not None:
                xa = fresh("scaled")
                emit(f"{xa} = arith.mulf {a[0]}, {al} : f32")
            r = fresh("sum")
            emit(f"{r} = arith.addf {xa}, {a[1]} : f32")
            return r

        return self.elementwise([x, y], shape, body, hint="res")

    def glu(self, a, gt, shape, act):
        fb = self.fb
        one = self.one
        half = fb.const_f32(0.5)
        rsqrt2 = fb.const_f32(1.0 / math.sqrt(2.0))
        zero = fb.const_f32(0.0) if act == "relu" else None

        def body(args, emit, fresh):
            x = args[0]
            if act == "gelu":
                u = fresh("u")
                emit(f"{u} = arith.mulf {x}, {rsqrt2} : f32")
                e = fresh("erf")
                emit(f"{e} = math.erf {u} : f32")
                p = fresh("p")
                emit(f"{p} = arith.addf {e}, {one} : f32")
                h = fresh("h")
                emit(f"{h} = arith.mulf {x}, {half} : f32")
                y = fresh("act")
                emit(f"{y} = arith.mulf {h}, {p} : f32")
            elif act == "relu":
                y = fresh("act")
                emit(f"{y} = arith.maximumf {x}, {zero} : f32")
            else:
                y = _silu(emit, fresh, x, one)
            r = fresh("glu")
            emit(f"{r} = arith.mulf {y}, {args[1]} : f32")
            return r

        return self.elementwise([a, gt], shape, body, hint="glu")

    def embed(self, tokens, B, T, table, vocab, E, scale):
        fb = self.fb
        c0 = fb.const_index(0)
        cmax = fb.const_index(vocab - 1)
        sc = fb.const_f32(scale) if scale != 1.0 else None

        def body(a, emit, fresh):
            i = fresh("tok")
            emit(f"{i} = arith.index_cast {a[0]} : i64 to index")
            lo = fresh("tok")
            emit(f"{lo} = arith.maxsi {i}, {c0} : index")
            hi = fresh("tok")
            emit(f"{hi} = arith.minsi {lo}, {cmax} : index")
            e = fresh("col")
            emit(f"{e} = linalg.index 2 : index")
            v = fresh("emb")
            emit(f"{v} = tensor.extract {table}[{hi}, {e}] : {ttype((vocab, E))}")
            if sc is not None:
                v2 = fresh("emb")
                emit(f"{v2} = arith.mulf {v}, {sc} : f32")
                v = v2
            return v

        return fb.generic([(tokens, ttype((B, T), "i64"))], (fb.empty((B, T, E)), ttype((B, T, E))),
                          [amap(3, ["d0", "d1"]), amap(3, ["d0", "d1", "d2"])], [PAR] * 3, body,
                          hint="embed")


_PROJECTIONS = ("retention.q_proj", "retention.k_proj", "retention.v_proj", "retention.g_proj",
                "retention.out_proj", "ffn.fc1", "ffn.gate", "ffn.fc2")
_HEADS = ("retention.q_proj", "retention.k_proj", "retention.v_proj")
#: Lanes of one panel of a packed projection weight (two AVX-512 vectors).
PANEL = 32


def graph_weights(cfg):
    """Ordered {name: (shape, layout)}: the parameters of weight_shapes as the
    compiled entry points take them, made once when the model is loaded
    (pack_weight). A projection's weight W [out, in] (torch's Linear layout,
    "plain") is data-tiled: W^T cut into panels of PANEL output features,
    [out / PANEL, in, PANEL] ("packed"), each panel's rows contiguous, so a
    contraction streams a panel sequentially whatever `out` is (a 32000-word
    vocabulary included) and neither a prefill nor a decode step transposes
    or packs a weight per call. Where `out` (or a head's dimension) is not a
    multiple of PANEL the weight is W^T [in, out] ("t"). The embedding table
    keeps its layout (rows are gathered), and so does a tied output layer
    that shares it."""
    H = cfg.heads
    out = {}
    for name, shape in weight_shapes(cfg).items():
        role = name.rsplit(".", 1)[0].split(".", 2)[-1]
        if name != OUTPUT and role not in _PROJECTIONS:
            out[name] = (tuple(shape), "plain")
            continue
        n, k = shape
        per_head = n // H if role in _HEADS else n
        if n % PANEL == 0 and per_head % PANEL == 0:
            out[name] = ((n // PANEL, k, PANEL), "packed")
        else:
            out[name] = ((k, n), "t")
    return out


def pack_weight(w, layout):
    """`w` [out, in] (torch's layout) as graph_weights' `layout` expects it."""
    import numpy as np

    if layout == "plain":
        return w
    if layout == "t":
        return np.ascontiguousarray(w.T)
    n, k = w.shape
    return np.ascontiguousarray(w.reshape(n // PANEL, PANEL, k).transpose(0, 2, 1))


def build_function(cfg, kind, B, T, schedule_attr=None):
    """MLIR text and signature of `prefill` (kind="prefill") or `decode`.

    `B` and `T` are ints, or None for an extent known only at run time: one
    artifact then serves every batch size / prompt length (the extents are
    read from `tokens`; the signature names them "B" and "T").

    prefill(tokens [B,T] i64, weights...) -> (logits [B,T,vocab], state_0..state_{L-1})
    decode(tokens [B,T] i64, position [1] i64, state_0.., weights...) -> (logits, states..)

    The model is torchscale's RetNetDecoder (docs/torchscale.md): retention is
    decay-normalized (`decay_normalization`); decode continues from the
    normalized states at `offset(position)`. With no_output_layer the first
    result is the features [B, T, E] instead of logits.
    """
    from .compiler import TensorSpec

    E, H, Dk, Dv = cfg.decoder_embed_dim, cfg.heads, cfg.key_dim, cfg.value_dim
    V, F, L, vocab = cfg.decoder_value_embed_dim, cfg.decoder_ffn_embed_dim, cfg.decoder_layers, cfg.vocab_size
    eps = cfg.layernorm_eps
    pre = cfg.decoder_normalize_before
    alpha = cfg.residual_alpha
    fb = FuncBuilder(kind)
    ins = []
    B = "B" if B is None else int(B)
    T = "T" if T is None else int(T)
    tokens = fb.arg("tokens", ttype((B, T), "i64"))
    ins.append(TensorSpec((B, T), "i64"))
    for axis, d in enumerate((B, T)):
        if isinstance(d, str):
            fb.define_dim(d, tokens, ttype((B, T), "i64"), axis)
    state_t = ttype((B, H, Dk, Dv))
    states_in = []
    if kind == "decode":
        position = fb.arg("position", ttype((1,), "i64"))
        ins.append(TensorSpec((1,), "i64"))
        for i in range(L):
            states_in.append(fb.arg(f"state_{i}", state_t))
            ins.append(TensorSpec((B, H, Dk, Dv)))
    w = {}
    layouts = {}
    for name, (shape, layout) in graph_weights(cfg).items():
        w[name] = fb.arg(name.replace(".", "_"), ttype(shape))
        ins.append(TensorSpec(shape))
        layouts[name] = layout

    g = _Graph(fb, cfg)
    fb.comment(f"RetNet {kind}: B={B} T={T} E={E} H={H} Dk={Dk} Dv={Dv} FFN={F} layers={L} "
               f"({'pre' if pre else 'post'}-norm, residual alpha {alpha:g})")
    if kind == "decode":
        c0 = fb.const_index(0)
        pos = fb.fresh("position")
        fb.emit(f"{pos} = tensor.extract {position}[{c0}] : {ttype((1,), 'i64')}")
    else:
        pos = fb.fresh("position")
        fb.emit(f"{pos} = arith.constant 0 : i64")
    angles = fb.const_tensor(rotation_angles(Dk), "f64")
    rot = g.rotation_table(T, Dk, pos, angles)
    ld = fb.const_tensor(log_decays(H), "f32")
    act_shape = (B, T, E)
    x = g.embed(tokens, B, T, w[EMBED], vocab, E, cfg.embed_scale)
    if cfg.layernorm_embedding:
        x = g.rmsnorm(x, act_shape, w["layernorm_embedding.weight"], eps)
    states_out = []
    sched = f", schedule = {schedule_attr}" if schedule_attr else ""
    qt, vt = ttype((B, H, T, Dk)), ttype((B, H, T, Dv))
    for i in range(L):
        p = f"layers.{i}."
        ln1, ln2 = w[p + "retention_layer_norm.weight"], w[p + "final_layer_norm.weight"]
        fb.comment(f"layer {i}: multi-scale retention")
        xn = g.rmsnorm(x, act_shape, ln1, eps) if pre else x
        q = g.proj_heads(xn, act_shape, w[p + "retention.q_proj.weight"], H, Dk, layouts[p + "retention.q_proj.weight"])
        k = g.proj_heads(xn, act_shape, w[p + "retention.k_proj.weight"], H, Dk, layouts[p + "retention.k_proj.weight"])
        v = g.proj_heads(xn, act_shape, w[p + "retention.v_proj.weight"], H, Dv, layouts[p + "retention.v_proj.weight"])
        gg = g.proj(xn, act_shape, w[p + "retention.g_proj.weight"], V, layouts[p + "retention.g_proj.weight"])
        qr = g.rotate(q, (B, H, T, Dk), rot)
        kr = g.rotate(k, (B, H, T, Dk), rot, scale=Dk ** -0.5)
        o, s = fb.fresh("ret"), fb.fresh("state")
        if kind == "decode":
            init = f" init({states_in[i]}) offset({pos})"
            in_types = f"{qt}, {qt}, {vt}, {ttype((H,))}, {state_t}, i64"
        else:
            init = ""
            in_types = f"{qt}, {qt}, {vt}, {ttype((H,))}"
        fb.emit(f"{o}, {s} = retention.retention {qr}, {kr}, {v}, {ld}{init} "
                f"{{decay_normalization, group_norm_eps = {f32_lit(eps)} : f32{sched}}} "
                f": ({in_types}) -> ({vt}, {state_t})")
        states_out.append(s)
        y = g.gate(gg, o, B, T, H, Dv)
        out = g.proj(y, (B, T, V), w[p + "retention.out_proj.weight"], E, layouts[p + "retention.out_proj.weight"])
        h = g.add(x, out, act_shape, alpha)
        if not pre:
            h = g.rmsnorm(h, act_shape, ln1, eps)
        fb.comment(f"layer {i}: gated FFN ({cfg.activation_fn})")
        hn = g.rmsnorm(h, act_shape, ln2, eps) if pre else h
        a = g.proj(hn, act_shape, w[p + "ffn.fc1.weight"], F, layouts[p + "ffn.fc1.weight"])
        gt = g.proj(hn, act_shape, w[p + "ffn.gate.weight"], F, layouts[p + "ffn.gate.weight"])
        m = g.glu(a, gt, (B, T, F), cfg.activation_fn)
        f = g.proj(m, (B, T, F), w[p + "ffn.fc2.weight"], E, layouts[p + "ffn.fc2.weight"])
        x = g.add(h, f, act_shape, alpha)
        if not pre:
            x = g.rmsnorm(x, act_shape, ln2, eps)
    fb.comment("output head")
    if pre:
        x = g.rmsnorm(x, act_shape, w["layer_norm.weight"], eps)
    if cfg.no_output_layer:
        out, out_dim = x, E
    else:
        if cfg.tied_embeddings:
            out = g.proj(x, act_shape, w[EMBED], vocab, layout="plain")
        else:
            out = g.proj(x, act_shape, w[OUTPUT], vocab, layout=layouts[OUTPUT])
        out_dim = vocab
    results = [(out, ttype((B, T, out_dim)))] + [(s, state_t) for s in states_out]
    outs = [TensorSpec((B, T, out_dim))] + [TensorSpec((B, H, Dk, Dv)) for _ in states_out]
    return fb.text(results), (ins, outs)
