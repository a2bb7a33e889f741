"""Your own inference server: a real OpenAI-compatible server on 127.0.0.1 serving the embedded model.

`python -m llama_cpp.server` (llama-cpp-python's own server) stands in for llama-server, Ollama,
vLLM or LM Studio. The failure cases (down, slow, garbage, never-ending) use tests/cloud_server.py.
"""
from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import jsonschema
import pytest

from agents.platform.cancel import CancelToken
from agents.engine.openai_server import ServerConfig, ServerError, ServerModel, parse_server_url
from agents.engine.model_source import embedded_model_path
from tests.cloud_server import cloud_server  # noqa: F401 - fixture

HELLO = [{"role": "user", "content": "Say hello to me in one short sentence."}]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(embedded_model_path()),
                                "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
                                "--model_alias", "smollm2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/v1/models")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.3)
        assert process.poll() is None, "llama_cpp.server exited"
    else:
        process.kill()
        pytest.fail("llama_cpp.server did not start")
    yield f"http://127.0.0.1:{port}/v1"
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.model
def test_streams_cancels_and_gives_structured_output(llama_server: str):
    model = ServerModel(ServerConfig(url=llama_server, model="smollm2", context_size=2048))
    assert "127.0.0.1" in model.load().name
    pieces = list(model.chat(HELLO, max_tokens=16, temperature=0.0))
    assert len(pieces) > 1 and "".join(pieces).strip()

    cancel = CancelToken()
    received = []
    for piece in model.chat([{"role": "user", "content": "Write a long story about a dragon."}], max_tokens=200,
                            cancel=cancel):
        received.append(piece)
        if len(received) == 3:
            cancel.cancel()
    assert len(received) == 3

    schema = {"type": "object", "properties": {"city": {"type": "string"}, "sunny": {"type": "boolean"}},
              "required": ["city", "sunny"], "additionalProperties": False}
    value = model.structured([{"role": "user", "content": "Paris is sunny today. Give city and sunny."}], schema)
    jsonschema.validate(value, schema)
    assert model.chat_text(HELLO, max_tokens=8, temperature=0.0).strip()   # usable after all of that


@pytest.mark.model
def test_the_core_uses_the_server_when_configured(llama_server: str):
    from agents.core import Core
    from agents.api.doctor import check_model

    core = Core()
    core.settings.inference_server_url = llama_server
    core.settings.inference_server_model = "smollm2"
    core.settings.context_size = 2048
    model = core.model()
    assert isinstance(model, ServerModel)
    check = check_model(core)
    assert check.ok and "your own inference server" in check.detail and "in full" in check.detail
    events = list(core.orchestrator().run("Say hello in one short sentence."))
    assert type(events[-1]).__name__ == "FinalAnswer" and events[-1].text.strip()
    core.close()


def test_a_server_that_is_down_is_named():
    model = ServerModel(ServerConfig(url=f"http://127.0.0.1:{free_port()}/v1", connect_timeout=2))
    with pytest.raises(ServerError, match=r"could not reach the inference server at 127\.0\.0\.1"):
        model.load()
    with pytest.raises(ServerError, match="could not reach"):
        list(model.chat(HELLO))


def test_slow_garbage_and_endless_servers_are_bounded(cloud_server):
    model = ServerModel(ServerConfig(url=cloud_server.base_url, read_timeout=1.0))
    cloud_server.mode, cloud_server.delay = "slow", 5.0
    started = time.monotonic()
    with pytest.raises(ServerError, match="did not answer in time"):
        list(model.chat(HELLO))
    assert time.monotonic() - started < 4
    cloud_server.mode = "malformed"
    with pytest.raises(ServerError, match="not an OpenAI chat-completion stream"):
        list(model.chat(HELLO))
    with pytest.raises(ServerError, match="not a chat completion"):
        model.structured(HELLO, {"type": "object", "properties": {"a": {"type": "string"}}})
    cloud_server.mode = "stream-forever"
    with pytest.raises(ServerError, match="kept streaming"):
        list(model.chat(HELLO, max_tokens=20))
    cloud_server.mode = "error"
    with pytest.raises(ServerError, match="HTTP 500"):
        list(model.chat(HELLO))


def test_the_server_url_is_checked_and_the_key_never_shown():
    assert parse_server_url("http://10.0.0.5:11434/v1/chat/completions").path == "/v1"
    with pytest.raises(ServerError, match="not an http"):
        parse_server_url("ftp://example")
    config = ServerConfig(url="http://127.0.0.1:1/v1", api_key="sk-secret-123")
    assert "sk-secret" not in repr(config)


def test_structured_output_is_validated_locally(cloud_server):
    cloud_server.reply = lambda request: json.dumps({"city": 42})   # valid JSON, wrong type
    model = ServerModel(ServerConfig(url=cloud_server.base_url))
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    with pytest.raises(ServerError, match="did not produce valid structured output"):
        model.structured(HELLO, schema)
    cloud_server.reply = lambda request: json.dumps({"city": "Paris"})
    assert model.structured(HELLO, schema) == {"city": "Paris"}
    sent = json.loads(cloud_server.received[-1].body)
    assert sent["response_format"]["type"] in ("json_schema", "json_object")
