"""Integration tests of the runtime with the real embedded SmolLM2 through llama.cpp."""
from __future__ import annotations

import struct
import threading
from pathlib import Path

import jsonschema
import pytest

from agents.platform.cancel import CancelToken
from agents.engine.model_source import embedded_model_path
from agents.engine.runtime import LocalModel, ModelConfig, ModelError

pytestmark = pytest.mark.model

HELLO = [{"role": "user", "content": "Say hello to me in one short sentence."}]


def test_streams_a_non_empty_answer(real_model: LocalModel):
    tokens = list(real_model.chat(HELLO, max_tokens=24, temperature=0.0))
    assert len(tokens) > 1
    assert "".join(tokens).strip()
    stats = real_model.last_stats
    assert stats is not None and stats.prompt_tokens > 5 and 0 < stats.completion_tokens <= 24


def test_cancel_mid_stream_then_answer_again(real_model: LocalModel):
    cancel = CancelToken()
    received: list[str] = []
    for token in real_model.chat([{"role": "user", "content": "Write a long story about a dragon."}],
                                 max_tokens=200, cancel=cancel):
        received.append(token)
        if len(received) == 3:
            cancel.cancel()
    assert 3 <= len(received) <= 4  # stops within one token of the cancel
    assert real_model.last_stats.completion_tokens <= 5
    again = real_model.chat_text(HELLO, max_tokens=16, temperature=0.0)
    assert again.strip()


def test_abandoning_the_iterator_frees_the_model(real_model: LocalModel):
    stream = real_model.chat([{"role": "user", "content": "Count from one to one hundred."}], max_tokens=200)
    next(stream)
    stream.close()
    assert real_model.chat_text(HELLO, max_tokens=8).strip()


def test_calls_from_two_threads_are_serialized(real_model: LocalModel):
    answers: dict[int, str] = {}

    def ask(i: int) -> None:
        answers[i] = real_model.chat_text([{"role": "user", "content": f"What is {i} plus {i}?"}], max_tokens=12)

    threads = [threading.Thread(target=ask, args=(i,)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert set(answers) == {1, 2} and all(a.strip() for a in answers.values())


ENUM_SCHEMA = {"type": "object", "properties": {"route": {"type": "string", "enum": ["documents", "direct", "tool"]}},
               "required": ["route"]}
OBJECT_SCHEMA = {"type": "object", "properties": {
    "title": {"type": "string", "maxLength": 40},
    "priority": {"type": "integer"},
    "done": {"type": "boolean"},
}, "required": ["title", "priority", "done"]}
LIST_SCHEMA = {"type": "array", "items": {"type": "string", "maxLength": 30}, "minItems": 1, "maxItems": 5}


@pytest.mark.parametrize("schema, prompt", [
    (ENUM_SCHEMA, "Which route fits: 'what does my contract say about notice periods?'"),
    (OBJECT_SCHEMA, "Make a to-do item for buying milk."),
    (LIST_SCHEMA, "List some fruits."),
    (OBJECT_SCHEMA, "Write an extremely long, rambling, never-ending essay about everything you know, "
                    "repeating yourself as much as possible, and put it all in the title."),
    ({"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"]},
     "Summarize the history of the world in as many words as you can. Never stop."),
])
def test_structured_output_validates(real_model: LocalModel, schema: dict, prompt: str):
    value = real_model.structured([{"role": "user", "content": prompt}], schema)
    jsonschema.validate(value, schema)
    assert real_model.last_stats.completion_tokens < 400


def test_prompt_longer_than_the_context_is_fitted():
    small = LocalModel(ModelConfig(path=embedded_model_path(), context_size=512))
    try:
        huge = "The sky is blue. " * 3000 + "\nQuestion: what colour is the sky?"
        answer = small.chat_text([{"role": "user", "content": huge}], max_tokens=16)
        assert answer.strip()
        assert small.last_stats.prompt_tokens + 16 <= small.context_size
        assert small.last_stats.prompt_tokens > 400  # trimmed to fit, not thrown away
    finally:
        small.close()


def test_count_tokens(real_model: LocalModel):
    assert 1 <= real_model.count_tokens("hello") <= 2
    assert real_model.count_tokens("hello world " * 50) >= 50


# -- bad model files: each is refused with a specific message naming the file ----------------

def _load(path: Path) -> None:
    model = LocalModel(ModelConfig(path=path, context_size=512))
    try:
        model.load()
    finally:
        model.close()


def test_missing_file_message(tmp_path: Path):
    with pytest.raises(ModelError, match=r"missing\.gguf: model file not found"):
        _load(tmp_path / "missing.gguf")


def test_not_gguf_message(tmp_path: Path):
    path = tmp_path / "photo.gguf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(ModelError, match=r"photo\.gguf: not a GGUF model"):
        _load(path)


def test_truncated_file_message(tmp_path: Path):
    path = tmp_path / "half.gguf"
    path.write_bytes(embedded_model_path().read_bytes()[: 40 * 2**20])
    with pytest.raises(ModelError, match=r"half\.gguf: the file is truncated \(41,943,040 bytes, the model needs"):
        _load(path)


def test_valid_header_that_llama_cpp_cannot_load(tmp_path: Path):
    key, value = b"general.architecture", b"no-such-architecture"
    header = b"GGUF" + struct.pack("<IQQ", 3, 0, 1)
    header += struct.pack("<Q", len(key)) + key + struct.pack("<I", 8) + struct.pack("<Q", len(value)) + value
    path = tmp_path / "odd.gguf"
    path.write_bytes(header + b"\0" * (64 - len(header) % 32))
    with pytest.raises(ModelError, match=r"odd\.gguf: llama\.cpp could not load this model .*architecture 'no-such-architecture'"):
        _load(path)


def test_too_large_for_free_memory(monkeypatch: pytest.MonkeyPatch):
    import psutil

    class Tiny:
        available = 16 * 2**20

    monkeypatch.setattr(psutil, "virtual_memory", lambda: Tiny())
    with pytest.raises(ModelError, match=r"SmolLM2-135M-Instruct\.Q4_1\.gguf: the model needs about 0\.\d GiB of memory but only 0\.0 GiB is free"):
        _load(embedded_model_path())


def test_ending_a_stream_leaves_the_callers_token_alone(real_model: LocalModel):
    run_token = CancelToken()
    stream = real_model.chat(HELLO, max_tokens=30, cancel=run_token)
    next(stream)
    stream.close()                      # the consumer leaves early: the worker is freed...
    assert not run_token.cancelled      # ...but the caller's run goes on
    assert real_model.chat_text(HELLO, max_tokens=4, cancel=run_token).strip()


CHOICE = {"type": "object", "properties": {"answer": {"type": "string", "enum": [
    "`perl`", "`python`", "`zsh/system`", "`zsh/mapfile`", "`zsh/files`", "`readonly`"]}}, "required": ["answer"]}
CHOICE_PROMPT = [{"role": "user", "content": (
    "Sources:\n[zsh.html] \"It is also important to restrict what zsh module the user may load as some of them, "
    "such as zsh/system, zsh/mapfile and zsh/files, allow bypassing most of the restrictions.\"\n\nQuestion: Which zsh "
    "modules would let a restricted user get around the restrictions?\nChoose the answer from the options.")}]


def test_a_choice_among_fixed_options_is_the_same_every_time(real_model: LocalModel):
    """Round fifteen: an enum-only schema is decoded greedily (runtime.GREEDY_CHOICES): sampled, one call chose
    "`perl`" and the next "`zsh/system`" over the same passage."""
    from agents.engine.schema_bounds import only_choices

    assert only_choices(CHOICE) and not only_choices(LIST_SCHEMA)
    answers = {real_model.structured(CHOICE_PROMPT, CHOICE)["answer"] for _ in range(6)}
    assert len(answers) == 1, answers
