"""A document as sentence units: each sentence with its page, its section and its place.

Why: every summary sentence must carry a citation (its page) and the preview must find it
again, so the unit of a summary is a source sentence as written, never a paraphrase. Section
titles come from Markdown headings and from lines that are a known section name alone
("Abstract", "1 Introduction"); a section is a salience signal (an abstract or a conclusion
says what a paper found).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.answers.evidence import split_sentences

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_SECTION_WORDS = ("abstract", "summary", "introduction", "background", "conclusion", "conclusions", "discussion",
                  "results", "method", "methods", "related work", "references", "acknowledgments",
                  "acknowledgements", "overview", "decisions", "action items", "terms")
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")
# the regex splitter breaks after these; a piece that ends with one is joined to the next
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|et al|etc|cf|vs|Fig|Figs|Sec|Eq|Tab|No|approx|resp|Dr|Mr|Mrs|Ms|"
                           r"Prof|St|Inc|Ltd|Co)\.|\b[A-Z]\.)$")
MIN_WORDS = 4


@dataclass(frozen=True)
class Unit:
    """One source sentence: `index` in reading order, `page` (None for unpaged files), `section` title."""

    index: int
    page: int | None
    section: str
    text: str
    section_rank: int          # 0 for the first sentence of its section

    @property
    def words(self) -> int:
        return len(self.text.split())


def section_kind(title: str) -> str:
    """'abstract', 'conclusion', 'introduction', 'references' or '' for a section title."""
    low = _NUMBERED.sub("", title).strip().lower()
    for kind, words in (("abstract", ("abstract", "summary", "overview", "executive summary")),
                        ("conclusion", ("conclusion", "conclusions", "discussion", "results", "decisions",
                                        "outcome", "findings")),
                        ("introduction", ("introduction", "background")),
                        ("references", ("references", "bibliography", "acknowledgments", "acknowledgements"))):
        if any(low == w or low.startswith(w + " ") for w in words):
            return kind
    return ""


def _heading(line: str) -> str | None:
    match = _HEADING.match(line)
    if match:
        return match.group(2).strip()
    bare = _NUMBERED.sub("", line).strip().rstrip(":").lower()
    if bare in _SECTION_WORDS and len(line.split()) <= 4:
        return line.strip().rstrip(":")
    return None


def split_prose(text: str) -> list[str]:
    """Sentences of a paragraph, not broken after 'e.g.', 'et al.', 'Fig.' or an initial."""
    out: list[str] = []
    for piece in split_sentences(text):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def document_units(pages: Sequence[tuple[int | None, str]]) -> tuple[str, list[Unit]]:
    """(title, sentence units) of a document: the title is its first heading ('' when it has none)."""
    title = ""
    section = ""
    units: list[Unit] = []
    rank = 0
    for page, text in pages:
        paragraph: list[str] = []

        def flush() -> None:
            nonlocal rank
            for sentence in split_prose(" ".join(paragraph)):
                units.append(Unit(len(units), page, section, sentence, rank))
                rank += 1
            paragraph.clear()

        for line in (text or "").splitlines():
            heading = _heading(line)
            if heading is not None:
                flush()
                if not title and not units:
                    title = heading
                    if _HEADING.match(line) and section_kind(heading) == "":
                        continue      # the document's title, not a section
                section, rank = heading, 0
            elif not line.strip():
                flush()
            else:
                paragraph.append(line.strip())
        flush()
    return title, units


def selectable(unit: Unit) -> bool:
    """A sentence a summary may use: a real sentence, not a reference entry or a fragment."""
    return unit.words >= MIN_WORDS and section_kind(unit.section) != "references" and unit.words <= 80
