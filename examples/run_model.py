"""The main job: compile the bundled example RetNet model (examples/retnet_small.json,
random weights with a fixed seed) with retnet-compile, prefill a prompt,
generate tokens greedily, and print the schedule chosen for each retention op,
prefill tokens/s and decode tokens/s, plus the logits' error against the
float64 numpy reference."""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

import retnet_mlir as rm

HERE = Path(__file__).resolve().parent


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", default=str(HERE / "retnet_small.json"))
    ap.add_argument("--weights", default=None, help=".npz with torchscale state-dict names")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--prompt-len", type=int, default=128)
    ap.add_argument("--new-tokens", type=int, default=32)
    ap.add_argument("--schedule", default="auto", choices=["auto", "parallel", "chunkwise", "recurrent"])
    ap.add_argument("--emit-mlir", default=None, help="also write the prefill/decode .mlir into this folder")
    ap.add_argument("--keep-freed-memory", action="store_true",
                    help="ask glibc to keep freed memory for reuse (rm.keep_freed_memory): the "
                         "compiled model's temporaries do not need it (they live in a workspace "
                         "the artifact keeps), numpy's output arrays may")
    args = ap.parse_args()
    if args.keep_freed_memory and rm.keep_freed_memory():
        print("malloc: freed memory kept for reuse (rm.keep_freed_memory)")

    config = rm.RetNetConfig.from_dict(json.loads(Path(args.config).read_text()))
    model = rm.RetNetModel.from_config(config, weights=args.weights, seed=args.seed,
                                       schedule=args.schedule,
                                       progress=lambda m: print(f"  .. {m}", flush=True))
    B, T = args.batch, args.prompt_len
    c = config
    print(f"model: E={c.decoder_embed_dim} V={c.decoder_value_embed_dim} H={c.heads} "
          f"(Dk={c.key_dim}, Dv={c.value_dim}) FFN={c.decoder_ffn_embed_dim} layers={c.decoder_layers} "
          f"vocab={c.vocab_size} act={c.activation_fn}; weights: "
          f"{args.weights or f'random (seed {args.seed})'}")
    if args.emit_mlir:
        out = Path(args.emit_mlir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "prefill.mlir").write_text(model.mlir("prefill", B, T))
        (out / "decode.mlir").write_text(model.mlir("decode", B, 1))
        print(f"wrote {out / 'prefill.mlir'} and {out / 'decode.mlir'}")

    rng = np.random.default_rng(args.seed)
    prompt = rng.integers(0, c.vocab_size, (B, T))
    print("compiling (retnet-compile):")
    model.prefill(prompt)  # compiles prefill, warms up
    model.decode(prompt[:, :1], model.prefill(prompt)[1])  # compiles decode
    for kind, shape_t in (("prefill", T), ("decode", 1)):
        for i, s in enumerate(model.schedules(kind, B, shape_t)):
            print(f"  {kind:<7} layer {i} retention: {s}")

    # Prefill throughput (median of 3).
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        logits, state = model.prefill(prompt)
        times.append(time.perf_counter() - t0)
    prefill_s = float(np.median(times))

    # Greedy generation; decode throughput over the generated steps.
    tokens = [prompt]
    nxt = logits[:, -1].argmax(-1)[:, None]
    step_times = []
    for _ in range(args.new_tokens):
        tokens.append(nxt)
        t0 = time.perf_counter()
        lg, state = model.decode(nxt, state)
        step_times.append(time.perf_counter() - t0)
        nxt = lg.argmax(-1)[:, None]
    generated = np.concatenate(tokens, axis=1)
    decode_s = float(np.median(step_times))

    ref_logits, _ = rm.model_reference.forward(config, model.weights, prompt)
    err = float(np.abs(logits - ref_logits).max() / np.abs(ref_logits).max())
    print(f"prompt tokens[:12]: {prompt[0, :12].tolist()}")
    print(f"generated tokens:   {generated[0, T:].tolist()}")
    print(f"prefill: B={B} T={T}: {prefill_s * 1e3:.1f} ms -> {B * T / prefill_s:,.0f} tokens/s")
    print(f"decode:  B={B}: {decode_s * 1e3:.2f} ms/step -> {B / decode_s:,.0f} tokens/s "
          f"(state {state.nbytes() / 1024:.0f} KiB, constant in the position)")
    print(f"prefill logits vs float64 reference: max rel err {err:.2e} (tolerance 1e-4)")
    return 0 if err < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
