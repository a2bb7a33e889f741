"""The answer_style setting: who may write a document answer (agents/answers/style.py).

Real GGUF headers (the embedded SmolLM2 and files written here, sparse so that a
"1.2B-parameter" file costs no disk), the real settings loader and a real ServerModel.
"""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from agents.answers.style import WRITER_FILE_BYTES, model_parameters, writes_answers
from agents.engine.gguf import read_gguf_info
from agents.engine.model_source import embedded_model_path
from agents.engine.openai_server import ServerConfig, ServerModel
from agents.engine.runtime import LocalModel, ModelConfig
from agents.platform.settings import settings_from_dict

I8 = 24          # ggml type: one byte per weight


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def make_gguf(path: Path, weights: int, *, named_tensors: bool = True) -> Path:
    """A valid GGUF v3 file with one I8 tensor of `weights` elements; the data part is a sparse hole.
    Without named tensors the file has the same size but an empty tensor table (size is all we know)."""
    header = b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 1 if named_tensors else 0) + struct.pack("<Q", 1)
    header += _string("general.architecture") + struct.pack("<I", 8) + _string("llama")
    if named_tensors:
        header += _string("token_embd.weight") + struct.pack("<I", 1) + struct.pack("<Q", weights)
        header += struct.pack("<I", I8) + struct.pack("<Q", 0)
    start = -(-len(header) // 32) * 32
    with path.open("wb") as handle:
        handle.write(header)
        handle.truncate(start + weights)
    return path


def test_auto_lets_only_a_model_over_a_billion_weights_write(tmp_path):
    small = make_gguf(tmp_path / "small.gguf", 360_000_000)
    large = make_gguf(tmp_path / "large.gguf", 1_500_000_000)
    assert read_gguf_info(large).parameters == 1_500_000_000
    for path, expected in ((embedded_model_path(), False), (small, False), (large, True)):
        model = LocalModel(ModelConfig(path=Path(path)))         # not loaded: the header alone decides
        assert writes_answers("auto", model) is expected, path
        assert writes_answers("write", model) and not writes_answers("quotes", model)


def test_the_embedded_model_counts_its_weights_from_the_header():
    info = read_gguf_info(embedded_model_path())
    assert 130_000_000 < model_parameters(info) < 140_000_000      # SmolLM2-135M


def test_a_header_without_tensor_sizes_falls_back_to_the_file_size(tmp_path):
    big = read_gguf_info(make_gguf(tmp_path / "big.gguf", WRITER_FILE_BYTES, named_tensors=False))
    small = read_gguf_info(make_gguf(tmp_path / "tiny.gguf", 300_000_000, named_tensors=False))
    assert big.parameters == 0 and model_parameters(big) >= 1_000_000_000 and model_parameters(small) == 0


def test_your_own_server_writes_and_a_missing_file_does_not():
    server = ServerModel(ServerConfig(url="http://127.0.0.1:9/v1"))      # never contacted
    assert writes_answers("auto", server) and not writes_answers("quotes", server)
    assert not writes_answers("auto", LocalModel(ModelConfig(path=Path("/nonexistent/model.gguf"))))


@pytest.mark.parametrize("value, kept", [("write", "write"), ("quotes", "quotes"), ("loud", "auto"), (3, "auto")])
def test_the_setting_accepts_only_its_three_values(value, kept):
    loaded = settings_from_dict({"answer_style": value})
    assert loaded.settings.answer_style == kept
    assert bool(loaded.problems) is (value != kept)
