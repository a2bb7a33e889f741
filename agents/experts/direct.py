"""The direct expert: the model alone — small talk and writing tasks; facts only from a larger model, labelled.

Why: a model below ~1B parameters (the embedded SmolLM2-135M; agents/answers/style.py reads the size from
the GGUF header) invents facts, so it never answers a question about facts from its own weights: such a
question gets a plain refusal that points to the documents. A larger local model or the user's own server
may answer it, labelled as the model's general knowledge. Small talk is answered by the model only when its
reply passes a check (agents/experts/small_talk.py), else with a fixed friendly reply.
"""
from __future__ import annotations

from collections.abc import Generator, Sequence

from agents.answers.style import AUTO, writes_answers
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.events import Event, ExpertFinished, ExpertStarted, Route, Token
from agents.experts.base import (
    ExpertContext,
    ExpertResult,
    ExpertRun,
    prompt,
    stream_answer,
)
from agents.experts.small_talk import fixed_reply, not_sensible
from agents.platform.cancel import CancelToken
from agents.routing.intent import CHAT, QUESTION, request_kind

GENERAL = "From the model's general knowledge, not your documents: "
NO_FACTS = ("I can only answer questions about facts from your documents: the embedded model is too small to "
            "know facts of its own (it would make them up). Index the documents that hold the answer, or "
            "configure a larger model or your own server in Settings.")


def answer_directly(model: ChatModel, request: str, *, history: Sequence[Message] = (), max_tokens: int = 256,
                    temperature: float = 0.2, cancel: CancelToken, emit_tokens: bool = True,
                    general_knowledge: bool = False) -> Generator[Event, None, ExpertResult]:
    """The model's own reply, within what its size allows (see the module docstring)."""
    yield ExpertStarted("direct", request)
    kind = request_kind(request)
    if kind == QUESTION and not general_knowledge:
        yield from _say(NO_FACTS, emit_tokens)
        yield ExpertFinished("direct", "a question about facts; the embedded model does not answer facts")
        return ExpertResult(NO_FACTS, supported=False)
    if kind == CHAT:
        reply = yield from stream_answer(model, prompt(request, history), max_tokens=min(max_tokens, 80),
                                         temperature=temperature, cancel=cancel, emit=False)
        why = not_sensible(request, reply)
        text = fixed_reply(request) if why else reply
        yield from _say(text, emit_tokens)
        yield ExpertFinished("direct", f"small talk; {'a fixed reply: ' + why if why else 'the model replied'}")
        return ExpertResult(text)
    label = GENERAL if kind == QUESTION else ""
    if label and emit_tokens:
        yield Token(label)
    text = yield from stream_answer(model, prompt(request, history), max_tokens=max_tokens,
                                    temperature=temperature, cancel=cancel, emit=emit_tokens)
    text = label + (text or "I have no answer to that.")
    yield ExpertFinished("direct", f"{len(text)} characters" + ("; general knowledge, labelled" if label else ""))
    return ExpertResult(text, supported=not label)


def _say(text: str, emit_tokens: bool) -> Generator[Event, None, None]:
    if emit_tokens:
        yield Token(text)


class DirectExpert:
    """Route DIRECT: the model alone, with the user's answer length and temperature."""

    route = Route.DIRECT

    def __init__(self, model: ChatModel, *, general_knowledge: bool | None = None) -> None:
        self.model = model
        self._general = general_knowledge

    @property
    def general_knowledge(self) -> bool:
        """May this model answer facts from its own weights? Only a larger model or the user's own server."""
        if self._general is None:
            self._general = writes_answers(AUTO, self.model)
        return self._general

    def run(self, context: ExpertContext) -> ExpertRun:
        settings = context.settings
        return (yield from answer_directly(self.model, context.request, history=context.history,
                                           max_tokens=settings.max_answer_tokens, temperature=settings.temperature,
                                           cancel=context.cancel, emit_tokens=context.emit_tokens,
                                           general_knowledge=self.general_knowledge))
