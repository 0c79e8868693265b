"""Whole-model compilation vs the float64 numpy reference.

Tolerance (f32): max abs error of the logits over all positions divided by
the max abs reference logit < MODEL_TOL. Measured ~1e-6.
"""

import os

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir import model_reference

MODEL_TOL = 1e-4

SMALL = dict(decoder_embed_dim=64, decoder_value_embed_dim=96, decoder_retention_heads=2,
             decoder_ffn_embed_dim=128, decoder_layers=2, vocab_size=101)


def rel(a, b):
    return float(np.abs(np.asarray(a, np.float64) - b).max() / np.abs(b).max())


@pytest.fixture(scope="module")
def model():
    return rm.RetNetModel.from_config(SMALL, seed=3)


def tokens(B, T, seed=0, vocab=101):
    return np.random.default_rng(seed).integers(0, vocab, (B, T))


def test_forward_matches_reference(model):
    tok = tokens(2, 37)
    logits, state = model.prefill(tok)
    ref, ref_states = model_reference.forward(model.config, model.weights, tok)
    assert logits.shape == (2, 37, 101)
    assert rel(logits, ref) < MODEL_TOL
    for s, r in zip(state.states, ref_states):
        assert rel(s, r) < MODEL_TOL
    assert state.position == 37


def test_prefill_then_decode_equals_forward(model):
    tok = tokens(2, 30, seed=1)
    full = model.forward(tok)
    logits, state = model.prefill(tok[:, :20])
    assert rel(logits, full[:, :20].astype(np.float64)) < MODEL_TOL
    for t in range(20, 30):
        step, state = model.decode(tok[:, t:t + 1], state)
        assert step.shape == (2, 101)
        assert rel(step, full[:, t].astype(np.float64)) < MODEL_TOL
    ref, _ = model_reference.forward(model.config, model.weights, tok)
    assert rel(step, ref[:, 29]) < MODEL_TOL


def test_threaded_calls_are_deterministic(model):
    """The threads claim a parallel region's iterations at run time
    (retention-forall-to-openmp), so which thread runs which tile changes
    from call to call; every tile computes whole results, so the outputs
    must be bit-identical across calls and match the reference. Two inputs
    alternate and every result is kept alive, so a skipped or doubly run
    tile cannot hide behind a previous call's values in a reused array."""
    toks = [tokens(3, 45, seed=5), tokens(3, 45, seed=6)]
    firsts = [model.prefill(t) for t in toks]
    firsts = [(lg.copy(), [s.copy() for s in st.states]) for lg, st in firsts]
    kept = []
    for i in range(40):
        logits, state = model.prefill(toks[i % 2])
        kept.append((logits, state))
        np.testing.assert_array_equal(logits, firsts[i % 2][0])
        for a, b in zip(state.states, firsts[i % 2][1]):
            np.testing.assert_array_equal(a, b)
    for t, (lg, _) in zip(toks, firsts):
        ref, _ = model_reference.forward(model.config, model.weights, t)
        assert rel(lg, ref) < MODEL_TOL


@pytest.mark.parametrize("schedule,chunk", [("parallel", None), ("chunkwise", 16), ("chunkwise", 7),
                                            ("recurrent", None)])
def test_schedules_agree(model, schedule, chunk):
    """T = 37 is not a multiple of any chunk size used."""
    m = rm.RetNetModel(model.config, model.weights, schedule=schedule, chunk_size=chunk)
    tok = tokens(1, 37, seed=2)
    logits = m.forward(tok)
    assert all(schedule in s for s in m.schedules("prefill", 1, 37))
    ref, _ = model_reference.forward(model.config, model.weights, tok)
    assert rel(logits, ref) < MODEL_TOL
    assert rel(logits, model.forward(tok).astype(np.float64)) < MODEL_TOL


def test_cost_model_picks_linear_forms_for_long_prefill_and_recurrent_decode(model):
    # Long prefill: never the quadratic parallel form (on this CPU the
    # calibrated model prefers recurrent).
    prefill = model.schedules("prefill", 1, 512)
    assert len(prefill) == 2 and not any("parallel" in s for s in prefill)
    model.decode(tokens(1, 1), model.prefill(tokens(1, 3))[1])
    assert set(model.schedules("decode", 1, 1)) == {"#retention.schedule<recurrent>"}


def test_swish_and_scaled_embedding():
    cfg = dict(SMALL, activation_fn="swish", no_scale_embedding=False, decoder_layers=1)
    m = rm.RetNetModel.from_config(cfg, seed=5)
    tok = tokens(2, 9, seed=4)
    ref, _ = model_reference.forward(m.config, m.weights, tok)
    assert rel(m.forward(tok), ref) < MODEL_TOL


def test_generate_is_greedy_on_reference_logits(model):
    prompt = tokens(1, 6, seed=7)
    out = model.generate(prompt, 5)
    assert out.shape == (1, 11)
    np.testing.assert_array_equal(out[:, :6], prompt)
    seq = prompt
    for _ in range(5):
        ref, _ = model_reference.forward(model.config, model.weights, seq)
        seq = np.concatenate([seq, ref[:, -1].argmax(-1)[:, None]], axis=1)
    np.testing.assert_array_equal(out, seq)


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_decode_memory_does_not_grow(model):
    logits, state = model.prefill(tokens(1, 4))
    size = state.nbytes()
    tok = tokens(1, 1)
    for _ in range(50):
        _, state = model.decode(tok, state)
    rss0 = _rss_bytes()
    for _ in range(400):
        _, state = model.decode(tok, state)
    grown = _rss_bytes() - rss0
    assert state.nbytes() == size
    assert state.position == 454
    assert grown < 1 << 20, f"RSS grew by {grown} bytes over 400 decode steps"


def test_weights_npz_roundtrip(tmp_path, model):
    path = tmp_path / "w.npz"
    np.savez(path, **model.weights)
    m = rm.RetNetModel.from_config(SMALL, weights=str(path))
    tok = tokens(1, 5)
    np.testing.assert_array_equal(m.forward(tok), model.forward(tok))


def test_weight_errors_name_the_key(tmp_path, model):
    w = dict(model.weights)
    missing = dict(w)
    del missing["layers.1.ffn.fc2.weight"]
    with pytest.raises(rm.RetNetError, match="missing weight 'layers.1.ffn.fc2.weight'"):
        rm.RetNetModel.from_config(SMALL, weights=missing)
    with pytest.raises(rm.RetNetError, match="unexpected weight 'layers.9.x'"):
        rm.RetNetModel.from_config(SMALL, weights=dict(w, **{"layers.9.x": np.zeros(3)}))
    bad = dict(w, **{"layers.0.retention.q_proj.weight": np.zeros((64, 63), np.float32)})
    with pytest.raises(rm.RetNetError, match=r"'layers.0.retention.q_proj.weight' has shape \(64, 63\)"):
        rm.RetNetModel.from_config(SMALL, weights=bad)
    nan = dict(w, **{"layer_norm.weight": np.full(64, np.nan, np.float32)})
    with pytest.raises(rm.RetNetError, match="'layer_norm.weight' contains NaN"):
        rm.RetNetModel.from_config(SMALL, weights=nan)
    path = tmp_path / "w.npz"
    np.savez(path, **w)
    trunc = tmp_path / "trunc.npz"
    trunc.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(rm.RetNetError, match="cannot read weights file"):
        rm.RetNetModel.from_config(SMALL, weights=str(trunc))
    with pytest.raises(rm.RetNetError, match="weights file not found"):
        rm.RetNetModel.from_config(SMALL, weights=str(tmp_path / "nope.npz"))


def test_bad_tokens_and_config(model):
    with pytest.raises(ValueError, match=r"token ids must be in \[0, 101\)"):
        model.forward(np.array([[1, 101]]))
    with pytest.raises(ValueError, match=r"token ids must be in"):
        model.forward(np.array([[-1, 3]]))
    with pytest.raises(TypeError, match="integers"):
        model.forward(np.zeros((1, 3), np.float32))
    with pytest.raises(ValueError, match=r"shape \[B, T\]"):
        model.forward(np.zeros(3, np.int64))
    _, state = model.prefill(tokens(2, 3))
    with pytest.raises(ValueError, match=r"shape \[B, 1\]"):
        model.decode(tokens(2, 2), state)
    with pytest.raises(ValueError, match="state is for batch 2"):
        model.decode(tokens(1, 1), state)
    with pytest.raises(rm.RetNetError, match="unknown config keys: bogus"):
        rm.RetNetConfig.from_dict(dict(SMALL, bogus=1))
    with pytest.raises(rm.RetNetError, match="multiples of decoder_retention_heads"):
        rm.RetNetConfig.from_dict(dict(SMALL, decoder_retention_heads=3))


def test_one_prefill_artifact_serves_every_length():
    """20 prompts of 20 different lengths (and three batch sizes) cost one
    prefill compile; decode serves every batch size with one more. Each is
    checked against the float64 reference."""
    m = rm.RetNetModel.from_config(SMALL, seed=3)
    rng = np.random.default_rng(11)
    lengths = rng.choice(np.arange(1, 300), 20, replace=False)
    for i, T in enumerate(lengths):
        tok = rng.integers(0, 101, (1 + i % 3, int(T)))
        logits, state = m.prefill(tok)
        if i % 5 == 0:
            ref, _ = model_reference.forward(m.config, m.weights, tok)
            assert rel(logits, ref) < MODEL_TOL
    assert m.compile_count() == 1
    assert m.schedules("prefill", 1, 5) == m.schedules("prefill", 3, 200)
    for B in (1, 2, 5):
        tok = rng.integers(0, 101, (B, 7))
        full = model_reference.forward(m.config, m.weights, tok)[0]
        _, state = m.prefill(tok[:, :6])
        step, _ = m.decode(tok[:, 6:], state)
        assert rel(step, full[:, 6]) < MODEL_TOL
    assert m.compile_count() == 2


def test_static_shapes_compile_per_shape_with_the_same_numbers(model):
    s = rm.RetNetModel(model.config, model.weights, static_shapes=True)
    tok = tokens(2, 21, seed=9)
    assert rel(s.forward(tok), model.forward(tok).astype(np.float64)) < MODEL_TOL
    s.forward(tokens(1, 21))
    assert s.compile_count() == 2
    with pytest.raises(rm.RetNetError, match="static_shapes must be a bool"):
        rm.RetNetModel(model.config, model.weights, static_shapes="yes")
