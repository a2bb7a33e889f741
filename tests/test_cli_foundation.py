"""The `enclave` command as a user runs it: a real subprocess, the real embedded model."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import agents


def enclave(*args: str, env_extra: dict[str, str] | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "app.main", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=Path(__file__).resolve().parent.parent)


def test_version():
    result = enclave("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"enclave {agents.__version__}"


def test_models_shows_the_embedded_model():
    result = enclave("models")
    assert result.returncode == 0, result.stderr
    assert "SmolLM2-135M-Instruct.Q4_1.gguf" in result.stdout
    assert "Q4_1" in result.stdout and "8192 tokens" in result.stdout and "embedded" in result.stdout


@pytest.mark.model
def test_ask_streams_an_answer_with_no_llama_noise():
    result = enclave("ask", "Say hello")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "llama" not in result.stderr.lower() and "ggml" not in result.stderr.lower()


def test_bad_model_path_gives_one_clear_line(tmp_path: Path):
    bogus = tmp_path / "model.gguf"
    bogus.write_text("not a model")
    result = enclave("models", env_extra={"ENCLAVE_MODEL": str(bogus)})
    assert result.returncode == 1
    assert result.stderr.strip() == f"enclave: {bogus}: not a GGUF model (starts with b'not '" \
        ", expected b'GGUF'); Enclave runs llama.cpp models in GGUF format"
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_doctor_reports_each_check(tmp_path: Path):
    result = enclave("doctor")
    out = result.stdout
    for name in ("model:", "embedding model:", "keychain:", "cpu:", "disk:"):
        assert name in out
    assert "[ok  ] model: " in out and "loads and generates" in out


@pytest.mark.model
def test_ask_can_be_interrupted(tmp_path: Path):
    import signal
    import time
    env = dict(os.environ)
    # a shell that starts the test run in the background makes it ignore SIGINT, and a child inherits that; a user's
    # terminal does not: give the CLI the default, as a terminal would
    proc = subprocess.Popen([sys.executable, "-m", "app.main", "ask", "Write a very long story about the sea."],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=Path(__file__).resolve().parent.parent,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = proc.stdout.read(1)  # wait for the first streamed character
    assert first
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out[:300], err[-1500:])
    assert "cancelled" in err and "Traceback" not in err
