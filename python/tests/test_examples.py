"""The bundled examples (the README's main job) run and report agreement."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(script, *args):
    return subprocess.run([sys.executable, str(ROOT / "examples" / script), *args],
                          capture_output=True, text=True, timeout=600)


def test_op_example_all_schedules_agree():
    p = run("run_example.py")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "OK: all schedules agree" in p.stdout
    for s in ("parallel", "chunkwise", "recurrent"):
        assert f"#retention.schedule<{s}" in p.stdout


def test_model_example_prefill_and_decode(tmp_path):
    p = run("run_model.py", "--prompt-len", "40", "--new-tokens", "4", "--emit-mlir", str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "tokens/s" in p.stdout and "decode  layer 0 retention: #retention.schedule<recurrent>" in p.stdout
    assert (tmp_path / "prefill.mlir").read_text().count("retention.retention") == 4
