"""What every expert shares: its result type, the stable system prompt, history turns.

Experts are generators of events that *return* an ExpertResult, so a caller writes
`result = yield from expert(...)` and forwards the events untouched. The system
prompt is the same for every expert so llama.cpp reuses its KV cache across calls;
the expert's own instructions go in the user message.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.platform.cancel import CancelToken, Cancelled
from agents.events import Citation, Event, Token
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message

SYSTEM_PROMPT = "You are Enclave, a helpful assistant that runs privately on the user's computer. Answer concisely."


@dataclass(frozen=True)
class ExpertResult:
    text: str
    citations: tuple[Citation, ...] = ()
    supported: bool = True            # False: the expert could not ground its answer
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


ExpertRun = Iterator[Event]


def prompt(user: str, history: Sequence[Message] = ()) -> list[Message]:
    """System prompt, earlier turns, then this request."""
    return [Message(role="system", content=SYSTEM_PROMPT), *history, Message(role="user", content=user)]


def stream_answer(model: ChatModel, messages: Sequence[Message], *, max_tokens: int, temperature: float,
                  cancel: CancelToken, emit: bool = True) -> Iterator[Event]:
    """Stream the model's reply as Token events (when `emit`) and return the whole text.

    Raises Cancelled as soon as the token after a cancel request would be handed out.
    """
    parts: list[str] = []
    for piece in model.chat(messages, max_tokens=max_tokens, temperature=temperature, cancel=cancel):
        if cancel.cancelled:
            raise Cancelled()
        parts.append(piece)
        if emit:
            yield Token(piece)
    cancel.raise_if_cancelled()
    return "".join(parts).strip()
