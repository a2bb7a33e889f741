"""Plain dataclasses the document library hands to the rest of Enclave.

These are the contract between rag/ and its callers (agents, CLI, GUI): frozen,
no behaviour, nothing heavy imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class DocumentStatus(str, Enum):
    PENDING = "pending"
    INDEXING = "indexing"
    INDEXED = "indexed"
    FAILED = "failed"


@dataclass(frozen=True)
class DocumentRecord:
    """One file the library knows about."""

    doc_id: str
    path: str
    status: DocumentStatus
    reason: str = ""            # why it failed, in words a user understands
    content_hash: str = ""
    pages: int = 0
    chunks: int = 0
    indexed_at: float = 0.0     # unix time


@dataclass(frozen=True)
class Passage:
    """A ranked piece of a document, with everything a citation needs."""

    chunk_id: str
    doc_id: str
    path: str
    page_start: int | None      # 1-based; None for formats without pages
    page_end: int | None
    char_start: int             # offsets into the document's extracted text
    char_end: int
    text: str
    score: float
    signals: tuple[str, ...] = ()   # which retrievers found it: "vector", "keyword", "graph"
    locator: str | None = None      # how its format names the place: "Sheet1 rows 2–21", "slide 3", "message 2"
    section: str = ""               # the heading of the section it lies in (HTML h1–h4, PDF bookmarks, text headings)

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def label(self) -> str:
        """How a citation names it: "report.pdf p.3", "guide.html § 2.1 Installing", "budget.xlsx Sheet1 rows 2–21".

        A document without pages is named down to its section, when it has one: on a long HTML page or
        text file the section is what a reader looks for."""
        if self.locator:
            return f"{self.file_name} {self.locator}"
        if self.page_start is None:
            own = self.section.rpartition(SECTION_PATH)[2]           # the subsection itself, not its parents
            return f"{self.file_name} § {_short(own)}" if own else self.file_name
        if self.page_end and self.page_end != self.page_start:
            return f"{self.file_name} p.{self.page_start}-{self.page_end}"
        return f"{self.file_name} p.{self.page_start}"


SECTION_PATH = " › "      # joins a subsection's title to its parent's in a chunk's section (rag/chunking.py)


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class IndexProgress:
    """Emitted while indexing: `done` of `total` documents, `current` being worked on."""

    done: int
    total: int
    current: str
    record: DocumentRecord | None = None    # set when a document just finished (indexed or failed)
    detail: str = ""                        # what is happening inside the current file ("OCR page 3 of 10")
