"""What every format loader returns, and the one error it may raise.

Kept free of heavy imports: the indexer's main process and the loader process
both import it, and the result crosses a process boundary (so it pickles).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[[str], None]      # "OCR page 3 of 10": shown while one file is read


class LoadError(Exception):
    """A file could not be turned into text; the message is the user-facing reason."""


@dataclass(frozen=True)
class SheetTable:
    """One sheet (or CSV file) as a table: header names and rows with their row numbers in the file."""

    sheet: str
    header: list[str]
    rows: list[tuple[int, list[object]]]


@dataclass(frozen=True)
class Attachment:
    """A file carried inside another (an e-mail attachment): indexed as its own document."""

    name: str
    data: bytes
    parent_label: str                  # "message 2" of the container it came from


@dataclass(frozen=True)
class LoadedDocument:
    """Text of a document. `pages[i]` is (page number or None, text).

    `labels` names a page the way a citation should ("Sheet1 rows 2–21", "slide 3",
    "message 2"); `notes` are remarks shown in the document's status ("pages 3, 7: no
    text found"); `tables` are the spreadsheet tables kept for exact answers; `headings`
    are the section titles of pages[i], {i: [(offset in its text, title)]} (rag/formats/sections.py).
    """

    pages: list[tuple[int | None, str]]
    labels: dict[int, str] = field(default_factory=dict)
    tables: list[SheetTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    headings: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def has_text(self) -> bool:
        return any(text.strip() for _, text in self.pages)


def short(exc: BaseException) -> str:
    """The first line of an exception's message, for a failure reason."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return text[:120]


def no_progress(_message: str) -> None:
    """Progress sink for callers that do not show it."""
