"""Summarize a document: its own salient sentences, chosen without repetition, each with its page.

Extract, then let the model choose (agents/summaries/): the document is split into sentence
units with page and section; each is scored for salience (position, section, centrality among
the document's MiniLM vectors — the library's one embedder, passed in as `embed` — key terms,
title words, facts); a non-redundant set that covers the document's facts is chosen (MMR); the
model may pick among candidates, delete words, or ask the questions a sentence answers, and
whatever it writes passes the claim check (agents/answers/claims.py) or is replaced by the
source sentence. A long document is pre-selected with cheap scores (no embedding, no model) to a
short list first, so a 300-page PDF costs the same model time as a paper. When the model's
wording was refused, the summary says plainly that it is "Key sentences from the document".
"""
from __future__ import annotations

from collections.abc import Generator, Sequence

from agents.answers.claims import unsupported
from agents.documents import DocumentLibrary, PageLoader, file_name, find_pages
from agents.engine.model_api import ChatModel
from agents.events import CitationMade, Event, ExpertFinished, ExpertStarted, Progress, Route, Token
from agents.experts.base import ExpertContext, ExpertResult, ExpertRun
from agents.platform.cancel import CancelToken
from agents.summaries import compose
from agents.summaries.modes import citations, plain, render
from agents.summaries.questions import answered_in_document, answered_by_search
from agents.summaries.salience import DEFAULT_WEIGHTS, Embed, Weights, cheap_scores, features, scores, similarity_matrix
from agents.summaries.units import document_units, selectable
from rag.errors import UserError

MODES = ("short", "key-points", "questions")
SHORTLIST = 120          # sentences embedded and compared, at most (a long document is pre-selected to these)
_WRITING = {"short": "choosing the summary sentences", "key-points": "choosing the key points",
            "questions": "finding questions the document answers"}


class SummaryError(UserError, ValueError):
    """The document cannot be summarized (no text, unknown mode); the message says why."""


class Summarizer:
    """Extractive-first summaries on the shared model; every step reports Progress and honours Stop."""

    def __init__(self, model: ChatModel, *, embed: Embed | None = None, weights: Weights = DEFAULT_WEIGHTS,
                 tuning: compose.Tuning = compose.Tuning(), strategy: str = "extractive",
                 shortlist: int = SHORTLIST) -> None:
        if strategy not in compose.STRATEGIES:
            raise ValueError(f"unknown summary strategy {strategy!r}")
        self.model, self.embed, self.weights, self.tuning = model, embed, weights, tuning
        self.strategy, self.shortlist = strategy, shortlist

    def score(self, pages: Sequence[tuple[int | None, str]], name: str = "",
              cancel: CancelToken | None = None) -> compose.Scored:
        """The candidate sentences of a document, scored (the short list of a long one); Stop is honoured
        between the stages."""
        cancel = cancel or CancelToken()
        title, units = document_units([(n, t) for n, t in pages if t and t.strip()])
        pool = [u for u in units if selectable(u)]
        if len(pool) > self.shortlist:
            cancel.raise_if_cancelled()
            cheap = cheap_scores(pool, title or name, self.weights)
            keep = sorted(sorted(range(len(pool)), key=lambda i: -cheap[i])[: self.shortlist])
            pool = [pool[i] for i in keep]
        cancel.raise_if_cancelled()
        similarity = similarity_matrix(pool, self.embed)
        cancel.raise_if_cancelled()
        salience = scores(features(pool, similarity, title or name), self.weights)
        return compose.Scored(title, pool, salience, similarity)

    def run(self, pages: Sequence[tuple[int | None, str]], *, name: str, path: str = "", mode: str = "short",
            cancel: CancelToken, emit_tokens: bool = True, temperature: float = 0.2,
            answered: compose.QuestionCheck | None = None) -> Generator[Event, None, ExpertResult]:
        if mode not in MODES:
            raise SummaryError(f"unknown summary mode {mode!r}; choose one of: {', '.join(MODES)}")
        yield ExpertStarted("summarizer", f"{mode} summary of {name}")
        yield Progress(0, 3, f"reading {len(pages)} page(s)")
        scored = self.score(pages, name, cancel)
        if not scored.units:
            raise SummaryError(f"{name} has no text to summarize (is it a scanned PDF without a text layer?)")
        cancel.raise_if_cancelled()
        yield Progress(1, 3, _WRITING[mode])
        words = answered_in_document(scored.units)
        check = words if answered is None else (lambda q, u: words(q, u) and answered(q, u))
        composed = self._compose(mode, scored, cancel, check)
        cancel.raise_if_cancelled()
        sources = [t for _, t in pages]
        items = [item for item in composed.items if not unsupported(item.text, sources)]
        label = not items or (composed.rejected > 0 and composed.worded == 0)
        if not items:                       # nothing the model wrote passed: the key sentences, said as such
            fallback = compose.short if mode == "short" else compose.key_points
            items = fallback(scored, self.tuning, "extractive", self.model, cancel).items
        text = render(mode, items, extract_label=label)
        if emit_tokens:
            words = text.split(" ")
            for i, word in enumerate(words):
                yield Token(word + (" " if i < len(words) - 1 else ""))
        yield Progress(3, 3, "done")
        cited = citations(items, name, path)
        for citation in cited:
            yield CitationMade(citation)
        how = f"{len(items)} of {len(scored.units)} candidate sentences, {self.strategy}"
        if composed.rejected:
            how += f"; {composed.rejected} model wording(s) refused by the check"
        yield ExpertFinished("summarizer", how)
        return ExpertResult(text, cited, details={"sentences": len(scored.units), "rejected": composed.rejected,
                                                  "labelled": label, "plain": plain(text)})

    def _compose(self, mode: str, scored: compose.Scored, cancel: CancelToken,
                 answered: compose.QuestionCheck) -> compose.Composed:
        if mode == "short":
            return compose.short(scored, self.tuning, self.strategy, self.model, cancel)
        if mode == "key-points":
            return compose.key_points(scored, self.tuning, self.strategy, self.model, cancel)
        return compose.questions(scored, self.tuning, self.model, cancel, answered)


class SummarizeExpert:
    """Route SUMMARIZE: the document the router named (or the user chose), in the mode asked for."""

    route = Route.SUMMARIZE

    def __init__(self, summarizer: Summarizer, library: DocumentLibrary | None, page_loader: PageLoader | None) -> None:
        self.summarizer, self.library, self.page_loader = summarizer, library, page_loader

    def run(self, context: ExpertContext) -> ExpertRun:
        decision = context.decision
        name, mode = (decision.document or "", decision.mode) if decision is not None else (context.request, "short")
        return (yield from self.summarize(name, mode, context))

    def summarize(self, name: str, mode: str, context: ExpertContext) -> ExpertRun:
        target, pages = find_pages(self.library, name, self.page_loader)
        answered = answered_by_search(self.library, target) if self.library is not None else None
        return (yield from self.summarizer.run(pages, name=file_name(target), path=target, mode=mode,
                                               cancel=context.cancel, emit_tokens=context.emit_tokens,
                                               temperature=context.settings.temperature, answered=answered))

