"""The direct expert: the model answers from its own knowledge and the conversation."""
from __future__ import annotations

from collections.abc import Generator, Sequence

from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.events import Event, ExpertFinished, ExpertStarted, Route
from agents.experts.base import (
    ExpertContext,
    ExpertResult,
    ExpertRun,
    prompt,
    stream_answer,
)
from agents.platform.cancel import CancelToken


def answer_directly(model: ChatModel, request: str, *, history: Sequence[Message] = (), max_tokens: int = 256,
                    temperature: float = 0.2, cancel: CancelToken, emit_tokens: bool = True
                    ) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("direct", request)
    text = yield from stream_answer(model, prompt(request, history), max_tokens=max_tokens,
                                    temperature=temperature, cancel=cancel, emit=emit_tokens)
    text = text or "I have no answer to that."
    yield ExpertFinished("direct", f"{len(text)} characters")
    return ExpertResult(text)


class DirectExpert:
    """Route DIRECT: the model alone, with the user's answer length and temperature."""

    route = Route.DIRECT

    def __init__(self, model: ChatModel) -> None:
        self.model = model

    def run(self, context: ExpertContext) -> ExpertRun:
        settings = context.settings
        return (yield from answer_directly(self.model, context.request, history=context.history,
                                           max_tokens=settings.max_answer_tokens, temperature=settings.temperature,
                                           cancel=context.cancel, emit_tokens=context.emit_tokens))
