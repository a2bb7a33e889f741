"""`ServerModel`: the user's own OpenAI-compatible inference server as Enclave's model.

For a user who outgrows one machine: llama.cpp's llama-server, Ollama, vLLM or LM Studio on a
workstation or a team server they run. It is the user's own trusted machine, so the full
context goes there (documents included) — unlike the cloud gateway (agents/privacy/), which
only ever sends a redacted sketch after consent. Off unless `inference_server_url` is set.

Same API as LocalModel: streaming with cancel between any two chunks, `structured()` with the
server's JSON-schema support (validated here, bounded, one retry), a context budget from the
settings (the server does not tell its n_ctx), token counts estimated conservatively.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from agents.platform.cancel import CancelToken
from agents.privacy.http import Endpoint, shut_socket
from agents.engine.prompt_budget import Message, fit_messages
from agents.engine.runtime import GenerationStats, ModelError
from agents.engine.schema_bounds import bound_schema, max_tokens_for_schema

MAX_REPLY_BYTES = 4 << 20
BYTES_PER_TOKEN = 3          # conservative: real tokenizers average ~4 bytes per token of English


class ServerError(ModelError):
    """The inference server could not be used; the message names the server and the failure."""


@dataclass(frozen=True)
class ServerConfig:
    url: str                      # base URL, e.g. http://127.0.0.1:8080/v1
    model: str = ""               # the server's model name ("" lets a one-model server choose)
    context_size: int = 4096      # the server's context window, as the user set it
    connect_timeout: float = 10.0
    read_timeout: float = 120.0   # the longest silence: prompt processing of a long prompt
    deadline: float = 900.0       # the longest one answer may stream
    api_key: str = ""             # some servers (vLLM --api-key) want one; from the keychain

    def __repr__(self) -> str:   # never show the key
        return f"ServerConfig(url={self.url!r}, model={self.model!r}, context_size={self.context_size})"


@dataclass(frozen=True)
class ServerInfo:
    """What `ServerModel.load()` returns in place of a GGUF file's facts."""

    name: str
    url: str





def parse_server_url(url: str) -> Endpoint:
    """Validate the base URL ('http://host:port/v1'); '/chat/completions' is added per request."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServerError(f"'{url}' is not an http(s) URL; give the server's OpenAI-compatible base URL, "
                          "e.g. http://127.0.0.1:8080/v1")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ServerError("the inference server URL must be a plain base URL (no credentials, query or fragment)")
    path = parts.path.rstrip("/")
    for suffix in ("/chat/completions", "/completions"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return Endpoint(url=url.strip(), scheme=parts.scheme, host=parts.hostname, port=port, path=path or "/v1")


def estimate_tokens(text: str) -> int:
    return len(text.encode("utf-8")) // BYTES_PER_TOKEN + 1


class ServerModel:
    """Talks to one OpenAI-compatible server; safe to call from any thread."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.target = parse_server_url(config.url)
        self.info = None                      # no GGUF file on this machine
        self.last_stats: GenerationStats | None = None
        self._schema_style: str | None = None  # "json_schema" or "json_object", learnt on first use

    @property
    def context_size(self) -> int:
        return self.config.context_size

    @property
    def loaded(self) -> bool:
        return True

    @property
    def name(self) -> str:
        return f"{self.config.model or 'default model'} on {self.target.display}"

    def load(self) -> ServerInfo:
        """Check that the server answers (GET /models); raises ServerError."""
        status, body = self._request("GET", "/models", None, CancelToken())
        if status != 200:
            raise ServerError(f"the inference server at {self.target.display} answered HTTP {status} to /models")
        try:
            json.loads(body)
        except ValueError:
            raise ServerError(f"the inference server at {self.target.display} is not OpenAI-compatible "
                              "(its /models reply is not JSON)") from None
        return ServerInfo(self.name, self.config.url)

    def close(self) -> None:
        pass

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    # -- chat ---------------------------------------------------------------------
    def chat(self, messages: Sequence[Message], *, max_tokens: int = 384, temperature: float = 0.2,
             cancel: CancelToken | None = None) -> Iterator[str]:
        body = self._body(messages, max_tokens, temperature) | {"stream": True}
        return self._stream(body, CancelToken(parent=cancel), max_pieces=max_tokens * 2 + 16)

    def chat_text(self, messages: Sequence[Message], **kwargs: Any) -> str:
        return "".join(self.chat(messages, **kwargs))

    def structured(self, messages: Sequence[Message], json_schema: dict[str, Any], *,
                   cancel: CancelToken | None = None, max_tokens: int | None = None) -> Any:
        """A value valid against `json_schema`: the server constrains, Enclave validates (one retry)."""
        schema = bound_schema(json_schema)
        styles = [self._schema_style] if self._schema_style else ["json_schema", "json_object"]
        failure = "no reply"
        for attempt in range(2):
            limit = min(max_tokens or max_tokens_for_schema(schema), self.context_size // 2)
            for style in styles:
                body = self._body(messages, limit, 0.0 if attempt else 0.1) | {"response_format": _format(style, schema)}
                status, raw = self._request("POST", "/chat/completions", body, CancelToken(parent=cancel))
                if status != 200 and style != styles[-1] and status not in (401, 403):
                    failure = f"HTTP {status} for response_format {style}"
                    continue   # this server may speak the other dialect (llama_cpp.server answers 500)
                text = _completion_text(self.target, status, raw)
                try:
                    value = json.loads(text, strict=False)
                    jsonschema.validate(value, schema)
                except (ValueError, jsonschema.ValidationError):
                    failure = "a reply that does not match the schema"
                    continue
                self._schema_style = style
                return value
            schema = bound_schema(json_schema, string_limit=40, item_limit=4)
            max_tokens = None
        raise ServerError(f"the inference server at {self.target.display} did not produce valid structured output "
                          f"({failure}); it needs JSON-schema support (llama-server, vLLM, Ollama, LM Studio have it)")

    def _body(self, messages: Sequence[Message], max_tokens: int, temperature: float) -> dict[str, Any]:
        budget = self.context_size - max_tokens
        if budget < 64:
            raise ModelError(f"max_tokens={max_tokens} leaves no room for a prompt in a {self.context_size}-token context")
        fitted = fit_messages(list(messages), budget,
                              lambda ms: sum(estimate_tokens(m["content"]) + 8 for m in ms))
        body: dict[str, Any] = {"messages": [dict(m) for m in fitted], "max_tokens": max_tokens,
                                "temperature": temperature}
        if self.config.model:
            body["model"] = self.config.model
        return body

    def _stream(self, body: dict[str, Any], cancel: CancelToken, max_pieces: int) -> Iterator[str]:
        started = time.perf_counter()
        first: float | None = None
        produced = chunks = 0
        connection, response = self._open("POST", "/chat/completions", body, cancel)
        try:
            if response.status != 200:
                raw = response.read(MAX_REPLY_BYTES)
                _completion_text(self.target, response.status, raw)   # raises with the reason
            for data in _sse_data(response, cancel, self.target):
                chunks += 1
                if data == "[DONE]":
                    break
                if chunks > max_pieces or time.perf_counter() - started > self.config.deadline:
                    raise ServerError(f"the inference server at {self.target.display} kept streaming past the "
                                      "answer's length limit; stopped reading")
                try:
                    choice = json.loads(data)["choices"][0]
                    piece = (choice.get("delta") or {}).get("content") or ""
                except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                    raise ServerError(f"the inference server at {self.target.display} sent a malformed stream "
                                      "(not OpenAI chat-completion chunks)") from None
                if piece:
                    first = first if first is not None else time.perf_counter() - started
                    produced += 1
                    yield piece
                if cancel.cancelled:
                    return
            if chunks == 0 and not cancel.cancelled:
                raise ServerError(f"the inference server at {self.target.display} answered with something that "
                                  "is not an OpenAI chat-completion stream")
        except (OSError, http.client.HTTPException) as exc:
            if cancel.cancelled:
                return
            raise _network_error(self.target, exc) from None
        finally:
            cancel.cancel()
            connection.close()
            total = time.perf_counter() - started
            self.last_stats = GenerationStats(0, produced, first or total, total)

    # -- HTTP -----------------------------------------------------------------------
    def _open(self, method: str, path: str, body: dict[str, Any] | None, cancel: CancelToken
              ) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        cls = http.client.HTTPSConnection if self.target.scheme == "https" else http.client.HTTPConnection
        connection = cls(self.target.host, self.target.port, timeout=self.config.connect_timeout)
        _close_on_cancel(connection, cancel)
        headers = {"Accept": "application/json, text/event-stream", "User-Agent": "Enclave"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            connection.connect()
            assert connection.sock is not None
            connection.sock.settimeout(self.config.read_timeout)
            connection.request(method, self.target.path + path, body=payload, headers=headers)
            return connection, connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            was_cancelled = cancel.cancelled
            cancel.cancel()   # ends the watcher thread
            connection.close()
            if was_cancelled:
                raise ModelError("stopped") from None
            raise _network_error(self.target, exc) from None

    def _request(self, method: str, path: str, body: dict[str, Any] | None, cancel: CancelToken
                 ) -> tuple[int, bytes]:
        connection, response = self._open(method, path, body, cancel)
        try:
            raw = response.read(MAX_REPLY_BYTES + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise _network_error(self.target, exc) from None
        finally:
            cancel.cancel()
            connection.close()
        if len(raw) > MAX_REPLY_BYTES:
            raise ServerError(f"the inference server at {self.target.display} sent more than "
                              f"{MAX_REPLY_BYTES >> 20} MiB; stopped reading")
        return response.status, raw


def _format(style: str, schema: dict[str, Any]) -> dict[str, Any]:
    if style == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "enclave_output", "schema": schema, "strict": True}}
    return {"type": "json_object", "schema": schema}


def _completion_text(target: Endpoint, status: int, raw: bytes) -> str:
    if status in (401, 403):
        raise ServerError(f"the inference server at {target.display} refused the request (HTTP {status}): "
                          "it wants an API key: store one with `enclave models server-key`")
    if status != 200:
        raise ServerError(f"the inference server at {target.display} answered with an error (HTTP {status})")
    try:
        content = json.loads(raw.decode("utf-8"))["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, ValueError, KeyError, IndexError, TypeError):
        raise ServerError(f"the inference server at {target.display} sent a reply that is not a chat completion") from None
    if not isinstance(content, str):
        raise ServerError(f"the inference server at {target.display} sent a chat completion without text")
    return content


def _sse_data(response: http.client.HTTPResponse, cancel: CancelToken, target: Endpoint) -> Iterator[str]:
    """The `data:` payloads of a server-sent-event stream, bounded in size."""
    received = 0
    while not cancel.cancelled:
        line = response.readline(MAX_REPLY_BYTES)
        if not line:
            return
        received += len(line)
        if received > MAX_REPLY_BYTES * 4:
            raise ServerError(f"the inference server at {target.display} streamed more than "
                              f"{MAX_REPLY_BYTES * 4 >> 20} MiB; stopped reading")
        text = line.decode("utf-8", errors="replace").strip()
        if text.startswith("data:"):
            yield text[5:].strip()


def _close_on_cancel(connection: http.client.HTTPConnection, cancel: CancelToken) -> None:
    """Shut the socket when `cancel` is set, so a blocking read ends at once."""
    def watch() -> None:
        while not cancel.cancelled:
            time.sleep(0.05)
        shut_socket(connection)
    threading.Thread(target=watch, name="enclave-server-cancel", daemon=True).start()


def _network_error(target: Endpoint, exc: BaseException) -> ServerError:
    if isinstance(exc, TimeoutError):
        return ServerError(f"the inference server at {target.display} did not answer in time")
    reason = getattr(exc, "strerror", None) or type(exc).__name__
    return ServerError(f"could not reach the inference server at {target.display} ({reason}); "
                       "is it running? (Settings -> Model, or `enclave models use-local`)")
