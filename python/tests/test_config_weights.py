"""torchscale config keys and state dicts: what RetNetModel.from_config
accepts, implements, rejects (docs/torchscale.md). No compiler needed: these
build configs and load weights only. The torchscale cross-checks skip where
torchscale is not installed (requirements-test.txt installs it)."""

import dataclasses
import sys

import numpy as np
import pytest

import retnet_mlir as rm
from retnet_mlir.config import RetNetConfig
from retnet_mlir.weights import load_weights, random_weights, rel_pos_buffers, weight_shapes

SMALL = dict(decoder_embed_dim=32, decoder_value_embed_dim=48, decoder_retention_heads=2,
             decoder_ffn_embed_dim=64, decoder_layers=2, vocab_size=50)


def ts():
    pytest.importorskip("torch", reason="torch is not installed (pip install -r requirements-test.txt)")
    return pytest.importorskip("torchscale.architecture.config",
                               reason="torchscale is not installed (pip install -r requirements-test.txt)")


# Config ---------------------------------------------------------------------
def test_defaults_and_keys_are_torchscales():
    cfg = ts().RetNetConfig()
    ours = {f.name: f.default for f in dataclasses.fields(RetNetConfig)}
    assert set(vars(cfg)) == set(ours)
    for k, v in vars(cfg).items():
        assert ours[k] == v, k


@pytest.mark.parametrize("deepnorm", [False, True])
@pytest.mark.parametrize("subln", [False, True])
@pytest.mark.parametrize("normalize_before", [False, True])
def test_deepnorm_subln_interplay_is_torchscales(deepnorm, subln, normalize_before):
    kw = dict(SMALL, deepnorm=deepnorm, subln=subln, decoder_normalize_before=normalize_before)
    ours = RetNetConfig.from_dict(kw)
    # torchscale's RetNetConfig.__init__: deepnorm first, then subln.
    want_nb, want_sub, want_deep = normalize_before, subln, deepnorm
    if want_deep:
        want_nb, want_sub = False, False
    if want_sub:
        want_nb, want_deep = True, False
    assert (ours.decoder_normalize_before, ours.subln, ours.deepnorm) == (want_nb, want_sub, want_deep)
    assert ours.residual_alpha == ((2 * 2) ** 0.25 if want_deep else 1.0)
    try:
        theirs = ts().RetNetConfig(**kw)
    except pytest.skip.Exception:
        return
    assert (theirs.decoder_normalize_before, theirs.subln, theirs.deepnorm) == (want_nb, want_sub, want_deep)


def test_from_config_takes_object_vars_and_dict():
    mod = ts()
    obj = mod.RetNetConfig(**SMALL, activation_fn="swish", deepnorm=True)
    a = rm.RetNetModel.from_config(obj).config
    b = rm.RetNetModel.from_config(vars(obj)).config
    c = rm.RetNetModel.from_config(dict(SMALL, activation_fn="swish", deepnorm=True)).config
    assert a == b == c
    assert a.deepnorm and not a.decoder_normalize_before and a.activation_fn == "swish"


def test_training_only_keys_are_accepted():
    cfg = RetNetConfig.from_dict(dict(
        SMALL, dropout=0.1, activation_dropout=0.2, drop_path_rate=0.1, checkpoint_activations=True,
        fsdp=True, ddp_rank=3, chunkwise_recurrent=True, recurrent_chunk_size=16,
        max_target_positions=4096, moe_top1_expert=True, moe_expert_count=4, moe_gating_use_fp32=False,
        moe_eval_capacity_token_fraction=0.5, moe_second_expert_policy="all",
        moe_normalize_gate_prob_before_dropping=True, rel_pos_buckets=32, max_rel_pos=128,
        xpos_rel_pos=True, xpos_scale_base=256))
    assert cfg.dropout == 0.1
    # moe_freq larger than the layer count makes no layer an MoE layer in torchscale either.
    assert RetNetConfig.from_dict(dict(SMALL, moe_freq=3, moe_expert_count=2)).moe_freq == 3


@pytest.mark.parametrize("kw,match", [
    (dict(moe_freq=1, moe_expert_count=2), r"moe_freq=1 makes layers \[0, 1\] mixture-of-experts"),
    (dict(moe_freq=2, moe_expert_count=2), r"moe_freq=2 makes layers \[1\]"),
    (dict(multiway=True), "multiway=True"),
    (dict(use_xmoe=True), "use_xmoe=True needs moe_freq > 0"),
    (dict(vocab_size=-1), "vocab_size must be positive"),
    (dict(activation_fn="tanh"), "activation_fn must be one of 'gelu', 'swish', 'relu'"),
    (dict(decoder_retention_heads=3), "multiples of decoder_retention_heads"),
    (dict(decoder_embed_dim=30, decoder_value_embed_dim=30, decoder_retention_heads=2), "must be even"),
    (dict(dropout=1.5), "dropout must be a probability"),
    (dict(layernorm_eps=-1.0), "layernorm_eps must be finite and >= 0"),
    (dict(recurrent_chunk_size=0), "recurrent_chunk_size must be positive"),
    (dict(decoder_layers=0), "decoder_layers must be positive"),
])
def test_rejected_by_name(kw, match):
    with pytest.raises(rm.RetNetError, match=match):
        RetNetConfig.from_dict(dict(SMALL, **kw))


@pytest.mark.parametrize("key,value,want", [
    ("decoder_normalize_before", "False", "a bool"),
    ("no_scale_embedding", 0, "a bool"),
    ("share_decoder_input_output_embed", None, "a bool"),
    ("decoder_layers", True, "an int"),
    ("decoder_layers", "2", "an int"),
    ("decoder_layers", 2.0, "an int"),
    ("vocab_size", 50.5, "an int"),
    ("layernorm_eps", "1e-6", "a number"),
    ("layernorm_eps", False, "a number"),
    ("activation_fn", 1, "a string"),
])
def test_values_are_type_checked(key, value, want):
    with pytest.raises(rm.RetNetError, match=f"config {key} must be {want}"):
        RetNetConfig.from_dict(dict(SMALL, **{key: value}))


def test_numpy_scalars_and_int_floats_are_fine():
    cfg = RetNetConfig.from_dict(dict(SMALL, decoder_layers=np.int64(1), layernorm_eps=1,
                                      no_output_layer=np.bool_(True)))
    assert cfg.decoder_layers == 1 and cfg.no_output_layer


def test_unknown_keys_and_bad_config_types():
    with pytest.raises(rm.RetNetError, match="unknown config keys: bogus, zzz"):
        RetNetConfig.from_dict(dict(SMALL, bogus=1, zzz=2))
    with pytest.raises(rm.RetNetError, match="config must be a RetNetConfig"):
        RetNetConfig.from_any(42)


# Weights --------------------------------------------------------------------
def test_weight_set_follows_the_config():
    base = set(weight_shapes(RetNetConfig.from_dict(SMALL)))
    assert {"layer_norm.weight", "output_projection.weight"} <= base
    assert "layernorm_embedding.weight" not in base
    post = set(weight_shapes(RetNetConfig.from_dict(dict(SMALL, subln=False, decoder_normalize_before=False))))
    assert post == base - {"layer_norm.weight"}
    tied = set(weight_shapes(RetNetConfig.from_dict(dict(SMALL, share_decoder_input_output_embed=True))))
    assert tied == base - {"output_projection.weight"}
    feats = set(weight_shapes(RetNetConfig.from_dict(dict(SMALL, no_output_layer=True))))
    assert feats == base - {"output_projection.weight"}
    lne = set(weight_shapes(RetNetConfig.from_dict(dict(SMALL, layernorm_embedding=True))))
    assert lne == base | {"layernorm_embedding.weight"}


def _torchscale_decoder(**kw):
    ts()
    import torch
    from torchscale.architecture.config import RetNetConfig as TSConfig
    from torchscale.architecture.retnet import RetNetDecoder

    torch.manual_seed(0)
    cfg = TSConfig(**dict(SMALL, **kw))
    return cfg, RetNetDecoder(cfg, embed_tokens=torch.nn.Embedding(cfg.vocab_size, cfg.decoder_embed_dim)).eval()


@pytest.mark.parametrize("kw", [{}, dict(share_decoder_input_output_embed=True),
                                dict(no_output_layer=True), dict(layernorm_embedding=True),
                                dict(subln=False, decoder_normalize_before=False), dict(deepnorm=True)])
def test_torchscale_state_dict_loads_unchanged(tmp_path, kw):
    cfg, dec = _torchscale_decoder(**kw)
    sd = dec.state_dict()
    ours = RetNetConfig.from_any(cfg)
    from_torch = load_weights(sd, ours)
    assert set(from_torch) == set(weight_shapes(ours))
    for k, a in from_torch.items():
        np.testing.assert_array_equal(a, sd[k].numpy())
    # numpy.savez of .numpy(), a dict of numpy arrays, the module itself
    path = tmp_path / "w.npz"
    np.savez(path, **{k: v.numpy() for k, v in sd.items()})
    for src in (str(path), path, {k: v.numpy() for k, v in sd.items()}, dec):
        got = load_weights(src, ours)
        assert all(np.array_equal(got[k], from_torch[k]) for k in from_torch)


def test_safetensors(tmp_path):
    st = pytest.importorskip("safetensors.numpy", reason="safetensors is not installed")
    w = random_weights(RetNetConfig.from_dict(SMALL), seed=1)
    path = tmp_path / "w.safetensors"
    st.save_file(w, str(path))
    got = load_weights(str(path), RetNetConfig.from_dict(SMALL))
    assert all(np.array_equal(got[k], w[k]) for k in w)
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{garbage")
    with pytest.raises(rm.RetNetError, match="cannot read weights file"):
        load_weights(str(bad), RetNetConfig.from_dict(SMALL))


def test_safetensors_from_torch_tied_model_keeps_one_key(tmp_path):
    """safetensors.torch.save_model drops one of the two tied names."""
    cfg, dec = _torchscale_decoder(share_decoder_input_output_embed=True)
    stt = pytest.importorskip("safetensors.torch", reason="safetensors is not installed")
    path = tmp_path / "tied.safetensors"
    stt.save_model(dec, str(path))
    from safetensors.numpy import load_file
    assert len({"embed_tokens.weight", "output_projection.weight"} & set(load_file(str(path)))) == 1
    got = load_weights(str(path), RetNetConfig.from_any(cfg))
    np.testing.assert_array_equal(got["embed_tokens.weight"], dec.embed_tokens.weight.detach().numpy())


def test_safetensors_missing_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "w.safetensors"
    path.write_bytes(b"")
    monkeypatch.setitem(sys.modules, "safetensors.numpy", None)
    with pytest.raises(rm.RetNetError, match="needs the 'safetensors' package"):
        load_weights(str(path), RetNetConfig.from_dict(SMALL))


def _numpy_state_dict(cfg, seed=0, tied=False):
    w = random_weights(cfg, seed)
    w.update({k: v.astype(np.float32) for k, v in rel_pos_buffers(cfg).items()})
    if tied:
        w["output_projection.weight"] = w["embed_tokens.weight"]
    return w


def test_tied_embeddings_both_keys_one_key_or_mismatch():
    cfg = RetNetConfig.from_dict(dict(SMALL, share_decoder_input_output_embed=True))
    both = _numpy_state_dict(cfg, tied=True)
    assert "output_projection.weight" not in load_weights(both, cfg)
    only_out = dict(both)
    del only_out["embed_tokens.weight"]
    np.testing.assert_array_equal(load_weights(only_out, cfg)["embed_tokens.weight"],
                                  both["embed_tokens.weight"])
    bad = dict(both, **{"output_projection.weight": both["embed_tokens.weight"] + 1})
    with pytest.raises(rm.RetNetError, match="'output_projection.weight' differs from 'embed_tokens.weight'"):
        load_weights(bad, cfg)


def test_rel_pos_buffers_are_checked():
    cfg = RetNetConfig.from_dict(SMALL)
    w = _numpy_state_dict(cfg)
    load_weights(w, cfg)
    ang = dict(w, **{"retnet_rel_pos.angle": w["retnet_rel_pos.angle"] * 1.01})
    with pytest.raises(rm.RetNetError, match="'retnet_rel_pos.angle' does not match"):
        load_weights(ang, cfg)
    dec = dict(w, **{"retnet_rel_pos.decay": w["retnet_rel_pos.decay"][::-1].copy()})
    with pytest.raises(rm.RetNetError, match="'retnet_rel_pos.decay' does not match"):
        load_weights(dec, cfg)
    short = dict(w, **{"retnet_rel_pos.decay": np.zeros(3, np.float32)})
    with pytest.raises(rm.RetNetError, match=r"'retnet_rel_pos.decay' has shape \(3,\), expected \(2,\)"):
        load_weights(short, cfg)


def test_rel_pos_buffers_match_torchscale_for_many_heads():
    """torchscale computes the buffers in float32; from head 20 on its decay
    rounds to 0 (log(1 - 2^-25) in float32), still accepted."""
    ts()
    from torchscale.architecture.config import RetNetConfig as TSConfig
    from torchscale.architecture.retnet import RetNetRelPos

    for E, H in ((32, 2), (64, 1), (96, 3), (256, 32), (64, 32)):
        tcfg = TSConfig(decoder_embed_dim=E, decoder_retention_heads=H)
        rp = RetNetRelPos(tcfg)
        cfg = RetNetConfig.from_dict(dict(SMALL, decoder_embed_dim=E, decoder_value_embed_dim=E,
                                          decoder_retention_heads=H))
        want = rel_pos_buffers(cfg)
        from retnet_mlir.weights import _check_buffer
        _check_buffer("retnet_rel_pos.angle", rp.angle.numpy(), want["retnet_rel_pos.angle"])
        _check_buffer("retnet_rel_pos.decay", rp.decay.numpy(), want["retnet_rel_pos.decay"])


def test_config_mismatched_state_dict_names_the_key():
    cfg, dec = _torchscale_decoder(layernorm_embedding=True)
    with pytest.raises(rm.RetNetError, match="unexpected weight 'layernorm_embedding.weight' "
                                             r"\(the config has layernorm_embedding=False\)"):
        load_weights(dec.state_dict(), RetNetConfig.from_dict(SMALL))
    _, dec = _torchscale_decoder()
    with pytest.raises(rm.RetNetError, match=r"unexpected weight 'output_projection.weight' "
                                             r"\(the config has no_output_layer=True\)"):
        load_weights(dec.state_dict(), RetNetConfig.from_dict(dict(SMALL, no_output_layer=True)))
    with pytest.raises(rm.RetNetError, match="unexpected weight 'layer_norm.weight'"):
        load_weights(dec.state_dict(), RetNetConfig.from_dict(dict(SMALL, subln=False,
                                                                   decoder_normalize_before=False)))
    with pytest.raises(rm.RetNetError, match="missing weight 'layernorm_embedding.weight'"):
        load_weights(dec.state_dict(), RetNetConfig.from_dict(dict(SMALL, layernorm_embedding=True)))


def test_torch_bfloat16_state_dict_loads():
    cfg, dec = _torchscale_decoder()
    import torch
    sd = {k: v.to(torch.bfloat16) if k != "retnet_rel_pos.decay" else v for k, v in dec.state_dict().items()}
    got = load_weights(sd, RetNetConfig.from_any(cfg))
    assert got["embed_tokens.weight"].dtype == np.float32


def test_bad_weight_sources():
    cfg = RetNetConfig.from_dict(SMALL)
    with pytest.raises(rm.RetNetError, match="weights must be a dict of arrays"):
        load_weights(3, cfg)
    with pytest.raises(rm.RetNetError, match="weights file not found"):
        load_weights("/nonexistent/w.safetensors", cfg)
