"""Unit tests of the runtime's pure logic: prompt budget, schema bounds, GGUF header checks."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from agents.engine.gguf import GGUFError, read_gguf_info
from agents.engine.model_source import embedded_model_path
from agents.engine.prompt_budget import fit_messages
from agents.engine.schema_bounds import bound_schema, max_tokens_for_schema


def _count_chars(messages):  # a stand-in tokenizer: one token per 4 characters
    return sum(len(m["content"]) for m in messages) // 4 + 4 * len(messages)


def test_fit_messages_keeps_everything_that_fits():
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "hello"}]
    assert fit_messages(messages, 100, _count_chars) == messages


def test_fit_messages_drops_oldest_turns_first_keeping_system_and_last():
    messages = [{"role": "system", "content": "rules"}]
    messages += [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "x" * 200} for i in range(10)]
    fitted = fit_messages(messages, 150, _count_chars)
    assert fitted[0]["content"] == "rules"
    assert fitted[-1] == messages[-1]
    assert len(fitted) < len(messages)
    assert _count_chars(fitted) <= 150


def test_fit_messages_shortens_a_huge_single_message_keeping_head_and_tail():
    content = "START " + "filler " * 5000 + " QUESTION?"
    fitted = fit_messages([{"role": "user", "content": content}], 300, _count_chars)
    text = fitted[0]["content"]
    assert _count_chars(fitted) <= 300
    assert text.startswith("START") and text.endswith("QUESTION?")


def test_bound_schema_adds_limits_without_touching_enums():
    schema = {"type": "object", "properties": {
        "choice": {"type": "string", "enum": ["a", "b"]},
        "note": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
    }, "required": ["choice"]}
    bounded = bound_schema(schema)
    assert "maxLength" not in bounded["properties"]["choice"]
    assert bounded["properties"]["note"]["maxLength"] == 200
    assert bounded["properties"]["tags"]["maxItems"] == 8
    assert bounded["properties"]["tags"]["items"]["maxLength"] == 200
    assert bounded["additionalProperties"] is False
    assert "maxLength" not in schema["properties"]["note"]  # the caller's schema is not mutated


def test_bound_schema_tightens_on_retry_and_token_estimate_shrinks():
    schema = {"type": "object", "properties": {"text": {"type": "string", "maxLength": 500}}}
    assert bound_schema(schema)["properties"]["text"]["maxLength"] == 500
    tight = bound_schema(schema, string_limit=40)
    assert tight["properties"]["text"]["maxLength"] == 40
    assert max_tokens_for_schema(tight) < max_tokens_for_schema(bound_schema(schema))


# -- GGUF header checks: each bad file gets a specific message naming it ---------------------

def test_missing_model_file(tmp_path: Path):
    with pytest.raises(GGUFError, match=r"nowhere\.gguf: model file not found"):
        read_gguf_info(tmp_path / "nowhere.gguf")


def test_empty_model_file(tmp_path: Path):
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    with pytest.raises(GGUFError, match=r"empty\.gguf: the model file is empty"):
        read_gguf_info(path)


def test_not_a_gguf_file(tmp_path: Path):
    path = tmp_path / "notes.gguf"
    path.write_text("these are my notes, not a model")
    with pytest.raises(GGUFError, match=r"notes\.gguf: not a GGUF model \(starts with b'thes'"):
        read_gguf_info(path)


def test_unsupported_gguf_version(tmp_path: Path):
    path = tmp_path / "future.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 99, 0, 0))
    with pytest.raises(GGUFError, match="GGUF version 99 is not supported"):
        read_gguf_info(path)


def test_corrupt_header_string_length(tmp_path: Path):
    path = tmp_path / "corrupt.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + struct.pack("<Q", 2**60) + b"x" * 64)
    with pytest.raises(GGUFError, match=r"corrupt\.gguf: the header is corrupt \(a string claims"):
        read_gguf_info(path)


@pytest.mark.parametrize("keep_fraction", [0.0005, 0.5, 0.99])
def test_truncated_model_file(tmp_path: Path, keep_fraction: float):
    source = embedded_model_path().read_bytes()
    path = tmp_path / "cut.gguf"
    path.write_bytes(source[: int(len(source) * keep_fraction)])
    with pytest.raises(GGUFError, match=r"cut\.gguf: the file is truncated"):
        read_gguf_info(path)


def test_embedded_model_header_facts():
    info = read_gguf_info(embedded_model_path())
    assert info.architecture == "llama"
    assert info.quantization == "Q4_1"
    assert info.context_length == 8192
    assert info.chat_template and "im_start" in info.chat_template
    assert 80 * 2**20 < info.size_bytes < 120 * 2**20


def test_child_cancel_token_follows_its_parent_but_not_the_reverse():
    from agents.platform.cancel import CancelToken

    parent = CancelToken()
    child = CancelToken(parent=parent)
    child.cancel()
    assert child.cancelled and not parent.cancelled
    other = CancelToken(parent=parent)
    parent.cancel()
    assert other.cancelled


def test_model_names_are_readable(tmp_path):
    from agents.engine.gguf import GGUFInfo

    def info(file: str, **meta) -> GGUFInfo:
        return GGUFInfo(tmp_path / file, 1, 3, 1, {f"general.{k}": v for k, v in meta.items()})

    assert info("SmolLM2-135M-Instruct.Q4_1.gguf", name="Smollm2 135M 8k Lc100K Mix1 Ep2",
                basename="smollm2").name == "SmolLM2 135M Instruct"
    assert info("qwen2.5-3b-instruct-q4_k_m.gguf", name="Qwen2.5 3B Instruct", basename="qwen2.5").name == \
        "Qwen2.5 3B Instruct"
    assert info("model.gguf", name="Phi 3.5 Mini Instruct", basename="phi-3.5").name == "Phi 3.5 Mini Instruct"
    assert info("Mystery.gguf").name == "Mystery"


def test_a_choice_among_fixed_options_is_decoded_greedily(monkeypatch):
    """Round fifteen: an enum-only schema is sampled at temperature 0 from its first attempt (runtime.GREEDY_CHOICES);
    a schema with free text keeps 0.1 first. Sampled, the same question over the same passage got two answers."""
    from agents.engine import runtime
    from agents.engine.schema_bounds import only_choices

    choice = {"type": "object", "properties": {"answer": {"type": "string", "enum": ["a", "b"]}}, "required": ["answer"]}
    free = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    assert only_choices(choice) and not only_choices(free)
    model = runtime.LocalModel(runtime.ModelConfig(path=Path("unused.gguf")))
    used: list[float] = []

    def stream(messages, *, max_tokens, temperature, cancel, grammar):
        used.append(temperature)
        return iter(['{"answer": "a"}' if "answer" in str(grammar) else '{"title": "x"}'])
    monkeypatch.setattr(model, "_stream", stream)
    monkeypatch.setattr(model, "_grammar", lambda schema: json.dumps(schema))
    assert model.structured([], choice) == {"answer": "a"} and model.structured([], free) == {"title": "x"}
    assert used == [0.0, 0.1]
    monkeypatch.setattr(runtime, "GREEDY_CHOICES", False)
    model.structured([], choice)
    assert used[-1] == 0.1
