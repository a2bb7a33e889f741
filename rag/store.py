"""The library's SQLite store: documents, pages, chunks, entities, graph edges, FTS5.

One file in WAL mode with synchronous=FULL: a commit is on disk before it returns, so a
document reported indexed stays indexed through a power cut. Everything about one
document is replaced in one transaction, so after a crash the store holds either the
old or the new version of a document, never a mix. Entity document frequencies (`df`, chunks that mention the entity) and
co-occurrence edge weights are kept up to date incrementally in those transactions.
"""
from __future__ import annotations

import itertools
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.chunking import Chunk, with_section
from rag.entities import Entity
from rag.sqlite_locks import while_locked, write_transaction
from rag.types import DocumentRecord, DocumentStatus

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, mtime_ns INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0, chunks INTEGER NOT NULL DEFAULT 0, indexed_at REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL, page INTEGER, text TEXT NOT NULL, PRIMARY KEY (doc_id, ordinal));
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE NOT NULL, doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
    page_start INTEGER, page_end INTEGER, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(text, tokenize='porter unicode61');
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    df INTEGER NOT NULL DEFAULT 0, has_vector INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS mentions (
    entity INTEGER NOT NULL, chunk INTEGER NOT NULL, PRIMARY KEY (entity, chunk)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_chunk ON mentions(chunk);
CREATE TABLE IF NOT EXISTS edges (
    a INTEGER NOT NULL, b INTEGER NOT NULL, weight INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_b ON edges(b);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_FTS_WORD = re.compile(r"\w+", re.UNICODE)
_FTS_STOP = frozenset("a an the and or of to in on at for is are was were be been do does did what who whom when "
                      "where which why how with about from by that this it its as his her he she they them their "
                      "there than then into after before any".split())


def _marks(values: Sequence[object]) -> str:
    """'?,?,?' for an `IN (...)` of these values (sqlite3 binds each one; nothing is formatted into SQL)."""
    return ",".join("?" * len(values))


@dataclass(frozen=True)
class StoredEntity:
    """A node of the entity graph: `df` is how many indexed chunks mention it."""

    id: int
    key: str
    type: str
    df: int


@dataclass(frozen=True)
class Edge:
    """Two entities mentioned in the same chunks `weight` times."""

    source: int
    target: int
    weight: int


@dataclass(frozen=True)
class StoredChunk:
    rowid: int
    chunk_id: str
    doc_id: str
    path: str
    page_start: int | None
    page_end: int | None
    char_start: int
    char_end: int
    text: str
    section: str = ""       # the heading of the section the chunk lies in (rag/formats/sections.py)


def open_database(file: Path, schema: str) -> sqlite3.Connection:
    """One library database: a connection its owner shares between threads under its own lock,
    autocommit (explicit transactions), WAL so readers never block the writer, and FULL sync so
    an acknowledged commit survives a power cut. Used by the store, the tables and the embed queue."""
    file.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(file), check_same_thread=False, isolation_level=None, timeout=30)
    while_locked(lambda: db.execute("PRAGMA journal_mode=WAL"))      # several processes may open a new library
    db.execute("PRAGMA synchronous=FULL")
    while_locked(lambda: db.executescript(schema))
    return db


class Store:
    """Thread-safe access to the library database (one connection, one lock)."""

    def __init__(self, file: Path) -> None:
        self._db = open_database(file, SCHEMA)
        self._lock = threading.RLock()
        _add_section_column(self._db)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- raw access for the consistency checks (rag.reconcile) ----------------------------
    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (all or nothing)."""
        with write_transaction(self._db, self._lock) as db:
            yield db

    def data_version(self) -> int:
        """Changes when another connection (another process) commits: a reader's cue to refresh."""
        with self._lock:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    # -- documents ----------------------------------------------------------------------
    def document(self, path: str) -> DocumentRecord | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM documents WHERE path=?", (path,)).fetchone()
        return _record(row) if row else None

    def documents(self) -> list[DocumentRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM documents ORDER BY path").fetchall()
        return [_record(r) for r in rows]

    def file_state(self, path: str) -> tuple[int, int, str] | None:
        with self._lock:
            row = self._db.execute("SELECT size, mtime_ns, content_hash FROM documents WHERE path=? AND status='indexed'", (path,)).fetchone()
        return tuple(row) if row else None

    def set_status(self, doc_id: str, path: str, status: DocumentStatus, reason: str = "", content_hash: str = "") -> None:
        """Record a status change on its own; a failure keeps the document's older chunks out of search."""
        with self._lock:
            self._db.execute(
                "INSERT INTO documents(doc_id, path, status, reason, content_hash, indexed_at) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(doc_id) DO UPDATE SET status=excluded.status, reason=excluded.reason, "
                "content_hash=CASE WHEN excluded.content_hash='' THEN content_hash ELSE excluded.content_hash END, "
                "indexed_at=excluded.indexed_at",
                (doc_id, path, status.value, reason, content_hash, time.time()))

    def chunk_ids(self, doc_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,))]

    def all_chunk_ids(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT chunk_id FROM chunks")}

    def interrupted(self) -> list[str]:
        """Paths of documents a crash left half-done (status `indexing`)."""
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT path FROM documents WHERE status='indexing'")]

    def replace_document(self, doc_id: str, path: str, *, content_hash: str, size: int, mtime_ns: int,
                         pages: Sequence[tuple[int | None, str]], chunks: Sequence[Chunk], chunk_ids: Sequence[str],
                         entities: Sequence[Sequence[Entity]]) -> list[tuple[int, str]]:
        """Swap in a document's new content atomically; return new entities that need name vectors."""
        with write_transaction(self._db, self._lock):
            self._delete_content(doc_id)
            self._db.executemany("INSERT INTO pages(doc_id, ordinal, page, text) VALUES (?,?,?,?)",
                                 [(doc_id, i, number, text) for i, (number, text) in enumerate(pages)])
            fresh: list[tuple[int, str]] = []
            for chunk, chunk_id, found in zip(chunks, chunk_ids, entities):
                cur = self._db.execute(
                    "INSERT INTO chunks(chunk_id, doc_id, ordinal, page_start, page_end, char_start, char_end, text, "
                    "section) VALUES (?,?,?,?,?,?,?,?,?)", (chunk_id, doc_id, chunk.ordinal, chunk.page, chunk.page,
                                                           chunk.char_start, chunk.char_end, chunk.text, chunk.section))
                rowid = cur.lastrowid
                self._db.execute("INSERT INTO chunk_fts(rowid, text) VALUES (?,?)",
                                 (rowid, with_section(chunk.section, chunk.text)))
                ids = []
                for entity in found:
                    row = self._db.execute("SELECT id, has_vector FROM entities WHERE key=?", (entity.key,)).fetchone()
                    if row is None:
                        entity_id = self._db.execute("INSERT INTO entities(key, name, type) VALUES (?,?,?)",
                                                     (entity.key, entity.name, entity.type)).lastrowid
                        fresh.append((entity_id, entity.name))
                    else:
                        entity_id = row[0]
                    ids.append(entity_id)
                ids = sorted(set(ids))
                self._db.executemany("INSERT INTO mentions(entity, chunk) VALUES (?,?)", [(e, rowid) for e in ids])
                self._db.executemany("UPDATE entities SET df=df+1 WHERE id=?", [(e,) for e in ids])
                self._db.executemany("INSERT INTO edges(a, b, weight) VALUES (?,?,1) ON CONFLICT(a, b) DO UPDATE SET weight=weight+1",
                                     list(itertools.combinations(ids, 2)))
            page_count = sum(1 for number, _ in pages if number is not None)
            self._db.execute(
                "INSERT INTO documents(doc_id, path, status, reason, content_hash, size, mtime_ns, pages, chunks, indexed_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(doc_id) DO UPDATE SET status=excluded.status, reason='', "
                "content_hash=excluded.content_hash, size=excluded.size, mtime_ns=excluded.mtime_ns, pages=excluded.pages, "
                "chunks=excluded.chunks, indexed_at=excluded.indexed_at",
                (doc_id, path, DocumentStatus.INDEXED.value, "", content_hash, size, mtime_ns, page_count, len(chunks), time.time()))
        return fresh

    def forget_document(self, doc_id: str) -> None:
        with write_transaction(self._db, self._lock):
            self._delete_content(doc_id)
            self._db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))

    def _delete_content(self, doc_id: str) -> None:
        rows = [r[0] for r in self._db.execute("SELECT id FROM chunks WHERE doc_id=?", (doc_id,))]
        for rowid in rows:
            ids = sorted(r[0] for r in self._db.execute("SELECT entity FROM mentions WHERE chunk=?", (rowid,)))
            self._db.executemany("UPDATE entities SET df=df-1 WHERE id=?", [(e,) for e in ids])
            self._db.executemany("UPDATE edges SET weight=weight-1 WHERE a=? AND b=?", list(itertools.combinations(ids, 2)))
            self._db.execute("DELETE FROM mentions WHERE chunk=?", (rowid,))
            self._db.execute("DELETE FROM chunk_fts WHERE rowid=?", (rowid,))
        self._db.execute("DELETE FROM edges WHERE weight<=0")
        self._db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
        self._db.execute("DELETE FROM pages WHERE doc_id=?", (doc_id,))

    def pages(self, doc_id: str) -> list[tuple[int | None, str]]:
        with self._lock:
            return [(r[0], r[1]) for r in self._db.execute("SELECT page, text FROM pages WHERE doc_id=? ORDER BY ordinal", (doc_id,))]

    # -- entities -----------------------------------------------------------------------
    def mark_vectors(self, entity_ids: Iterable[int]) -> None:
        with self._lock:
            self._db.executemany("UPDATE entities SET has_vector=1 WHERE id=?", [(e,) for e in entity_ids])

    def entities_without_vectors(self) -> list[tuple[int, str]]:
        with self._lock:
            return [(r[0], r[1]) for r in self._db.execute("SELECT id, name FROM entities WHERE has_vector=0")]

    def entity_names(self, types: Iterable[str]) -> set[str]:
        kinds = list(types)
        with self._lock:
            rows = self._db.execute(f"SELECT name FROM entities WHERE df>0 AND type IN ({_marks(kinds)})", kinds)
            return {r[0] for r in rows}

    def entities_by_keys(self, keys: Iterable[str]) -> dict[str, StoredEntity]:
        keys = list(keys)
        if not keys:
            return {}
        with self._lock:
            rows = self._db.execute(f"SELECT id, key, type, df FROM entities WHERE df>0 AND key IN ({_marks(keys)})", keys)
            return {r[1]: StoredEntity(*r) for r in rows}

    def entities_by_ids(self, ids: Iterable[int]) -> dict[int, StoredEntity]:
        ids = list(ids)
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(f"SELECT id, key, type, df FROM entities WHERE df>0 AND id IN ({_marks(ids)})", ids)
            return {r[0]: StoredEntity(*r) for r in rows}

    def entities_named_by_part(self, word: str) -> list[StoredEntity]:
        """Multi-word names with `word` as one of their words ("Wolfgang" -> "Wolfgang Schulz")."""
        with self._lock:
            return [StoredEntity(*r) for r in self._db.execute(
                "SELECT id, key, type, df FROM entities WHERE df>0 AND type IN ('person', 'name', 'org', 'place') "
                "AND (name LIKE ? OR name LIKE ?) LIMIT 5", (f"{word} %", f"% {word}"))]

    def mentions_of(self, entity_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(entity, chunk rowid) pairs for indexed documents' chunks."""
        ids = list(entity_ids)
        if not ids:
            return []
        with self._lock:
            return self._db.execute(
                f"SELECT m.entity, m.chunk FROM mentions m JOIN chunks c ON c.id=m.chunk JOIN documents d ON d.doc_id=c.doc_id "
                f"WHERE d.status='indexed' AND m.entity IN ({_marks(ids)})", ids).fetchall()

    def neighbours(self, entity_ids: Iterable[int], limit: int = 20) -> list[Edge]:
        """Co-occurrence edges of the given entities, strongest first."""
        out: list[Edge] = []
        with self._lock:
            for e in entity_ids:
                out.extend(Edge(*row) for row in self._db.execute(
                    "SELECT ?, other, weight FROM (SELECT b AS other, weight FROM edges WHERE a=? "
                    "UNION ALL SELECT a, weight FROM edges WHERE b=?) ORDER BY weight DESC LIMIT ?",
                    (e, e, e, limit)).fetchall())
        return out

    def counts(self) -> dict[str, int]:
        with self._lock:
            one = lambda sql: self._db.execute(sql).fetchone()[0]  # noqa: E731
            return {"documents": one("SELECT COUNT(*) FROM documents"), "chunks": one("SELECT COUNT(*) FROM chunks"),
                    "entities": one("SELECT COUNT(*) FROM entities WHERE df>0"), "edges": one("SELECT COUNT(*) FROM edges")}

    def version(self) -> tuple[int, int]:
        """Changed when any connection, in this process or another, commits: a key for caches of the whole library."""
        with self._lock:
            return self._db.total_changes, self._db.execute("PRAGMA data_version").fetchone()[0]

    # -- chunks and keyword search ------------------------------------------------------
    def edge_chunks(self) -> list[tuple[str, str, str]]:
        """(chunk id, document id, text) of the first and the last chunk of every indexed document (rag/boilerplate)."""
        with self._lock:
            return self._db.execute(
                "SELECT c.chunk_id, c.doc_id, c.text FROM chunks c JOIN (SELECT doc_id, MAX(ordinal) AS last FROM chunks "
                "GROUP BY doc_id) e ON e.doc_id=c.doc_id JOIN documents d ON d.doc_id=c.doc_id "
                "WHERE d.status='indexed' AND (c.ordinal=0 OR c.ordinal=e.last)").fetchall()

    def chunks_by_rowid(self, rowids: Iterable[int]) -> dict[int, StoredChunk]:
        ids = list(rowids)
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(
                f"SELECT c.id, c.chunk_id, c.doc_id, d.path, c.page_start, c.page_end, c.char_start, c.char_end, c.text, "
                f"c.section FROM chunks c JOIN documents d ON d.doc_id=c.doc_id WHERE c.id IN ({_marks(ids)})", ids).fetchall()
        return {r[0]: StoredChunk(*r) for r in rows}

    def chunks_of_documents(self, doc_ids: Iterable[str]) -> dict[int, str]:
        """Chunk rowid -> document id, for every chunk of the given indexed documents."""
        ids = list(doc_ids)
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(
                f"SELECT c.id, c.doc_id FROM chunks c JOIN documents d ON d.doc_id=c.doc_id "
                f"WHERE d.status='indexed' AND c.doc_id IN ({_marks(ids)})", ids)
            return {r[0]: r[1] for r in rows}

    def chunk_ids_of(self, rowids: Iterable[int]) -> dict[int, str]:
        ids = list(rowids)
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(f"SELECT id, chunk_id FROM chunks WHERE id IN ({_marks(ids)})", ids)
            return {r[0]: r[1] for r in rows}

    def rowids_for(self, chunk_ids: Iterable[str]) -> dict[str, int]:
        ids = list(chunk_ids)
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(
                f"SELECT c.chunk_id, c.id FROM chunks c JOIN documents d ON d.doc_id=c.doc_id "
                f"WHERE d.status='indexed' AND c.chunk_id IN ({_marks(ids)})", ids)
            return {r[0]: r[1] for r in rows}

    def keyword_search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(chunk rowid, BM25 relevance, higher is better) of indexed chunks, best first; any word may match."""
        expression = _fts_expression(query)
        if not expression:
            return []
        with self._lock:
            return self._db.execute(
                "SELECT f.rowid, -bm25(chunk_fts) AS score FROM chunk_fts f JOIN chunks c ON c.id=f.rowid "
                "JOIN documents d ON d.doc_id=c.doc_id WHERE chunk_fts MATCH ? AND d.status='indexed' "
                "ORDER BY score DESC LIMIT ?", (expression, k)).fetchall()


def fts_text_sql(table: str = "") -> str:
    """SQL for what the keyword index holds of a chunk row: its section's title, then its text
    (rag.chunking.with_section); `table` is the chunks table's alias in the query."""
    p = f"{table}." if table else ""
    return f"CASE WHEN {p}section != '' THEN {p}section || char(10) || {p}text ELSE {p}text END"


def _add_section_column(db: sqlite3.Connection) -> None:
    """Libraries made before chunks carried their section get the column (empty until a document is indexed
    again); another process may add it at the same moment."""
    if not any(row[1] == "section" for row in db.execute("PRAGMA table_info(chunks)")):
        try:
            db.execute("ALTER TABLE chunks ADD COLUMN section TEXT NOT NULL DEFAULT ''")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):
                raise


def _fts_expression(query: str) -> str:
    words = [w for w in _FTS_WORD.findall(query.lower()) if w not in _FTS_STOP]
    return " OR ".join('"' + w.replace('"', "") + '"' for w in dict.fromkeys(words))


def _record(row: sqlite3.Row | tuple) -> DocumentRecord:
    doc_id, path, status, reason, content_hash, _size, _mtime, pages, chunks, indexed_at = row
    return DocumentRecord(doc_id=doc_id, path=path, status=DocumentStatus(status), reason=reason,
                          content_hash=content_hash, pages=pages, chunks=chunks, indexed_at=indexed_at)
