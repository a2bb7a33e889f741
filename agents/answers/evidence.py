"""Prompt compression for retrieved evidence: keep the sentences that matter.

Why: the 135M model processes ~100 prompt tokens/s on two cores, so every passage
sentence that does not bear on the question costs latency and distracts a small
model. Sentences are scored by the question's content words they contain (a
cheap, deterministic signal), kept in document order, and packed into a budget.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag import text_stats
from rag.types import Passage

# A title before a name ("Dr. Elena Novak", "Mr. Lee") does not end a sentence.
_TITLES = "".join(rf"(?<!\b{t}\.)" for t in ("Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St"))
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_TITLES}\s+(?=[\"'(\[]?[A-Z0-9])|\n{{2,}}")
# A "Field: value" line (a mail header, a form's or a memo's field) stands alone: its value is not the start of the
# next line's sentence ("Date: Tue, 14 Oct 2025" glued to "the site visit is confirmed ...").
_FIELD_LINE = re.compile(r"^[ \t]*[A-Z][\w-]*(?: [A-Za-z][\w-]*)?:[ \t]+\S.*$", re.M)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*")
STOPWORDS = text_stats.STOPWORDS      # re-exported: the answer finder and the benchmarks read it here


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` (a simple rule that suits prose and extracted PDF text). pysbd, which knows
    abbreviations, was measured against it on both dev splits (bench/refusal_dev.py --text-tools) and
    did no better: a quote of the top 3 windows held the gold for 151 vs 158 LiHua dev questions and 73 vs
    74 real-document dev questions (it moves a chat line's emoji after "?" to the next speaker's line)."""
    text = text.replace("\r", "")
    # a single line break is a PDF's wrap inside a sentence; a blank line (a paragraph, a mail's header block) stays
    text = re.sub(r"(?<!\n)[ \t]*\n(?![ \t]*\n)[ \t]*", " ", re.sub(r"\n[ \t]+\n", "\n\n", text))
    parts = (" ".join(p.split()) for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def locate(words: str, text: str) -> re.Match[str] | None:
    """Where `text` holds `words` with any whitespace between them: a sentence as split_sentences joined it, in its
    passage that breaks its lines."""
    parts = words.split()
    return re.search(r"\s+".join(re.escape(w) for w in parts), text) if parts else None


def stem(word: str) -> str:
    """A crude suffix stripper: enough for 'invoices' to meet 'invoice'. Kept for prompt compression and the
    summarizer, whose weights were tuned with it (agents/summaries/); the answer finder uses `lemma`."""
    word = word.lower().strip("'-")
    for suffix in ("'s", "ies", "es", "s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The word's dictionary form (simplemma): "wrote" and "written" meet "write", "spent" meets "spend",
    "invoices" meets "invoice" (the suffix stripper met only the last). What the answer finder compares."""
    import simplemma

    word = word.lower().strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    return simplemma.lemmatize(word, lang="en") if word.isalpha() else word


def content_lemmas(text: str) -> set[str]:
    """The lemmas of the non-stopword words of `text`."""
    return {lemma(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1}


def content_terms(text: str) -> set[str]:
    """The stemmed, non-stopword words of `text`."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1}


@dataclass(frozen=True)
class Evidence:
    """A passage as it goes into the prompt: its label and the sentences kept."""

    passage: Passage
    text: str

    @property
    def label(self) -> str:
        return self.passage.label


def relevance(query_terms: set[str], text: str) -> float:
    """Share of the query's content words found in `text` (0..1)."""
    if not query_terms:
        return 0.0
    return len(query_terms & content_terms(text)) / len(query_terms)


def trim_passage(passage: Passage, query_terms: set[str], max_tokens: int,
                 count: Callable[[str], int]) -> str:
    """The passage cut down to the sentences that share a word with the question, in their original
    order, best first within `max_tokens` (a sentence that shares nothing only costs time)."""
    sentences = split_sentences(passage.text)
    if not sentences:
        return ""
    overlap = [len(query_terms & content_terms(s)) for s in sentences]
    # Only sentences that share a word with the question earn room (the first one if none does).
    ranked = sorted((i for i in range(len(sentences)) if overlap[i]), key=lambda i: (-overlap[i], i)) or [0]
    chosen: list[int] = []
    used = 0
    for i in ranked:
        cost = count(sentences[i])
        if used + cost > max_tokens:
            if not chosen and cost > max_tokens:  # one very long sentence: keep its head
                words = sentences[i].split()
                keep = max(1, int(len(words) * max_tokens / cost))
                return " ".join(words[:keep]) + " …"
            continue
        chosen.append(i)
        used += cost
    return " ".join(sentences[i] for i in sorted(chosen))


def compress(passages: Sequence[Passage], query: str, budget: int, count: Callable[[str], int], *,
             per_passage: int = 140, min_relevance: float = 0.0, relative: float = 0.0,
             max_passages: int = 6) -> list[Evidence]:
    """Pack the best passages, trimmed to relevant sentences, into `budget` tokens.

    Passages come in rank order. A passage is dropped when it shares fewer than
    `min_relevance` of the query's content words, or less than `relative` times
    what the best passage shares (near-misses distract a small model more than
    they help it); duplicates are merged.
    """
    terms = content_terms(query)
    scores = [relevance(terms, p.text) for p in passages]
    floor = max(min_relevance, relative * max(scores, default=0.0))
    kept: list[Evidence] = []
    used = 0
    seen: set[tuple[str, str]] = set()
    for passage, score in zip(passages, scores):
        if len(kept) >= max_passages:
            break
        if floor and score < floor:
            continue
        room = min(per_passage, budget - used)
        if room < 24:
            break
        text = trim_passage(passage, terms, room, count)
        key = (passage.label, text)
        if not text or key in seen:
            continue
        seen.add(key)
        cost = count(text) + count(passage.label) + 4
        kept.append(Evidence(passage, text))
        used += cost
    return kept
