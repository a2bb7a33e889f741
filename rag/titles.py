"""A short human title for each indexed document, for the GUI's example questions.

Why: "What is “Harbor Lights 2026 — programme” about?" is a question the user's own
documents answer (its words are on the first page), where one built from a file name
("harbor-lights-programme") may match nothing. The title is the first line of the
first page when it looks like one, else the tidied file name.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.types import DocumentStatus

MAX_TITLE_CHARS = 60
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class DocumentTitle:
    path: str
    file_name: str
    title: str


def tidy_stem(path: str) -> str:
    """"rental_contract-2026.pdf" -> "rental contract 2026"."""
    stem = Path(path.replace("\\", "/")).stem
    return " ".join(re.split(r"[_\-.\s]+", stem)).strip() or Path(path).name


def title_from_text(first_page: str, path: str) -> str:
    """The first non-empty line if it reads like a title (letters, not too long), else the tidied name."""
    for line in first_page.splitlines():
        line = " ".join(line.strip(" #*=\t").split())
        if not line:
            continue
        if _LETTERS.search(line) and len(line) <= MAX_TITLE_CHARS and (line[0].isalnum() or line[0] in "\"“'") \
                and not line.endswith((".", ",", ";", ":")):
            return line
        break
    return tidy_stem(path)


def document_titles(library: Any, limit: int = 3) -> list[DocumentTitle]:
    """Titles of the most recently indexed documents (at most `limit`)."""
    records: Sequence[Any] = [r for r in library.documents() if r.status == DocumentStatus.INDEXED]
    out: list[DocumentTitle] = []
    for record in sorted(records, key=lambda r: r.indexed_at, reverse=True)[:limit]:
        try:
            pages = library.document_pages(record.path)
        except Exception:  # noqa: BLE001 - a document that cannot be read back still gets its file name
            pages = []
        first = next((text for _page, text in pages if text and text.strip()), "")
        out.append(DocumentTitle(record.path, Path(record.path).name, title_from_text(first, record.path)))
    return out
