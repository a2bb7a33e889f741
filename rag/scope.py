"""Hard-scoped search: answers from one document or one folder only (`enclave ask --in PATH`).

"Hard" means no chunk outside the scope is ever returned, and chunks inside it are
not lost because the rest of the library outranked them: the vector ranking is
computed over exactly the scope's chunks (their stored vectors, one dot product
each) and the keyword ranking is a BM25 query restricted to the scope's documents.
The graph ranking is the library-wide one, filtered.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from rag.errors import LibraryError
from rag.store import _fts_expression
from rag.types import DocumentRecord, DocumentStatus, Passage

MAX_EXACT_CHUNKS = 50_000     # above this the scope's vector ranking is the library's, filtered


def in_scope(records: Sequence[DocumentRecord], scope: Sequence[str]) -> list[DocumentRecord]:
    """Records whose path is one of `scope` or lies under one of its folders, and their e-mail attachments."""
    from rag.attachments import marker

    roots = [str(Path(p).expanduser().resolve()) for p in scope]
    prefixes = [r.rstrip(os.sep) + os.sep for r in roots]
    inside = [r for r in records if r.path in roots or any(r.path.startswith(p) for p in prefixes)]
    markers = [marker(r.doc_id) for r in inside]
    attached = [r for r in records if r not in inside and any(m in r.path for m in markers)]
    return inside + attached


def scoped_rankings(retriever, database: Path, query: str, k: int, doc_ids: Sequence[str]) -> dict[str, list[tuple[int, float]]]:
    chunks = retriever.store.chunks_of_documents(doc_ids)
    rankings = {name: [(r, s) for r, s in ranking if r in chunks] for name, ranking in retriever.rankings(query, k).items()}
    depth = max(k, retriever.config.depth)
    if len(chunks) <= MAX_EXACT_CHUNKS:
        similarities = retriever._similarities(list(chunks), retriever.encode([query])[0])
        rankings["vector"] = sorted(similarities.items(), key=lambda item: item[1], reverse=True)[:depth]
    rankings["keyword"] = _keyword(database, query, doc_ids, depth)
    return rankings


def _keyword(database: Path, query: str, doc_ids: Sequence[str], k: int) -> list[tuple[int, float]]:
    expression = _fts_expression(query)
    if not expression or not doc_ids:
        return []
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)     # a reader beside the store's writer
    try:
        return db.execute(
            f"SELECT f.rowid, -bm25(chunk_fts) AS score FROM chunk_fts f JOIN chunks c ON c.id=f.rowid "
            f"WHERE chunk_fts MATCH ? AND c.doc_id IN ({','.join('?' * len(doc_ids))}) ORDER BY score DESC LIMIT ?",
            (expression, *doc_ids, k)).fetchall()
    finally:
        db.close()


class ScopedLibrary:
    """The library as the agents see it, limited to some files and folders."""

    def __init__(self, library, scope: Sequence[str]) -> None:
        self.library = library
        self.scope = list(scope)
        if not any(r.status == DocumentStatus.INDEXED for r in self.documents()):
            raise LibraryError(f"nothing is indexed in {', '.join(self.scope)} (index it first with `enclave index`)")

    def documents(self) -> list[DocumentRecord]:
        return in_scope(self.library.documents(), self.scope)

    def search(self, query: str, k: int = 8) -> list[Passage]:
        return self.library.search(query, k, scope=self.scope)

    @property
    def embedder(self):
        """The library's embedding model: the answer finder ranks a scoped search's sentences by meaning too."""
        return self.library.embedder

    def document_pages(self, path: str | Path) -> list[tuple[int | None, str]]:
        return self.library.document_pages(path)

    def entity_names(self) -> set[str]:
        return self.library.entity_names()

    def sheets(self, path: str):
        return self.library.sheets(path)

    def table_query(self, path: str, sheet: str, query):
        return self.library.table_query(path, sheet, query)

    def table_values(self, sheet, column: str) -> list[str]:
        return self.library.table_values(sheet, column)

    def close(self) -> None:
        """The wrapped library belongs to its owner; nothing to close here."""
