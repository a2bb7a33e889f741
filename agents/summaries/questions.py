"""Is a suggested question answered by the sentence it came from? Checked by searching for it.

Why: a question the document does not answer sends the user on a search that fails. A question is
shown only when searching the library for it returns a passage of this document that holds its
source sentence — the same retrieval that will answer it when the user asks. A document outside
the library is checked against its own sentences (the source sentence must be among the two whose
terms the question matches best, and hold more than half of its terms).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from agents.answers.evidence import content_terms
from agents.documents import DocumentLibrary
from agents.summaries.units import Unit

Check = Callable[[str, Unit], bool]


def _letters(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def answered_in_document(units: Sequence[Unit], top: int = 2) -> Check:
    """The check for a document outside the library: the question's terms point back to its sentence."""
    terms = [content_terms(u.text) for u in units]

    def check(question: str, unit: Unit) -> bool:
        wanted = content_terms(question)
        if len(wanted) < 2:
            return False
        share = [len(wanted & t) / len(wanted) for t in terms]
        best = sorted(range(len(units)), key=lambda i: share[i], reverse=True)[:top]
        return any(units[i].index == unit.index and share[i] > 0.5 for i in best)

    return check


def answered_by_search(library: DocumentLibrary, path: str, k: int = 5) -> Check:
    """The check for an indexed document: a search for the question finds the source sentence in it."""

    def check(question: str, unit: Unit) -> bool:
        sentence = _letters(unit.text)[:80]
        return any(p.path == path and sentence in _letters(p.text) for p in library.search(question, k=k))

    return check
