"""Chunks whose vectors are still to be computed: the second phase of indexing.

Indexing commits a document's text, keyword index and graph first, so it can be
found by keyword and graph within seconds; its chunk ids go into this queue, and
vectors follow (`Library.embed_pending`). The queue is its own SQLite file and
survives a crash: a restart continues where embedding stopped. An entry whose
chunk no longer exists (the document changed or was removed) is simply dropped;
an entry embedded twice is harmless (chromadb upserts).

The queue also records which embedder made the library's vectors ("all-MiniLM-L6-v2/int8").
Vectors of two kinds are never mixed for good: when the embedder changes (the int8 model
could not be made, the user chose another model), every chunk is queued again and every
entity name marked for re-embedding, and the documents say "searchable, embedding N%" until
the new vectors replace the old ones (same ids, upserted).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from rag.chunking import with_section
from rag.store import open_database, write_transaction

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS pending_doc ON pending(doc_id);
CREATE INDEX IF NOT EXISTS pending_seq ON pending(seq);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
LEGACY_PRECISION = "float32"      # libraries from before the embedder was recorded: torch / float ONNX vectors


class EmbedQueue:
    """Chunk ids waiting for their vectors, oldest first (thread-safe: one connection, one lock)."""

    def __init__(self, file: Path) -> None:
        self._db = open_database(file, SCHEMA)
        self._lock = threading.Lock()

    def add(self, doc_id: str, chunk_ids: Sequence[str]) -> None:
        """Queue a document's chunks (replacing what was queued for it before), in one transaction."""
        with write_transaction(self._db, self._lock):
            self._db.execute("DELETE FROM pending WHERE doc_id=?", (doc_id,))
            start = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM pending").fetchone()[0] + 1
            self._db.executemany("INSERT OR REPLACE INTO pending(chunk_id, doc_id, seq) VALUES (?,?,?)",
                                 [(c, doc_id, start + i) for i, c in enumerate(chunk_ids)])

    def forget(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM pending WHERE doc_id=?", (doc_id,))

    def next(self, n: int) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT chunk_id FROM pending ORDER BY seq LIMIT ?", (n,))]

    def done(self, chunk_ids: Sequence[str]) -> None:
        with self._lock:
            self._db.executemany("DELETE FROM pending WHERE chunk_id=?", [(c,) for c in chunk_ids])

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]

    def chunk_ids(self) -> set[str]:
        """Every queued chunk id (their missing vectors are expected, not a fault to repair)."""
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT chunk_id FROM pending")}

    def by_document(self) -> dict[str, int]:
        """Document id -> how many of its chunks still wait for vectors."""
        with self._lock:
            return dict(self._db.execute("SELECT doc_id, COUNT(*) FROM pending GROUP BY doc_id").fetchall())

    def made_by(self) -> str | None:
        """The embedder identity the library's vectors were made with (None: not recorded yet)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key='embedder'").fetchone()
        return row[0] if row else None

    def switch_embedder(self, identity: str, chunks: Sequence[tuple[str, str]]) -> None:
        """Record `identity` and queue every (chunk id, doc id) again, in one transaction (crash-safe)."""
        with write_transaction(self._db, self._lock):
            start = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM pending").fetchone()[0] + 1
            self._db.executemany("INSERT OR IGNORE INTO pending(chunk_id, doc_id, seq) VALUES (?,?,?)",
                                 [(c, d, start + i) for i, (c, d) in enumerate(chunks)])
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedder', ?)", (identity,))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def match_embedder(queue: EmbedQueue, store, embedder) -> bool:
    """Make sure the library's vectors will all be of `embedder`'s kind; True when re-embedding was queued.

    Called before any vector is written. It does not start the embedder just to look (5 s): with
    nothing to embed and the model not loaded yet, no vector of another kind can be added now."""
    recorded = queue.made_by()
    if recorded is not None and not getattr(embedder, "backend", "x") and queue.count() == 0 \
            and not store.entities_without_vectors():
        return False
    current = getattr(embedder, "identity", None)
    if current is None:                              # an embedder that does not name its kind (test doubles)
        return False
    if recorded == current:
        return False
    chunks = [(r[0], r[1]) for r in store.rows("SELECT chunk_id, doc_id FROM chunks ORDER BY rowid")]
    if recorded is None and (not chunks or current == f"{embedder.name}/{LEGACY_PRECISION}"):
        queue.switch_embedder(current, [])          # a new library, or an old one of the same kind
        return False
    log.info("the library's vectors were made by %s; embedding them again with %s", recorded or "an earlier version",
             current)
    with store.transaction() as db:                 # entity names first: a crash here only re-embeds them
        db.execute("UPDATE entities SET has_vector=0")
    queue.switch_embedder(current, chunks)
    return True


def embed_pending(queue: EmbedQueue, store, embedder, chunk_vectors, batch: int, cancel=None):
    """Embed queued chunks batch by batch; yields (path of the batch's document, done, total) after each.

    Memory is bounded by one batch of texts, whatever the size of the documents.
    """

    total = queue.count()
    finished = 0
    while ids := queue.next(batch):
        if cancel is not None:
            cancel.raise_if_cancelled()
        rowids = store.rowids_for(ids)                     # chunks of indexed documents only
        chunks = store.chunks_by_rowid(rowids.values())
        present = [(i, chunks[rowids[i]]) for i in ids if i in rowids and rowids[i] in chunks]
        if present:
            chunk_vectors.add([i for i, _ in present], embedder.encode([with_section(c.section, c.text) for _, c in present]))
        queue.done(ids)
        finished += len(ids)
        yield (present[0][1].path if present else ""), finished, max(total, finished)


def with_embedding_status(records: list, waiting: dict[str, int]) -> list:
    """Records of documents still being embedded say so: "searchable, embedding 40%"."""
    from dataclasses import replace

    out = []
    for record in records:
        left = waiting.get(record.doc_id, 0)
        if left and record.status.value == "indexed" and record.chunks:
            share = max(0, min(99, int(100 * (record.chunks - left) / record.chunks)))
            state = f"searchable, embedding {share}%"
            record = replace(record, reason=f"{state}; {record.reason}" if record.reason else state)
        out.append(record)
    return out
