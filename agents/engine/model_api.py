"""What the agents need from a language model.

The engine (`agents.engine.client.EngineModel`, llama.cpp in a child process), the in-process
`LocalModel`, the user's own server (`ServerModel`) and the tests' scripted fake all satisfy it, so
agent logic is tested fast with the fake and end to end with the real model.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from agents.platform.cancel import CancelToken
from agents.engine.prompt_budget import Message


class ChatModel(Protocol):
    @property
    def context_size(self) -> int: ...

    def chat(self, messages: Sequence[Message], *, max_tokens: int = ..., temperature: float = ...,
             cancel: CancelToken | None = ...) -> Iterator[str]: ...

    def chat_text(self, messages: Sequence[Message], **kwargs: Any) -> str: ...

    def structured(self, messages: Sequence[Message], json_schema: dict[str, Any], *,
                   cancel: CancelToken | None = ..., max_tokens: int | None = ...) -> Any: ...

    def count_tokens(self, text: str) -> int: ...


class LoadableModel(ChatModel, Protocol):
    """A ChatModel that the core owns: loaded once off the GUI thread, closed at exit."""

    def load(self) -> Any: ...

    def close(self) -> None: ...
