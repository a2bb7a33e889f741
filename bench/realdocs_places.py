"""Where a question's answer is, in the library's own text: a PDF page, or the span of an HTML/text section.

Why spans from the documents and not from the chunks: retrieval is compared before and after a
change of the chunker, so the gold place must not depend on how the text was cut. A section is
found by the question's evidence (the words that state the answer): the heading in effect there
(rag/formats/sections.py) and the text up to the next heading. A passage hits when it comes from
the gold file and overlaps the gold page or section.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # runnable by path, like the other benches

from bench.realdocs_data import Place, Question, locate  # noqa: E402
from rag.formats.sections import Heading  # noqa: E402


class Places:
    """Gold places of questions, resolved against one library (or, with no library, the loaders)."""

    def __init__(self, library, docs: Path) -> None:
        self.library = library
        self.docs = docs
        self._texts: dict[str, tuple[list[tuple[int | None, str]], list[Heading]]] = {}

    def text(self, name: str) -> tuple[list[tuple[int | None, str]], list[Heading]]:
        """The file's pages as the library holds them, and its headings (HTML and text files only)."""
        if name not in self._texts:
            path = self.docs / name
            if self.library is not None:
                pages = self.library.document_pages(str(path.resolve()))
            else:
                from rag.loaders import load_document

                pages = load_document(path).pages
            self._texts[name] = (pages, _headings(path, pages))
        return self._texts[name]

    def span(self, q: Question, place: Place) -> tuple[int, int] | None:
        """(start, end) of the gold section in the file's text; None when the evidence is not in it."""
        pages, headings = self.text(place.file)
        text = pages[0][1]
        found = locate(text, q.evidence)
        if found is None:
            return None
        starts = [h[0] for h in headings if h[0] <= found[0]]
        start = starts[-1] if starts else 0
        later = [h[0] for h in headings if h[0] > found[0]]
        return start, (later[0] if later else len(text))

    def hit(self, q: Question, place: Place, passage) -> bool:
        if passage.file_name != place.file:
            return False
        if place.page is not None:
            return passage.page_start is not None and \
                passage.page_start <= place.page <= (passage.page_end or passage.page_start)
        span = self.span(q, place)
        return span is not None and passage.char_start < span[1] and passage.char_end > span[0]

    def ranks(self, q: Question, passages: Sequence) -> int:
        """1-based rank of the first passage at a gold place; 0 when none is."""
        for rank, passage in enumerate(passages, 1):
            if any(self.hit(q, place, passage) for place in q.places):
                return rank
        return 0


def _headings(path: Path, pages: list[tuple[int | None, str]]) -> list[Heading]:
    from rag.formats.sections import html_text_and_headings, text_headings
    from rag.formats.text import decode

    if path.suffix.lower() in (".html", ".htm"):
        text, headings = html_text_and_headings(decode(path.read_bytes()))
        return headings if len(pages) == 1 and pages[0][1] == text else []
    if path.suffix.lower() in (".txt", ".md"):
        return text_headings(pages[0][1])
    return []


def verify(questions: Sequence[Question], docs: Path) -> list[str]:
    """Problems with the questions: an evidence phrase not at its named page or section, a gold span
    without a word or number in it, a repeated id."""
    from bench.realdocs_data import KINDS
    from rag.formats.sections import heading_at

    places = Places(None, docs)
    problems = []
    seen: set[str] = set()
    for q in questions:
        if q.qid in seen:
            problems.append(f"{q.qid}: id used twice")
        seen.add(q.qid)
        if q.kind not in KINDS:
            problems.append(f"{q.qid}: unknown kind {q.kind!r}")
        if q.absent:
            continue
        if not q.gold or not all(any(ch.isalnum() for ch in g) for g in q.gold):
            problems.append(f"{q.qid}: a gold span needs a word or number: {q.gold}")
        for place in q.places:
            pages, headings = places.text(place.file)
            if place.page is not None:
                texts = [t for n, t in pages if n == place.page]
                if not texts or locate(texts[0], q.evidence) is None:
                    problems.append(f"{q.qid}: {q.evidence!r} is not on {place.file} p.{place.page}")
                continue
            found = locate(pages[0][1], q.evidence)
            if found is None:
                problems.append(f"{q.qid}: {q.evidence!r} is not in {place.file}")
            elif heading_at(headings, found[0]) != place.section:
                problems.append(f"{q.qid}: {q.evidence!r} is under {heading_at(headings, found[0])!r}, "
                                f"not {place.section!r} in {place.file}")
    return problems
