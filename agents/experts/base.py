"""What every expert shares: the contract, its result type, the stable system prompt, history turns.

An expert is an object with a `route` and `run(context)`: a generator of events that
*returns* an ExpertResult, so the orchestrator writes `result = yield from expert.run(context)`
and forwards the events untouched. The context carries the same settings, history, cancel
token and consent callback to every expert, so every route honours the user's settings. The system
prompt is the same for every expert so llama.cpp reuses its KV cache across calls;
the expert's own instructions go in the user message.
"""
from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from agents.engine.chat_prompt import SYSTEM_PROMPT, prompt  # noqa: F401 - part of the experts' contract
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.events import Citation, Consent, Event, Route, Token
from agents.platform.cancel import Cancelled, CancelToken
from agents.platform.settings import Settings
from agents.routing.decision import Decision


@dataclass(frozen=True)
class ExpertResult:
    text: str
    citations: tuple[Citation, ...] = ()
    supported: bool = True            # False: the expert could not ground its answer
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


ExpertRun = Generator[Event, None, ExpertResult]


@dataclass(frozen=True)
class ExpertContext:
    """One request as an expert sees it; the orchestrator builds it once per request (or plan step)."""

    request: str
    settings: Settings
    cancel: CancelToken
    history: Sequence[Message] = ()
    decision: Decision | None = None            # what the router chose (a tool call, a document, a mode)
    consent: Consent | None = None
    emit_tokens: bool = True                    # False inside a plan: only the composed answer streams


class Expert(Protocol):
    """The contract of every expert; the orchestrator keeps them in a registry by route."""

    route: Route

    def run(self, context: ExpertContext) -> ExpertRun: ...


def drain(run: Generator[Event, None, Any]) -> Any:
    """Run an expert to its result, dropping its events (a tool that needs only the text)."""
    while True:
        try:
            next(run)
        except StopIteration as done:
            return done.value


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
