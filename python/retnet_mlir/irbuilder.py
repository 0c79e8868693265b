"""A small emitter of MLIR text (func + tensor + linalg + arith + math).

Used by the model builder to write readable model graphs for retnet-compile.
Every value gets a fresh SSA name; `generic` writes one linalg.generic.
"""

import struct

import numpy as np


def ttype(shape, elt="f32"):
    """tensor<2x3xf32>; None or a name (a str, see FuncBuilder.define_dim) in
    `shape` is a dynamic extent."""
    if not shape:
        return f"tensor<{elt}>"
    return "tensor<" + "x".join(str(d) if isinstance(d, int) else "?" for d in shape) + f"x{elt}>"


def f32_lit(x):
    return "0x%08X" % struct.unpack("<I", struct.pack("<f", np.float32(x)))[0]


def f64_lit(x):
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def amap(ndims, results):
    dims = ", ".join(f"d{i}" for i in range(ndims))
    return f"affine_map<({dims}) -> ({', '.join(results)})>"


class FuncBuilder:
    """Builds one func.func."""

    def __init__(self, name, hint=""):
        self.name = name
        self.hint = hint
        self.args = []
        self.lines = []
        self.counter = 0
        self.dims = {}  # name of a dynamic extent -> its index SSA value

    def fresh(self, hint="v"):
        self.counter += 1
        return f"%{hint}{self.counter}"

    def arg(self, name, type_):
        v = f"%{name}"
        self.args.append((v, type_))
        return v

    def emit(self, line):
        self.lines.append("  " + line)

    # Dynamic extents ------------------------------------------------------
    def define_dim(self, name, tensor, tensor_type, axis):
        """Names the run-time extent `axis` of `tensor`: shapes may then hold
        `name` (a str) where the extent is dynamic."""
        c = self.const_index(axis)
        v = self.fresh(name)
        self.emit(f"{v} = tensor.dim {tensor}, {c} : {tensor_type}")
        self.dims[name] = v
        return v

    def dim_value(self, d):
        """The index SSA value of extent `d` (an int or a defined name)."""
        if isinstance(d, int):
            return self.const_index(d)
        return self.dims[d]

    def _dynamic_operands(self, shape):
        return ", ".join(self.dims[d] for d in shape if not isinstance(d, int))

    def comment(self, text):
        self.lines.append(f"  // {text}")

    # Scalars and constants ------------------------------------------------
    def const_f32(self, x):
        v = self.fresh("cst")
        self.emit(f"{v} = arith.constant {f32_lit(x)} : f32")
        return v

    def const_index(self, i):
        v = self.fresh("c")
        self.emit(f"{v} = arith.constant {int(i)} : index")
        return v

    def const_tensor(self, values, elt):
        values = np.asarray(values).ravel()
        lit = f64_lit if elt == "f64" else f32_lit
        body = ", ".join(lit(x) for x in values)
        v = self.fresh("table")
        self.emit(f"{v} = arith.constant dense<[{body}]> : {ttype((len(values),), elt)}")
        return v

    # Tensors ---------------------------------------------------------------
    def zeros(self, shape, elt="f32"):
        e = self.empty(shape, elt)
        z = self.const_f32(0.0)
        v = self.fresh("zero")
        self.emit(f"{v} = linalg.fill ins({z} : f32) outs({e} : {ttype(shape, elt)}) -> {ttype(shape, elt)}")
        return v

    def empty(self, shape, elt="f32"):
        e = self.fresh("empty")
        self.emit(f"{e} = tensor.empty({self._dynamic_operands(shape)}) : {ttype(shape, elt)}")
        return e

    def expand(self, x, src_shape, reassoc, dst_shape):
        v = self.fresh("exp")
        sizes = ", ".join(str(d) if isinstance(d, int) else self.dims[d] for d in dst_shape)
        self.emit(f"{v} = tensor.expand_shape {x} {reassoc} output_shape "
                  f"[{sizes}] : {ttype(src_shape)} into {ttype(dst_shape)}")
        return v

    def collapse(self, x, src_shape, reassoc, dst_shape):
        v = self.fresh("col")
        self.emit(f"{v} = tensor.collapse_shape {x} {reassoc} : {ttype(src_shape)} into {ttype(dst_shape)}")
        return v

    def generic(self, ins, out, maps, iters, body, hint="g"):
        """One linalg.generic with a single result.

        `ins` and `out` are (value, type) pairs (`out` is the init), `maps`
        the indexing maps (inputs then output), `iters` "parallel" or
        "reduction" per loop. `body(args, emit, fresh)` gets the block
        argument names (inputs then output), emits scalar ops and returns the
        value to yield.
        """
        elts = [t[t.rindex("x") + 1:-1] if "x" in t else t[7:-1] for _, t in ins + [out]]
        bargs = [self.fresh("a") for _ in elts]
        ins_txt = ""
        if ins:
            ins_txt = f" ins({', '.join(v for v, _ in ins)} : {', '.join(t for _, t in ins)})"
        res = self.fresh(hint)
        self.emit(f"{res} = linalg.generic {{indexing_maps = [{', '.join(maps)}], "
                  f"iterator_types = [{', '.join(repr(i).replace(chr(39), chr(34)) for i in iters)}]}}"
                  f"{ins_txt} outs({out[0]} : {out[1]}) {{")
        self.lines.append(f"  ^bb0({', '.join(f'{a}: {e}' for a, e in zip(bargs, elts))}):")
        inner = []

        def emit(line):
            inner.append("    " + line)

        y = body(bargs, emit, self.fresh)
        self.lines.extend(inner)
        self.lines.append(f"    linalg.yield {y} : {elts[-1]}")
        self.lines.append(f"  }} -> {out[1]}")
        return res

    def text(self, results):
        """The function's text; `results` are (value, type) pairs."""
        args = ",\n    ".join(f"{v}: {t}" for v, t in self.args)
        rtypes = ", ".join(t for _, t in results)
        out = [f"func.func @{self.name}(\n    {args})\n    -> ({rtypes}) {{"]
        out += self.lines
        out.append(f"  return {', '.join(v for v, _ in results)} : {rtypes}")
        out.append("}")
        return "\n".join(out) + "\n"


FM = "fastmath<reassoc,contract>"
