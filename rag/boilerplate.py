"""Lines a library repeats across many of its documents: page furniture, not what any one document says.

Why: a manual split into HTML pages ends every page with the same generator and version lines ("This document was
generated on February 5, 2023 using texi2any." "Zsh version 5.9, released on May 14, 2022."), a site repeats its
navigation bar, a set of exported pages its banner. Such a line is glued to the last passage of each page, and an
absent fact was answered from it ("When was job control added to zsh?" -> "May 14, 2022", the footer's date beside a
paragraph about signals). A line said the same way at the start or end of several documents says nothing about the
passage it is glued to, so passages are read without it; search still indexes the whole text.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rag.types import Passage

if TYPE_CHECKING:
    from rag.store import Store

MIN_DOCUMENTS = 3        # a line at the start or end of this many documents or more is furniture (a footer, a menu)
MIN_WORDS = 4            # shorter lines ("Table of Contents", "Next") are headings a passage may need


def _key(line: str) -> str:
    """A line as it repeats: whitespace collapsed. Numbers count: "ship number 1245" in one log and "ship number 1246"
    in the next are content, not one line repeated."""
    return " ".join(line.split())


@dataclass(frozen=True)
class Repeated:
    """A library's furniture: lines at the edges of many documents, read out of those documents' first and last chunks
    only (the same line in the middle of a page is its heading: "Chapter 3. Debian kernel source")."""

    edges: frozenset[str] = frozenset()
    edge_chunks: frozenset[str] = frozenset()

    def of(self, chunk_id: str) -> frozenset[str]:
        return self.edges if chunk_id in self.edge_chunks else frozenset()


def repeated_lines(edges: Iterable[tuple[str, str, str]]) -> Repeated:
    """The furniture of a library from (chunk id, document id, text) of each document's first and last chunks: the
    line keys (`_key`) of at least MIN_WORDS words that MIN_DOCUMENTS documents or more hold there, each as the smaller
    part of its passage. A line said in the middle of several documents is content (the same command in two guides),
    and so is a text that makes up most of its passages (the same notice scanned as PNG, JPEG and TIFF: copies of one
    text). A PDF's running heads are left to its loader (rag/navigation.py)."""
    rows = [(chunk_id, doc_id, text, {_key(line) for line in text.split("\n") if "@" not in line})
            for chunk_id, doc_id, text in edges]      # a signature's address is a fact, never furniture
    holders: dict[str, set[str]] = defaultdict(set)
    for _, doc_id, _, keys in rows:
        for key in keys:
            if len(key.split()) >= MIN_WORDS:
                holders[key].add(doc_id)
    shared = {key for key, docs in holders.items() if len(docs) >= MIN_DOCUMENTS}
    aside: dict[str, set[str]] = defaultdict(set)       # documents where the line is the smaller part of a passage
    for _, doc_id, text, keys in rows:
        common = keys & shared
        if common and 2 * sum(len(key.split()) for key in common) < len(text.split()):
            for key in common:
                aside[key].add(doc_id)
    lines = frozenset(key for key in shared if len(aside[key]) >= MIN_DOCUMENTS)
    return Repeated(lines, frozenset(chunk_id for chunk_id, _, _, _ in rows) if lines else frozenset())


def without_repeated(text: str, lines: frozenset[str]) -> str:
    """`text` without its lines whose keys are in `lines` ('' when it is furniture through and through)."""
    if not lines:
        return text
    kept = [line for line in text.split("\n") if _key(line) not in lines]
    return "\n".join(kept) if any(line.strip() for line in kept) else ""


class Furniture:
    """The library's repeated lines, recounted only when the store has changed (any process's commit)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._seen: tuple[object, Repeated] | None = None

    def repeated(self) -> Repeated:
        version = self._store.version()
        with self._lock:
            if self._seen is None or self._seen[0] != version:
                self._seen = (version, repeated_lines(self._store.edge_chunks()))
            return self._seen[1]

    def strip(self, passages: list[Passage]) -> list[Passage]:
        """The passages with the library's furniture taken out of their text; a passage of nothing else is left out
        (a page's last chunk may hold only its footer)."""
        repeated = self.repeated()
        stripped = [replace(p, text=without_repeated(p.text, repeated.of(p.chunk_id))) for p in passages]
        return [p for p in stripped if p.text]
