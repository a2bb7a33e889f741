"""The engine pipe's wire format: one JSON object per line, UTF-8, in both directions.

Requests (parent -> child) carry `id` and `op`; replies (child -> parent) carry the same `id`
and one of `token` (a streamed piece of text), `result` (the call's value, ends the call),
`error` ({kind, message}, ends the call). The child speaks first with an `id`-less hello.
JSON keeps every piece of text a string, so document text can never become a pipe command.
"""
from __future__ import annotations

import json
from typing import Any, BinaryIO

# Operations the child understands.
OPS = ("load", "count_tokens", "render", "chat", "structured", "selfcheck", "cancel", "close", "crash")
# Error kinds: "model" (a ModelError, its message is for the user), "bad_request" (a bug in the parent).
MAX_LINE_BYTES = 64 * 1024 * 1024


def write_message(stream: BinaryIO, message: dict[str, Any]) -> None:
    """Write one message as one line and flush it (the other side reads line by line)."""
    stream.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    stream.flush()


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """The next message, or None at end of stream. A malformed line raises ValueError."""
    line = stream.readline(MAX_LINE_BYTES)
    if not line:
        return None
    message = json.loads(line.decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("engine message is not an object")
    return message
