"""The direct expert: the model answers from its own knowledge and the conversation."""
from __future__ import annotations

from collections.abc import Generator, Sequence

from agents.platform.cancel import CancelToken
from agents.events import Event, ExpertFinished, ExpertStarted
from agents.experts.base import ExpertResult, prompt, stream_answer
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message


def answer_directly(model: ChatModel, request: str, *, history: Sequence[Message] = (), max_tokens: int = 256,
                    temperature: float = 0.2, cancel: CancelToken, emit_tokens: bool = True
                    ) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("direct", request)
    text = yield from stream_answer(model, prompt(request, history), max_tokens=max_tokens,
                                    temperature=temperature, cancel=cancel, emit=emit_tokens)
    text = text or "I have no answer to that."
    yield ExpertFinished("direct", f"{len(text)} characters")
    return ExpertResult(text)
