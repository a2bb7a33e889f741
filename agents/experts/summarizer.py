"""Summarize a document of any length within the model's context: map-reduce.

Map: consecutive pages are packed into sections that fit `section_tokens`, and
each section is summarized in two sentences. Reduce: the section notes are
combined (in rounds, if they are still too long) into the requested form: a
short summary, key points, or suggested follow-up questions (SlimLM's
"suggestion" task). A very long document is first condensed extractively (its
most salient sentences, by word frequency, kept in order) so that the number of
model calls stays bounded: a 300-page PDF costs `max_sections` map calls, not 300.

Every note and the final text pass the claim check (agents/answers/claims.py) before they are
used or shown: a sentence with a number, amount, date or name that its section (for a
note) or the document (for the final text) does not contain is dropped, repeated lines
are dropped, and when nothing checked remains the summary falls back to the document's
most salient sentences, labelled as quotes.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass

from agents.answers.claims import keep_supported
from agents.answers.evidence import content_terms, split_sentences
from agents.documents import DocumentLibrary, PageLoader, file_name, find_pages
from agents.engine.model_api import ChatModel
from agents.events import (
    Citation,
    CitationMade,
    Event,
    ExpertFinished,
    ExpertStarted,
    Progress,
    Route,
    Token,
)
from agents.experts.base import (
    ExpertContext,
    ExpertResult,
    ExpertRun,
    prompt,
    stream_answer,
)
from agents.platform.cancel import CancelToken
from rag.errors import UserError

MODES = ("short", "key-points", "questions")
_FINAL = {
    "short": "Write a short summary (at most 4 sentences) of {name} from these notes.",
    "key-points": "List the 3 to 5 key points of {name} from these notes, one per line, each starting with '- '.",
    "questions": "Suggest 3 useful follow-up questions a reader could ask about {name}, based on these notes, "
                 "one per line.",
}
_WRITING = {"short": "writing the summary", "key-points": "writing the key points",
            "questions": "writing the questions"}
_MAP = "Summarize this part of {name} ({where}) in two sentences.\n\n{text}"


class SummaryError(UserError, ValueError):
    """The document cannot be summarized (no text, unknown mode); the message says why."""


@dataclass(frozen=True)
class Section:
    first_page: int | None
    last_page: int | None
    text: str

    @property
    def where(self) -> str:
        if self.first_page is None:
            return "part"
        if self.first_page == self.last_page:
            return f"p.{self.first_page}"
        return f"pp.{self.first_page}-{self.last_page}"


def pack_sections(pages: Sequence[tuple[int | None, str]], budget: int, count: Callable[[str], int]) -> list[Section]:
    """Consecutive pages packed into sections of at most `budget` tokens (long pages split by sentence)."""
    sections: list[Section] = []
    first: int | None = None
    last: int | None = None
    parts: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal parts, used, first
        if parts:
            sections.append(Section(first, last, " ".join(parts)))
        parts, used, first = [], 0, None

    for page, text in pages:
        for sentence in split_sentences(text):
            cost = count(sentence) + 1
            if cost > budget:  # a runaway "sentence" (tables, lists): cut it
                words = sentence.split()
                sentence = " ".join(words[: max(1, len(words) * budget // cost)])
                cost = budget
            if used + cost > budget:
                flush()
            if first is None:
                first = page
            last = page
            parts.append(sentence)
            used += cost
    flush()
    return sections


def condense(pages: Sequence[tuple[int | None, str]], groups: int, budget: int,
             count: Callable[[str], int]) -> list[Section]:
    """`groups` sections of consecutive pages, each cut to its most salient sentences within `budget`."""
    frequency = Counter(term for _, text in pages for term in content_terms(text))
    size = math.ceil(len(pages) / groups)
    sections = []
    for start in range(0, len(pages), size):
        chunk = pages[start:start + size]
        sentences = [(page, s) for page, text in chunk for s in split_sentences(text)]

        def salience(item: tuple[int, tuple[int | None, str]]) -> float:
            terms = content_terms(item[1][1])
            return sum(math.log1p(frequency[t]) for t in terms) / math.sqrt(len(terms) + 1)

        chosen: list[int] = []
        used = 0
        for index, (_, sentence) in sorted(enumerate(sentences), key=salience, reverse=True):
            cost = count(sentence) + 1
            if used + cost <= budget:
                chosen.append(index)
                used += cost
        text = " ".join(sentences[i][1] for i in sorted(chosen))
        if text:
            sections.append(Section(chunk[0][0], chunk[-1][0], text))
    return sections


class Summarizer:
    """Map-reduce summaries on the shared model; every step reports Progress."""

    def __init__(self, model: ChatModel, *, section_tokens: int = 600, max_sections: int = 6,
                 note_tokens: int = 70, answer_tokens: int = 200) -> None:
        self.model = model
        self.section_tokens = section_tokens
        self.max_sections = max_sections
        self.note_tokens = note_tokens
        self.answer_tokens = answer_tokens

    def sections(self, pages: Sequence[tuple[int | None, str]]) -> list[Section]:
        count = self.model.count_tokens
        pages = [(n, t) for n, t in pages if t and t.strip()]
        sections = pack_sections(pages, self.section_tokens, count)
        if len(sections) > self.max_sections:
            sections = condense(pages, self.max_sections, self.section_tokens, count)
        return sections

    def run(self, pages: Sequence[tuple[int | None, str]], *, name: str, path: str = "", mode: str = "short",
            cancel: CancelToken, emit_tokens: bool = True, temperature: float = 0.2
            ) -> Generator[Event, None, ExpertResult]:
        if mode not in MODES:
            raise SummaryError(f"unknown summary mode {mode!r}; choose one of: {', '.join(MODES)}")
        yield ExpertStarted("summarizer", f"{mode} summary of {name}")
        sections = self.sections(pages)
        if not sections:
            raise SummaryError(f"{name} has no text to summarize (is it a scanned PDF without a text layer?)")
        total = len(sections) + 1
        if len(sections) == 1:
            notes = sections[0].text
        else:
            summaries = []
            for done, section in enumerate(sections):
                yield Progress(done, total, f"reading {section.where}")
                cancel.raise_if_cancelled()
                text = _MAP.format(name=name, where=section.where, text=section.text)
                note = self.model.chat_text(prompt(text), max_tokens=self.note_tokens, temperature=0.1,
                                            cancel=cancel).strip()
                cancel.raise_if_cancelled()
                note, _ = keep_supported(note, [section.text])
                if note:
                    summaries.append(f"({section.where}) {note}")
            notes = self._reduce(summaries, name, cancel)
        yield Progress(total - 1, total, _WRITING[mode])
        final = f"{_FINAL[mode].format(name=name)}\n\nNotes:\n{notes}"
        raw = yield from stream_answer(self.model, prompt(final), max_tokens=self.answer_tokens,
                                       temperature=temperature, cancel=cancel, emit=False)
        text, dropped = keep_supported(_unique_lines(raw), [t for _, t in pages])
        if not text:
            text = _quoted_fallback(pages, self.model.count_tokens)
        if emit_tokens:
            words = text.split(" ")
            for i, word in enumerate(words):
                yield Token(word + (" " if i < len(words) - 1 else ""))
        yield Progress(total, total, "done")
        citation = Citation(label=name, path=path or name, page=None, snippet="")
        yield CitationMade(citation)
        removed = f", {len(dropped)} unsupported sentence(s) removed" if dropped else ""
        yield ExpertFinished("summarizer", f"{len(sections)} sections, {len(pages)} pages{removed}")
        return ExpertResult(text, (citation,), details={"sections": len(sections), "dropped": dropped})

    def _reduce(self, notes: list[str], name: str, cancel: CancelToken) -> str:
        """Merge notes until they fit one final prompt (each round halves them)."""
        count = self.model.count_tokens
        budget = self.section_tokens
        while count("\n".join(notes)) > budget and len(notes) > 1:
            merged = []
            for start in range(0, len(notes), 2):
                pair = notes[start:start + 2]
                if len(pair) == 1:
                    merged.append(pair[0])
                    continue
                cancel.raise_if_cancelled()
                text = _MAP.format(name=name, where="notes", text="\n".join(pair))
                merged.append(self.model.chat_text(prompt(text), max_tokens=self.note_tokens, temperature=0.1,
                                                   cancel=cancel).strip())
            notes = merged
        return "\n".join(notes)


def _unique_lines(text: str) -> str:
    """The text without repeated lines (a small model loops)."""
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        key = " ".join(line.lower().split()).strip("-• ")
        if key and key in seen:
            continue
        seen.add(key)
        out.append(line)
    return "\n".join(out).strip()


def _quoted_fallback(pages: Sequence[tuple[int | None, str]], count: Callable[[str], int]) -> str:
    """When no sentence of the model's summary survives the check: the most salient sentences, as quotes."""
    sections = condense([(n, t) for n, t in pages if t and t.strip()], 1, 120, count)
    sentences = split_sentences(sections[0].text)[:3] if sections else []
    if not sentences:
        return "The document's text produced no summary."
    quoted = "\n".join(f"- \"{s}\"" for s in sentences)
    return f"No summary could be checked against the document; its most salient sentences are:\n{quoted}"


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
        return (yield from self.summarizer.run(pages, name=file_name(target), path=target, mode=mode,
                                               cancel=context.cancel, emit_tokens=context.emit_tokens,
                                               temperature=context.settings.temperature))
