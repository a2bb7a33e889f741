"""Is a suggested question answered by the sentence it came from? Checked by its words and by searching.

Why: a question the document does not answer sends the user on a search that fails. A question is
shown only when its source sentence holds at least three quarters of the question's content words and
is among the two sentences of the document that hold most of them ("What is the purpose of …?" asks
for what no sentence says), and — for an indexed document — when searching the library for it returns
a passage of this document that holds the sentence: the same retrieval that will answer it when the
user asks. (Search alone is no test in a small library: any question finds a short document's chunks.)
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from agents.answers.evidence import content_terms
from agents.documents import DocumentLibrary
from agents.summaries.units import Unit

Check = Callable[[str, Unit], bool]


def _letters(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def answered_in_document(units: Sequence[Unit], top: int = 2, share_needed: float = 0.75) -> Check:
    """The question's content words point back to its sentence (always checked, before any search)."""
    terms = [content_terms(u.text) for u in units]

    def check(question: str, unit: Unit) -> bool:
        wanted = content_terms(question)
        if len(wanted) < 2:
            return False
        share = [len(wanted & t) / len(wanted) for t in terms]
        best = sorted(range(len(units)), key=lambda i: share[i], reverse=True)[:top]
        return any(units[i].index == unit.index and share[i] >= share_needed for i in best)

    return check


def answered_by_search(library: DocumentLibrary, path: str, k: int = 5) -> Check:
    """The check for an indexed document: a search for the question finds the source sentence in it."""

    def check(question: str, unit: Unit) -> bool:
        sentence = _letters(unit.text)[:80]
        return any(p.path == path and sentence in _letters(p.text) for p in library.search(question, k=k))

    return check
