"""Check an answer's inline citations against the passages the model was actually given.

Why: a small model invents plausible labels ("[report.pdf p.9]") as readily as it
copies real ones. Every bracketed label is matched against the given passages; a
match is normalised to the passage's own label, anything else is removed. Sentences
left without a citation get one only when their words clearly come from a passage.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.events import Citation
from agents.answers.evidence import content_terms, split_sentences
from rag.types import Passage

_BRACKET = re.compile(r"\s?\[([^\[\]\n]{1,160})\]")
_PAGE = re.compile(r"(?:p|pp|pg|page|pages)\.?\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedAnswer:
    text: str                         # the answer with invented citations removed
    citations: tuple[Citation, ...]   # the real ones, in order of first use, no duplicates
    removed: tuple[str, ...]          # labels that matched no given passage
    supported: bool                   # at least one citation survived or was attributed


def citation_for(passage: Passage, snippet_chars: int = 200, quote: str = "") -> Citation:
    """The citation of a passage; its snippet is the supporting `quote` when there is one (what the
    preview highlights), else the passage's beginning."""
    snippet = " ".join((quote or passage.text).split())[: max(snippet_chars, len(quote))]
    return Citation(label=passage.label, path=passage.path, page=passage.page_start, snippet=snippet)


def _match(label: str, passages: Sequence[Passage]) -> Passage | None:
    """The given passage a written label refers to: same file, page inside its range."""
    text = label.strip().lower()
    page_match = _PAGE.search(text)
    page = int(page_match.group(1)) if page_match else None
    for passage in passages:
        if passage.label.lower() == text:
            return passage
    for passage in passages:
        name = passage.file_name.lower()
        if name not in text and name.rsplit(".", 1)[0] not in text:
            continue
        if passage.page_start is None or page is None:
            if page is None:
                return passage
            continue
        end = passage.page_end or passage.page_start
        if passage.page_start <= page <= end:
            return passage
    return None


_FILE = re.compile(r"\w\.[A-Za-z]\w{0,4}\b")


def _split_labels(inside: str) -> list[str]:
    """"a.pdf p.1; b.md" or "a.pdf p.1, b.md" -> two labels; "a.pdf, page 3" stays one."""
    labels: list[str] = []
    for part in inside.split(";"):
        for piece in part.split(","):
            if labels and not _FILE.search(piece) and not part.startswith(piece):
                labels[-1] += "," + piece
            elif piece.strip():
                labels.append(piece)
    return [label.strip() for label in labels if label.strip()]


def check_citations(answer: str, passages: Sequence[Passage], *, attribute: bool = True,
                    question: str = "") -> CheckedAnswer:
    """Keep citations that name a given passage, drop invented ones, attribute the rest.

    The answer counts as supported only if some cited sentence adds words beyond the
    question that its passage really contains ("The source is [a.pdf p.2]" or an
    echo of the question does not count).
    """
    cited: dict[str, Citation] = {}
    removed: list[str] = []

    def replace(match: re.Match[str]) -> str:
        labels = _split_labels(match.group(1))
        kept: list[str] = []
        for label in labels:
            passage = _match(label, passages)
            if passage is None:
                removed.append(label.strip())
                continue
            cited.setdefault(passage.label, citation_for(passage))
            if passage.label not in kept:
                kept.append(passage.label)
        if not kept:
            return ""
        return " [" + "; ".join(kept) + "]"

    text = _BRACKET.sub(replace, answer).strip()
    if attribute:
        text = _attribute(text, passages, cited)
    by_label = {p.label: p for p in passages}
    supported = any(_grounded(sentence, by_label, content_terms(question)) for sentence in split_sentences(text))
    return CheckedAnswer(text=text, citations=tuple(cited.values()), removed=tuple(removed), supported=supported)


def _grounded(sentence: str, by_label: dict[str, Passage], question_terms: set[str]) -> bool:
    """Does the sentence say something, beyond the question, that its cited passage contains?"""
    labels = [label.strip() for inside in _BRACKET.findall(sentence) for label in inside.split(";")]
    cited = [by_label[label] for label in labels if label in by_label]
    if not cited:
        return False
    terms = content_terms(_BRACKET.sub("", sentence)) - question_terms
    if not terms:
        return False
    source_terms = set().union(*(content_terms(p.text) for p in cited))
    return len(terms & source_terms) / len(terms) >= 0.5


def _attribute(text: str, passages: Sequence[Passage], cited: dict[str, Citation]) -> str:
    """Append a citation to uncited sentences whose content words mostly come from one passage."""
    out: list[str] = []
    passage_terms = [(p, content_terms(p.text)) for p in passages]
    for sentence in split_sentences(text):
        if "[" not in sentence:
            terms = content_terms(sentence)
            best, best_share = None, 0.0
            for passage, pterms in passage_terms:
                share = len(terms & pterms) / len(terms) if terms else 0.0
                if share > best_share:
                    best, best_share = passage, share
            if best is not None and len(terms) >= 2 and best_share >= 0.6:
                cited.setdefault(best.label, citation_for(best))
                sentence = _append_label(sentence, best.label)
        out.append(sentence)
    return " ".join(out)


def _append_label(sentence: str, label: str) -> str:
    stripped = sentence.rstrip()
    if stripped and stripped[-1] in ".!?":
        return f"{stripped[:-1]} [{label}]{stripped[-1]}"
    return f"{stripped} [{label}]"
