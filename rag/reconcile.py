"""Two-way consistency between the library's SQLite store and its vectors.

The two stores cannot share a transaction, so every write is ordered to leave only
*extra* vectors when it is cut short (new vectors are added before SQLite commits;
old ones are deleted after it). A crash, a power cut or an older version can still
leave the other kind of gap, chunks of indexed documents without vectors, so
`check` looks both ways and `repair` fixes both:
- vectors SQLite does not know (orphans) are deleted;
- chunks of indexed documents without a vector (and not waiting in the embedding queue)
  are embedded again from their stored text;
- entity names marked embedded whose vector is gone are embedded again;
- FTS rows and graph counts (entity df, co-occurrence weights) are rebuilt if they drift;
- documents left `indexing` by a dead writer are marked pending; pending ones are redone
  by the next index run (Library.index folds them in).
Only the writer (rag.lock) repairs; a reader may `check`.
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

from rag.store import fts_text_sql
from rag.types import DocumentStatus

log = logging.getLogger(__name__)

_EMBED_BATCH = 256


@dataclass
class Findings:
    """What disagrees between the stores (empty lists: consistent)."""

    orphan_vectors: list[str] = field(default_factory=list)
    missing_vectors: list[str] = field(default_factory=list)
    missing_entity_vectors: list[int] = field(default_factory=list)
    fts_drift: int = 0
    graph_drift: int = 0
    unfinished: list[str] = field(default_factory=list)      # pending or indexing documents
    failed: int = 0                                           # failed documents (each has its reason)

    @property
    def consistent(self) -> bool:
        """The stores agree (unfinished documents are work to do, not an inconsistency)."""
        return not (self.orphan_vectors or self.missing_vectors or self.missing_entity_vectors
                    or self.fts_drift or self.graph_drift)

    def lines(self) -> list[str]:
        out = []
        if self.orphan_vectors:
            out.append(f"{len(self.orphan_vectors)} chunk vectors without a chunk (left by an interrupted write)")
        if self.missing_vectors:
            out.append(f"{len(self.missing_vectors)} chunks of indexed documents without a vector")
        if self.missing_entity_vectors:
            out.append(f"{len(self.missing_entity_vectors)} entity names without a vector")
        if self.fts_drift:
            out.append(f"{self.fts_drift} keyword-index rows out of step with the chunks")
        if self.graph_drift:
            out.append(f"{self.graph_drift} graph counts out of step with the mentions")
        if self.unfinished:
            out.append(f"{len(self.unfinished)} documents waiting to be indexed again (interrupted)")
        return out


def check(store, vectors, queued: set[str] | frozenset[str] = frozenset()) -> Findings:
    """Compare SQLite (chunks, FTS, graph) with the vector store; changes nothing.

    `queued`: chunk ids waiting in the embedding queue (rag.embed_queue), whose vectors come later."""

    chunk_ids = {r[0]: r[1] for r in store.rows(
        "SELECT c.chunk_id, d.status FROM chunks c JOIN documents d ON d.doc_id=c.doc_id")}
    stored = set(vectors.chunks.all_ids())
    entity_stored = set(vectors.entities.all_ids())
    marked = [r[0] for r in store.rows("SELECT id FROM entities WHERE has_vector=1")]
    documents = store.documents()
    return Findings(
        orphan_vectors=sorted(i for i in stored if i not in chunk_ids),
        missing_vectors=sorted(i for i, status in chunk_ids.items()
                               if status == DocumentStatus.INDEXED.value and i not in stored and i not in queued),
        missing_entity_vectors=[e for e in marked if f"e{e}" not in entity_stored],
        fts_drift=_fts_drift(store),
        graph_drift=len(_graph_drift(store)),
        unfinished=[d.path for d in documents if d.status in (DocumentStatus.PENDING, DocumentStatus.INDEXING)],
        failed=sum(1 for d in documents if d.status == DocumentStatus.FAILED))


def repair(store, vectors, encode, findings: Findings) -> None:
    """Fix what `check` found (the caller holds the writer lock)."""

    if findings.orphan_vectors:
        log.info("removing %d chunk vectors left by an interrupted write", len(findings.orphan_vectors))
        vectors.chunks.delete(findings.orphan_vectors)
    for begin in range(0, len(findings.missing_vectors), _EMBED_BATCH):
        ids = findings.missing_vectors[begin:begin + _EMBED_BATCH]
        texts = dict(store.rows(f"SELECT chunk_id, {fts_text_sql()} FROM chunks WHERE chunk_id IN ({','.join('?' * len(ids))})", ids))
        present = [i for i in ids if i in texts]
        vectors.chunks.add(present, encode([texts[i] for i in present]))
    if findings.missing_entity_vectors:
        with store.transaction() as db:    # embedded again by the next Library._embed_entity_names
            db.executemany("UPDATE entities SET has_vector=0 WHERE id=?", [(e,) for e in findings.missing_entity_vectors])
    if findings.fts_drift:
        with store.transaction() as db:
            db.execute("DELETE FROM chunk_fts")
            db.execute(f"INSERT INTO chunk_fts(rowid, text) SELECT id, {fts_text_sql()} FROM chunks")
    if findings.graph_drift:
        _rebuild_graph(store)
    reset_interrupted(store)


def reset_interrupted(store) -> list[str]:
    """Documents a dead writer left `indexing` become pending (only call under the writer lock)."""
    from rag.library_files import INTERRUPTED, doc_id_for

    paths = store.interrupted()
    for path in paths:
        store.set_status(doc_id_for(path), path, DocumentStatus.PENDING, INTERRUPTED)
    return paths


def _fts_drift(store) -> int:
    missing = store.rows("SELECT COUNT(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunk_fts f WHERE f.rowid=c.id)")[0][0]
    extra = store.rows("SELECT COUNT(*) FROM chunk_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id=f.rowid)")[0][0]
    differ = store.rows("SELECT COUNT(*) FROM chunks c JOIN chunk_fts f ON f.rowid=c.id "
                        f"WHERE f.text != {fts_text_sql('c')}")[0][0]
    return int(missing + extra + differ)


def _graph_drift(store) -> list[str]:
    """Entity df and edge weights that differ from what the mentions say."""
    mentions = store.rows("SELECT m.entity, m.chunk FROM mentions m JOIN chunks c ON c.id=m.chunk ORDER BY m.chunk, m.entity")
    dangling = store.rows("SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id=m.chunk)")[0][0]
    df: dict[int, int] = {}
    weights: dict[tuple[int, int], int] = {}
    for _chunk, group in itertools.groupby(mentions, key=lambda r: r[1]):
        ids = sorted(e for e, _ in group)
        for e in ids:
            df[e] = df.get(e, 0) + 1
        for pair in itertools.combinations(ids, 2):
            weights[pair] = weights.get(pair, 0) + 1
    drift = [f"dangling mentions: {dangling}"] if dangling else []
    for entity, stored_df in store.rows("SELECT id, df FROM entities"):
        if stored_df != df.get(entity, 0):
            drift.append(f"df of entity {entity}")
    edges = {(a, b): w for a, b, w in store.rows("SELECT a, b, weight FROM edges")}
    drift += [f"edge {pair}" for pair in set(edges) | set(weights) if edges.get(pair) != weights.get(pair)]
    return drift


def _rebuild_graph(store) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM mentions WHERE chunk NOT IN (SELECT id FROM chunks)")
        db.execute("UPDATE entities SET df=(SELECT COUNT(*) FROM mentions m WHERE m.entity=entities.id)")
        db.execute("DELETE FROM edges")
        db.execute("INSERT INTO edges(a, b, weight) SELECT x.entity, y.entity, COUNT(*) FROM mentions x "
                   "JOIN mentions y ON x.chunk=y.chunk AND x.entity<y.entity GROUP BY x.entity, y.entity")
