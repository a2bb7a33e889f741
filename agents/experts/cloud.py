"""Cloud delegation: the privacy gateway's exchange, then the local model finishes.

The cloud sees only a re-checked sketch of the request, after the user consented to
its exact bytes (agents/privacy/gateway.py). Whatever happens there (denied, off,
timeout, revoked key), the answer is written here by the local model with the
user's private context, using the cloud's de-pseudonymized draft when one came.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from agents.answers.citations import check_citations
from agents.answers.claims import keep_supported
from agents.answers.evidence import compress
from agents.events import (
    ConsentRequest,
    Event,
    ExpertFinished,
    FinalAnswer,
    RetrievalHits,
    Route,
)
from agents.experts.base import (
    ExpertContext,
    ExpertResult,
    ExpertRun,
    prompt,
    stream_answer,
)
from agents.experts.retrieval import build_prompt
from agents.platform.cancel import CancelToken
from agents.privacy.finish import finished_answer
from agents.privacy.gateway import CloudGateway
from rag.types import Passage

MAX_DRAFT_CHARS = 1500
PASSAGES = 6
DRAFT_NOTE = "An expert wrote this draft without seeing private details; use it, keeping the request's real details:"


def run_cloud_expert(request: str, passages: Sequence[Passage], *, core_model: Any, library: Any, settings: Any,
                     paths: Any, consent: Callable[[ConsentRequest], bool] | None,
                     cancel: CancelToken) -> Iterator[Event]:
    """Yield the run's events, ending with a FinalAnswer (route CLOUD)."""
    gateway = CloudGateway(core_model, settings, paths, library=library)
    draft = yield from gateway.escalate(request, passages, consent=consent, cancel=cancel)
    cancel.raise_if_cancelled()
    question = request
    if draft:
        question = f"{request}\n\n{DRAFT_NOTE}\n{draft[:MAX_DRAFT_CHARS]}"
    evidence = compress(passages, request, 360, core_model.count_tokens, min_relevance=0.01)
    messages = build_prompt(question, evidence) if evidence else prompt(question)
    text = yield from stream_answer(core_model, messages, max_tokens=settings.max_answer_tokens,
                                    temperature=settings.temperature, cancel=cancel)
    if draft:
        # Keep the local rewrite only if it keeps the cloud's content and invents nothing (agents/privacy/finish.py).
        sources = [request, *(e.text for e in evidence)]
        text, finish = finished_answer(text, draft, sources)
        yield ExpertFinished("cloud", "the local rewrite kept the cloud's content" if finish.accepted else
                             f"the cloud's reply is shown with your details restored (the local rewrite kept "
                             f"{finish.kept:.0%} of it{', invented ' + ', '.join(finish.invented[:3]) if finish.invented else ''})")
        checked = check_citations(text, [e.passage for e in evidence])
        yield FinalAnswer(checked.text, checked.citations, Route.CLOUD)
        return
    # No cloud reply (denied, off, failed): the local answer may state only what the passages say.
    checked = check_citations(text, [e.passage for e in evidence])
    shown, dropped = keep_supported(checked.text, [p.text for p in passages] + [request])
    if dropped and not shown:
        shown = "I could not write an answer whose facts are all in your documents."
    yield FinalAnswer(shown, checked.citations, Route.CLOUD)


class CloudExpert:
    """Route CLOUD: the passages the request needs, the gateway's exchange, the local finish."""

    route = Route.CLOUD

    def __init__(self, model: Any, library: Any, paths: Any) -> None:
        self.model, self.library, self.paths = model, library, paths

    def run(self, context: ExpertContext) -> ExpertRun:
        passages: list[Passage] = []
        if self.library is not None and self.library.documents():
            passages = self.library.search(context.request, k=PASSAGES)
            yield RetrievalHits(context.request, tuple(passages))
        final: FinalAnswer | None = None
        for event in run_cloud_expert(context.request, passages, core_model=self.model, library=self.library,
                                      settings=context.settings, paths=self.paths, consent=context.consent,
                                      cancel=context.cancel):
            if isinstance(event, FinalAnswer):
                final = event
            else:
                yield event
        context.cancel.raise_if_cancelled()
        if final is None:
            return ExpertResult("The cloud expert returned no answer.", supported=False)
        return ExpertResult(final.text, final.citations)
