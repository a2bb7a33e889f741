"""Cloud delegation (the privacy gateway owns this module's body).

This minimal body keeps the route working end to end: with no cloud endpoint
configured it says so and answers locally; nothing here opens a network
connection. The privacy gateway replaces the body (redact, sketch, consent,
send, finish locally), keeping the signature.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from agents.cancel import CancelToken
from agents.citations import check_citations
from agents.events import ConsentRequest, ErrorEvent, Event, FinalAnswer, Route
from agents.evidence import compress
from agents.experts.base import prompt, stream_answer
from agents.experts.retrieval import build_prompt
from rag.types import Passage

NOT_CONFIGURED = "the cloud model is not configured (enclave cloud set-endpoint ...); answering locally"


def run_cloud_expert(request: str, passages: Sequence[Passage], *, core_model: Any, library: Any, settings: Any,
                     paths: Any, consent: Callable[[ConsentRequest], bool] | None,
                     cancel: CancelToken) -> Iterator[Event]:
    """Yield the run's events, ending with a FinalAnswer (route CLOUD)."""
    if settings.cloud_endpoint:
        yield ErrorEvent("the cloud gateway is not available in this build; answering locally")
    else:
        yield ErrorEvent(NOT_CONFIGURED)
    evidence = compress(passages, request, 360, core_model.count_tokens, min_relevance=0.01)
    messages = build_prompt(request, evidence) if evidence else prompt(request)
    text = yield from stream_answer(core_model, messages, max_tokens=settings.max_answer_tokens,
                                    temperature=settings.temperature, cancel=cancel)
    checked = check_citations(text, [e.passage for e in evidence])
    yield FinalAnswer(checked.text, checked.citations, Route.CLOUD)
