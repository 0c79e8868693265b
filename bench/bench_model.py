"""Whole-model benchmark: the compiled RetNet (retnet_mlir.RetNetModel) next
to real peers holding the same weights (float32):

  ours                 RetNetModel (retnet-compile; its OpenMP threads set by
                       OMP_NUM_THREADS: the thread counts below, or the
                       one count given in the environment)
  torch-port           the project's PyTorch eager port (TorchRetNet below)
  torchscale-eager     torchscale's RetNetDecoder, eval(): its parallel form
                       for prefill, its incremental_state (recurrent) step
                       for decode
  torchscale-compile   the same decoder under torch.compile (Inductor,
                       dynamic=False, recompiled per case; the first call,
                       which compiles, is recorded apart and the warm-up
                       calls exclude the rest)
  onnxruntime          the same decoder exported by torch.onnx.export (the
                       dynamo exporter, else the TorchScript one) and run by
                       ONNX Runtime's CPU provider

Cases: prefill of a [1, T] prompt (--prompt-lens) and one decode step at
batch B (--decode-batches) after a DECODE_PROMPT-token prompt (torchscale:
that prompt stepped through its recurrent form), for each of --models.
Every peer runs in its own process (this script with --worker PEER; thread
pools of different libraries in one process get in each other's way), once
per thread count (1 and 2: torch.set_num_threads, ONNX Runtime's intra-op
threads, OMP_NUM_THREADS for ours), and the faster one counts (on a host
with other work running, two threads can lose badly to one). Before
timing, each peer's logits are checked against ours (max |peer - ours| /
max |ours| < 1e-3); a case that fails the check, or whose export or compile
fails, records why instead of a time. The timed decode step is repeated on
the same position (on its own output state where a peer updates the state
in place).

One metric per case: the median time (after 3 warm-up calls, 5 for decode),
and GFLOP/s under one FLOP count for every peer (FLOP_DEFINITION); a rate
above the machine's peak (the larger of cores x clock x FLOPs per cycle and
the best sgemm measured) is flagged (exceeds_peak) and warned about. Ratios
are peer time / our time. The same run measures sgemm (torch.mm [T, E] x
[E, E] at 2 threads, and numpy's) and read bandwidth (numpy sum over 1 GiB
and over the model's weight bytes), and records the host (common.machine())
and its load average, start and end. Writes bench/results/model.json and
model.png. Every worker runs under glibc's default malloc settings (the
compiled model's temporaries live in a workspace its artifact keeps per
thread); --keep-freed-memory applies rm.keep_freed_memory in every worker
alike.

Usage: bench/bench_model.py [--models small base F.json] [--prompt-lens T ...]
         [--decode-batches B ...] [--peers PEER ... | all] [--reps N]
(default: the example model, T=128, decode B=1, ours + torch-port +
torchscale-eager + torchscale-compile).
"""

import argparse
import dataclasses
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, machine, timeit, useful_flops, write_json  # noqa: E402

import retnet_mlir as rm  # noqa: E402
from retnet_mlir.model_graph import log_decays, rotation_angles  # noqa: E402
from retnet_mlir.weights import rel_pos_buffers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODELS = {"small": ROOT / "examples" / "retnet_small.json",
          "base": ROOT / "bench" / "configs" / "retnet_base.json"}
PEERS = ("torch-port", "torchscale-eager", "torchscale-compile", "onnxruntime")
DEFAULT_PEERS = PEERS[:3]
THREADS = (1, 2)
DECODE_PROMPT = 16
SEED = 0
TOL = 1e-3
FLOP_DEFINITION = (
    "2 x the multiply-adds per token of the model's contractions (per layer q, k, v, g and out "
    "projections, FFN fc1, gate and fc2; the logits) x the tokens (B*T for prefill, B for a decode "
    "step), plus the retention's useful FLOPs (bench/common.py useful_flops): 'chunkwise' with "
    "chunk min(T, 64) for prefill, 'recurrent' for a decode step, per layer. Embedding lookup, "
    "norms, activations and rotations are not counted. The same count for every peer, whatever "
    "form it runs.")


def case_key(case):
    return f"prefill T={case['T']}" if case["kind"] == "prefill" else f"decode B={case['B']}"


def case_flops(cfg, case):
    """FLOP_DEFINITION for one case."""
    E, V, F = cfg.decoder_embed_dim, cfg.decoder_value_embed_dim, cfg.decoder_ffn_embed_dim
    macs = cfg.decoder_layers * (2 * E * E + 2 * E * V + V * E + 3 * E * F)
    if not cfg.no_output_layer:
        macs += E * cfg.vocab_size
    B, T, H, Dk, Dv = case["B"], case["T"], cfg.heads, cfg.key_dim, cfg.value_dim
    if case["kind"] == "prefill":
        ret = useful_flops("chunkwise", B, H, T, Dk, Dv, chunk=min(T, 64))
        tokens = B * T
    else:
        ret = useful_flops("recurrent", B, H, 1, Dk, Dv)
        tokens = B
    return 2 * macs * tokens + cfg.decoder_layers * ret


def case_tokens(cfg, case):
    """The prompt [B, T] of a case (prefill), or the prompt [B, DECODE_PROMPT]
    and the decoded token [B, 1] (decode)."""
    if case["kind"] == "prefill":
        return np.random.default_rng(0).integers(0, cfg.vocab_size, (case["B"], case["T"]))
    toks = np.random.default_rng(1).integers(0, cfg.vocab_size, (case["B"], DECODE_PROMPT + 1))
    return toks[:, :-1], toks[:, -1:]


class TorchRetNet:
    """The model of retention-semantics.md sections 3-4 in PyTorch eager:
    torchscale's layer structure and decay normalization, the chunkwise form
    for prefill (chunk 64, or the whole prompt when shorter; rows and state
    then normalized) and torchscale's normalized recurrent step, in place,
    for decode."""

    def __init__(self, torch, cfg, weights):
        self.torch, self.cfg = torch, cfg
        self.w = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32))
                  for k, v in weights.items()}
        self.ld = torch.tensor(log_decays(cfg.heads), dtype=torch.float32)
        self.angles = torch.tensor(np.repeat(rotation_angles(cfg.key_dim), 2), dtype=torch.float64)

    def _rms(self, x, w):
        t = self.torch
        y = x * t.rsqrt((x * x).mean(-1, keepdim=True) + self.cfg.layernorm_eps)
        return y if w is None else y * w

    def _rotate(self, x, start):
        t = self.torch
        T = x.shape[2]
        th = (start + t.arange(T, dtype=t.float64))[:, None] * self.angles[None, :]
        cos, sin = t.cos(th).float(), t.sin(th).float()
        rot = t.stack((-x[..., 1::2], x[..., 0::2]), dim=-1).flatten(-2)
        return x * cos + rot * sin

    def _layers(self, x, retention):
        t, cfg, w = self.torch, self.cfg, self.w
        B, T, _ = x.shape
        H, Dk, Dv = cfg.heads, cfg.key_dim, cfg.value_dim
        states = []
        for i in range(cfg.decoder_layers):
            p = f"layers.{i}."
            xn = self._rms(x, w[p + "retention_layer_norm.weight"])

            def heads(y, d):
                return y.view(B, T, H, d).transpose(1, 2)

            q = heads(xn @ w[p + "retention.q_proj.weight"].T, Dk)
            k = heads(xn @ w[p + "retention.k_proj.weight"].T, Dk) * Dk ** -0.5
            v = heads(xn @ w[p + "retention.v_proj.weight"].T, Dv)
            g = xn @ w[p + "retention.g_proj.weight"].T
            o, s = retention(i, q, k, v)
            states.append(s)
            o = self._rms(o, None).transpose(1, 2).reshape(B, T, H * Dv)
            x = x + (t.nn.functional.silu(g) * o) @ w[p + "retention.out_proj.weight"].T
            hn = self._rms(x, w[p + "final_layer_norm.weight"])
            a = hn @ w[p + "ffn.fc1.weight"].T
            gt = hn @ w[p + "ffn.gate.weight"].T
            act = (t.nn.functional.gelu(a) if cfg.activation_fn == "gelu"
                   else t.nn.functional.silu(a))
            x = x + (act * gt) @ w[p + "ffn.fc2.weight"].T
        logits = self._rms(x, w["layer_norm.weight"]) @ w["output_projection.weight"].T
        return logits, states

    def _decay_sums(self, n):
        """sum_{i<n} gamma^i per head, float64 (torchscale's `scale`)."""
        t = self.torch
        g = t.exp(self.ld.double())[:, None]
        n = t.as_tensor(n, dtype=t.float64).reshape(1, -1)
        return (1 - g ** n) / (1 - g)

    def prefill(self, tokens):
        import torch_forms as tf

        t = self.torch
        T = tokens.shape[1]
        C = 64 if T % 64 == 0 else T
        consts = tf.decay_consts(self.ld, C)
        x = self.w["embed_tokens.weight"][tokens] * self.cfg.embed_scale

        norm = self._decay_sums(t.arange(1, T + 1)).rsqrt().float()  # [H, T]

        def retention(i, q, k, v):
            q, k = self._rotate(q, 0), self._rotate(k, 0)
            o, s = tf.chunkwise(q, k, v, self.ld, C, consts=consts)
            return o * norm[None, :, :, None], s * norm[None, :, -1, None, None]

        with t.no_grad():
            return self._layers(x, retention)

    def decode(self, token, states, position):
        """One step; `states` are updated in place."""
        import torch_forms as tf

        t = self.torch
        # torchscale's normalized step: S = S sqrt(s_prev) g / sqrt(s) + k^T v / sqrt(s).
        sums = self._decay_sums([position, position + 1])
        prev, cur = sums[:, 0], sums[:, 1]
        g = (t.exp(self.ld.double()) * (prev / cur).sqrt()).float()[None, :, None, None]
        kscale = cur.rsqrt().float()[None, :, None]
        x = self.w["embed_tokens.weight"][token] * self.cfg.embed_scale

        def retention(i, q, k, v):
            q, k = self._rotate(q, position), self._rotate(k, position)
            o, s = tf.decode_step_inplace(q[:, :, 0], k[:, :, 0] * kscale, v[:, :, 0], g, states[i])
            return o[:, :, None], s

        with t.no_grad():
            logits, _ = self._layers(x, retention)
        return logits[:, 0]


# Peers (worker side) ------------------------------------------------------
# Each takes (args, cfg, weights) and returns make(case) -> (call, logits,
# extra): `call` is what is timed, `logits` its output for the check
# ([1, T, vocab] for prefill, [B, vocab] for decode), `extra` fields to record.

def ours_peer(args, cfg, weights):
    model = rm.RetNetModel.from_config(cfg, weights=weights)

    def make(case):
        if case["kind"] == "prefill":
            tokens = case_tokens(cfg, case)
            return (lambda: model.prefill(tokens)), model.prefill(tokens)[0], {}
        prompt, token = case_tokens(cfg, case)
        _, state = model.prefill(prompt)
        return (lambda: model.decode(token, state)), model.decode(token, state)[0], {}
    return make


def port_peer(args, cfg, weights):
    import torch

    tm = TorchRetNet(torch, cfg, weights)

    def make(case):
        if case["kind"] == "prefill":
            tokens = torch.from_numpy(case_tokens(cfg, case))
            return (lambda: tm.prefill(tokens)), tm.prefill(tokens)[0].numpy(), {}
        prompt, token = (torch.from_numpy(a) for a in case_tokens(cfg, case))
        _, states = tm.prefill(prompt)
        logits = tm.decode(token, states, DECODE_PROMPT).numpy()
        return (lambda: tm.decode(token, states, DECODE_PROMPT)), logits, {}
    return make


def torchscale_decoder(torch, cfg, weights):
    """torchscale's RetNetDecoder (eval(), float32) holding `weights`: our
    weight names are its state-dict names (retnet_mlir.weights); its
    RetNetRelPos buffers stay its own, and load_weights checks them against
    the angles and decays the compiled model uses."""
    import warnings

    from torchscale.architecture.config import RetNetConfig as TSConfig
    from torchscale.architecture.retnet import RetNetDecoder

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        emb = torch.nn.Embedding(cfg.vocab_size, cfg.decoder_embed_dim)
        dec = RetNetDecoder(TSConfig(**dataclasses.asdict(cfg)), embed_tokens=emb).eval()
    missing, unexpected = dec.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()},
                                              strict=False)
    if unexpected or sorted(missing) != sorted(rel_pos_buffers(cfg)):
        raise RuntimeError(f"our weights are not torchscale's state dict: missing {missing}, "
                           f"unexpected {unexpected}")
    rm.load_weights(dec, cfg)
    return dec


def torchscale_prompt(dec, prompt):
    """torchscale's incremental_state after its recurrent form has stepped
    through `prompt` [B, T] (its way of decoding from the first token)."""
    inc = {}
    for n in range(prompt.shape[1]):
        dec(prompt[:, :n + 1], incremental_state=inc)
    return inc


def torchscale_peer(compiled):
    def peer(args, cfg, weights):
        import torch

        torch.set_grad_enabled(False)
        dec = torchscale_decoder(torch, cfg, weights)

        def make(case):
            fn = dec
            if compiled:
                torch._dynamo.reset()
                fn = torch.compile(dec, dynamic=False)
            if case["kind"] == "prefill":
                tokens = torch.from_numpy(case_tokens(cfg, case))

                def call():
                    return fn(tokens)
            else:
                prompt, token = case_tokens(cfg, case)
                inc = torchscale_prompt(dec, torch.from_numpy(prompt))
                tokens = torch.from_numpy(np.concatenate([prompt, token], axis=1))

                def call():
                    return fn(tokens, incremental_state=inc)
            t0 = time.perf_counter()
            logits = call()[0].numpy()
            extra = {"first_call_s": time.perf_counter() - t0} if compiled else {}
            return call, logits if case["kind"] == "prefill" else logits[:, -1], extra
        return make
    return peer


def export_onnx(torch, module, inputs, names, path):
    """torch.onnx.export with the dynamo exporter, else the TorchScript one:
    says which, and why the dynamo one failed."""
    info = {}
    for dynamo in (True, False):
        try:
            torch.onnx.export(module, inputs, path, input_names=names, dynamo=dynamo)
            info["exporter"] = "dynamo" if dynamo else "torchscript"
            return info
        except Exception as e:  # noqa: BLE001 - every exporter failure is recorded
            info["dynamo_error" if dynamo else "torchscript_error"] = f"{type(e).__name__}: {e}"[:1000]
    raise RuntimeError(f"torch.onnx.export failed: {info}")


def onnx_peer(args, cfg, weights):
    import onnxruntime as ort
    import torch

    torch.set_grad_enabled(False)
    dec = torchscale_decoder(torch, cfg, weights)
    L = cfg.decoder_layers
    state_keys = ("prev_key_value", "scale")

    class Prefill(torch.nn.Module):
        """The logits of torchscale's parallel form."""

        def __init__(self):
            super().__init__()
            self.dec = dec

        def forward(self, tokens):
            return self.dec(tokens)[0]

    class Step(Prefill):
        """One recurrent step, torchscale's incremental_state as inputs and outputs."""

        def forward(self, tokens, *state):
            inc = {i: dict(zip(state_keys, state[2 * i:2 * i + 2])) for i in range(L)}
            logits = self.dec(tokens, incremental_state=inc)[0][:, -1]
            return (logits, *(inc[i][k] for i in range(L) for k in state_keys))

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = args.threads
    opts.inter_op_num_threads = 1
    tmp = tempfile.TemporaryDirectory(prefix="bench_model_onnx_")  # removed at exit

    def make(case):
        if case["kind"] == "prefill":
            module, inputs, names = Prefill(), (torch.from_numpy(case_tokens(cfg, case)),), ["tokens"]
        else:
            prompt, token = case_tokens(cfg, case)
            inc = torchscale_prompt(dec, torch.from_numpy(prompt))
            module = Step()
            inputs = (torch.from_numpy(np.concatenate([prompt, token], axis=1)),
                      *(inc[i][k] for i in range(L) for k in state_keys))
            names = ["tokens"] + [f"{k}_{i}" for i in range(L) for k in state_keys]
        path = os.path.join(tmp.name, "model.onnx")
        extra = export_onnx(torch, module, inputs, names, path)
        sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
        feeds = {n: a.numpy() for n, a in zip(names, inputs)}

        def call():
            return sess.run(None, feeds)
        return call, call()[0], extra
    return make


WORKERS = {"ours": ours_peer, "torch-port": port_peer, "torchscale-eager": torchscale_peer(False),
           "torchscale-compile": torchscale_peer(True), "onnxruntime": onnx_peer}


def ref_path(refs, case):
    return Path(refs) / f"{case['kind']}_B{case['B']}_T{case['T']}.npy"


def run_peer(args, spec):
    """{case key: timing or error} of one peer at one thread count; ours
    writes the logits the others are checked against."""
    cfg = rm.RetNetConfig.from_dict(json.loads(Path(spec["config"]).read_text()))
    weights = rm.random_weights(cfg, SEED)
    if args.worker != "ours":
        import torch
        torch.set_num_threads(args.threads)
    make = WORKERS[args.worker](args, cfg, weights)
    results = {}
    for case in spec["cases"]:
        res = {}
        try:
            call, logits, extra = make(case)
            path = ref_path(spec["refs"], case)
            if args.worker == "ours":
                np.save(path, logits)
            elif not path.exists():
                raise RuntimeError("no reference logits: ours failed on this case")
            else:
                ref = np.load(path)
                res["rel_err"] = float(np.abs(logits - ref).max() / np.abs(ref).max())
                if not res["rel_err"] < TOL:
                    raise RuntimeError(f"logits differ from ours: rel err {res['rel_err']:.2e}")
            decode = case["kind"] == "decode"
            res.update(timeit(call, reps=args.reps * (20 if decode else 1), warmup=5 if decode else 3),
                       **extra)
        except Exception as e:  # noqa: BLE001 - recorded for the case; the other cases go on
            res["error"] = f"{type(e).__name__}: {e}"[:2000]
        results[case_key(case)] = res
    return results


def machine_worker(args, spec):
    """sgemm (torch.mm at 2 threads, numpy's matmul with its BLAS's default
    threads) for each [T, E] x [E, E] of spec["sgemm"] and 2048^3, and read
    bandwidth (numpy sum, one core) over 1 GiB and each of spec["read_bytes"]."""
    import torch

    torch.set_num_threads(2)
    rng = np.random.default_rng(0)
    out = {"sgemm_gflops": {}, "read_gb_per_s": {}}
    for T, E in [(2048, 2048)] + [tuple(s) for s in spec["sgemm"]]:
        a, b = rng.standard_normal((T, E), dtype=np.float32), rng.standard_normal((E, E), dtype=np.float32)
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        flops = 2 * T * E * E
        out["sgemm_gflops"][f"{T}x{E}x{E}"] = {
            "torch_2_threads": flops / timeit(lambda: torch.mm(ta, tb), reps=args.reps, warmup=2)["median_s"] / 1e9,
            "numpy": flops / timeit(lambda: a @ b, reps=args.reps, warmup=2)["median_s"] / 1e9}
    for n in [1 << 30] + spec["read_bytes"]:
        a = np.ones(n // 4, dtype=np.float32)
        out["read_gb_per_s"][str(n)] = n / timeit(a.sum, reps=5, warmup=1)["median_s"] / 1e9
    return out


def worker(args):
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # what the libraries print goes to stderr: stdout carries the JSON alone
    if args.keep_freed_memory:
        rm.keep_freed_memory()
    spec = json.loads(args.spec)
    json.dump(machine_worker(args, spec) if args.worker == "machine" else run_peer(args, spec), out)
    out.close()


# Driver -------------------------------------------------------------------

def spawn(args, peer, spec, threads=None):
    """A worker process's JSON, or {"error": ...} when it died."""
    cmd = [sys.executable, __file__, "--worker", peer, "--spec", json.dumps(spec), "--reps", str(args.reps)]
    if threads:
        cmd += ["--threads", str(threads)]
    if args.keep_freed_memory:
        cmd.append("--keep-freed-memory")
    env = dict(os.environ, OMP_NUM_THREADS=str(threads)) if peer == "ours" else None
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode == 0:
        try:
            return json.loads(p.stdout)
        except json.JSONDecodeError:
            pass
    tail = " | ".join(p.stderr.strip().splitlines()[-5:])[-2000:]
    return {"error": f"worker exited with status {p.returncode}: {tail}"}


def nominal_peak(host):
    """cores x clock x float32 FLOPs per cycle (two FMA units: 64 with
    AVX-512, 32 with AVX2 + FMA)."""
    flags = host["flags"]
    per_cycle = 64 if flags["avx512f"] else 32 if flags["fma"] else 8
    return host["cores"] * host.get("mhz", 0.0) / 1e3 * per_cycle


def result(run, key):
    """One case's result from a worker's JSON (the worker's error where it died)."""
    return run.get(key, {"error": run.get("error", "no result")})


def summarize(res, flops, peak):
    if "median_s" in res:
        res["gflops"] = flops / res["median_s"] / 1e9
        if res["gflops"] > peak:
            res["exceeds_peak"] = True
            print(f"warning: {res['gflops']:.1f} GFLOP/s is above the peak {peak:.1f}", file=sys.stderr)
    return res


def fastest(by_threads, ours=None):
    """The fastest thread count's result with its ratio to `ours`, and every count's."""
    ok = [n for n, r in by_threads.items() if "median_s" in r]
    if not ok:
        return {"error": next(iter(by_threads.values()))["error"], "by_threads": by_threads}
    n = min(ok, key=lambda n: by_threads[n]["median_s"])
    best = dict(by_threads[n], threads=n, by_threads=by_threads)
    if ours and "median_s" in ours:
        best["ratio_vs_ours"] = best["median_s"] / ours["median_s"]
    return best


def plot(models, peers, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, axes = plt.subplots(1, len(models), figsize=(2 + 1.6 * max(len(m["cases"]) for m in models.values())
                                                      * len(models), 4.5), squeeze=False)
    width = 0.8 / len(peers)
    for ax, (name, m) in zip(axes[0], models.items()):
        keys = list(m["cases"])
        for j, peer in enumerate(peers):
            pts = [(i + (j - (len(peers) - 1) / 2) * width, m["cases"][k]["peers"][peer]["median_s"] * 1e3)
                   for i, k in enumerate(keys) if "median_s" in m["cases"][k]["peers"][peer]]
            if pts:
                ax.bar(*zip(*pts), width, label=peer)
        ax.set_yscale("log")
        ax.set_xticks(range(len(keys)), keys, rotation=20)
        ax.set_ylabel("median time (ms, log)")
        ax.set_title(name)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", nargs="+", default=["small"],
                    help=f"{' or '.join(MODELS)} or a torchscale config JSON (default: small)")
    ap.add_argument("--prompt-lens", nargs="+", type=int, default=[128])
    ap.add_argument("--decode-batches", nargs="+", type=int, default=[1])
    ap.add_argument("--peers", nargs="+", default=list(DEFAULT_PEERS), choices=list(PEERS) + ["all"],
                    help="peers next to ours (always run): default " + " ".join(DEFAULT_PEERS))
    ap.add_argument("--reps", type=int, default=15, help="timed calls per prefill (decode: 20x)")
    ap.add_argument("--keep-freed-memory", action="store_true",
                    help="rm.keep_freed_memory in every worker (default: glibc's malloc as it is)")
    ap.add_argument("--worker", choices=list(WORKERS) + ["machine"], help=argparse.SUPPRESS)
    ap.add_argument("--threads", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    peers = list(PEERS) if "all" in args.peers else args.peers
    cases = ([{"kind": "prefill", "B": 1, "T": T} for T in args.prompt_lens]
             + [{"kind": "decode", "B": B, "T": DECODE_PROMPT} for B in args.decode_batches])
    configs = {}
    for m in args.models:
        path = Path(MODELS.get(m, m)).resolve()
        configs[path.stem] = (path, rm.RetNetConfig.from_dict(json.loads(path.read_text())))
    weight_bytes = {name: 4 * sum(int(np.prod(s)) for s in rm.weight_shapes(cfg).values())
                    for name, (_, cfg) in configs.items()}

    load_start = os.getloadavg()[0]  # other work on the host skews every number
    print("measuring sgemm and read bandwidth...", flush=True)
    host = spawn(args, "machine", {
        "sgemm": sorted({(T, cfg.decoder_embed_dim) for _, cfg in configs.values() for T in args.prompt_lens}),
        "read_bytes": sorted(set(weight_bytes.values()))})
    host["nominal_peak_gflops"] = nominal_peak(machine())
    host["peak_gflops"] = max([host["nominal_peak_gflops"]]
                              + [g for r in host.get("sgemm_gflops", {}).values() for g in r.values()])
    host["load_avg_1min"] = {"start": load_start}
    peak = host["peak_gflops"]

    ours_threads = [int(os.environ["OMP_NUM_THREADS"])] if "OMP_NUM_THREADS" in os.environ else THREADS
    models = {}
    with tempfile.TemporaryDirectory(prefix="bench_model_") as tmp:
        for name, (path, cfg) in configs.items():
            refs = Path(tmp) / name
            refs.mkdir()
            spec = {"config": str(path), "cases": cases, "refs": str(refs)}
            runs = {}
            for peer, counts in [("ours", ours_threads)] + [(p, THREADS) for p in peers]:  # ours first
                for n in counts:
                    print(f"{name}: {peer} ({n} thread{'s' if n > 1 else ''})...", flush=True)
                    runs[(peer, n)] = spawn(args, peer, spec, n)
            table = {}
            for case in cases:
                key, flops = case_key(case), case_flops(cfg, case)
                ours = fastest({n: summarize(result(runs[("ours", n)], key), flops, peak) for n in ours_threads})
                row = {"ours": ours}
                for peer in peers:
                    row[peer] = fastest({n: summarize(result(runs[(peer, n)], key), flops, peak)
                                         for n in THREADS}, ours)
                table[key] = dict(case, flops=flops, peers=row)
            models[name] = {"config": dataclasses.asdict(cfg), "weight_bytes": weight_bytes[name],
                            "cases": table}

    host["load_avg_1min"]["end"] = os.getloadavg()[0]
    versions = {}
    for pkg in ("numpy", "torch", "torchscale", "onnx", "onnxruntime"):
        try:
            versions[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            versions[pkg] = None
    out = {"flop_definition": FLOP_DEFINITION, "decode_prompt_len": DECODE_PROMPT, "tolerance": TOL,
           "threads_tried": list(THREADS), "malloc": "rm.keep_freed_memory" if args.keep_freed_memory
           else "glibc defaults", "versions": versions, "host": host, "models": models}
    path = write_json("model.json", out)
    png = plot(models, ["ours"] + peers, RESULTS / "model.png")

    print(f"{'model':14s} {'case':15s} {'peer':19s} {'median ms':>10s} {'GFLOP/s':>8s} {'x ours':>7s} "
          f"{'thr':>3s} {'rel err':>8s}")
    for name, m in models.items():
        for key, c in m["cases"].items():
            for peer, r in c["peers"].items():
                if "median_s" not in r:
                    print(f"{name:14s} {key:15s} {peer:19s} FAILED: {r['error'][:120]}")
                    continue
                err = f"{r['rel_err']:8.1e}" if "rel_err" in r else f"{'-':>8s}"
                print(f"{name:14s} {key:15s} {peer:19s} {r['median_s'] * 1e3:10.3f} {r['gflops']:8.1f} "
                      f"{r.get('ratio_vs_ours', 1.0):7.2f} {r['threads']!s:>3s} {err}")
    for what, v in host.items():
        print(f"{what}: {json.dumps(v)}")
    print("wrote", path, png or "(no matplotlib: no plot)")


if __name__ == "__main__":
    main()
