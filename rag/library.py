"""The user's document library: the one object the agents, CLI and GUI talk to.

Every write (index, forget, repair) holds the library's writer lock (rag.lock): one
writer across threads and processes; readers (search, ask, list) take no lock and never
repair or delete. Indexing has two phases, so a document is searchable by keyword and
graph within seconds and its vectors follow (a 5 MB file takes minutes to embed on 2 cores).
Phase 1, for each document, keeps the stores consistent after any crash:
1. the document is marked `indexing` (committed);
2. its text is loaded (in the budgeted loader process), chunked and entity-tagged;
3. its sheet tables, page labels and notes are written, and its chunk ids queued for
   embedding (rag.embed_queue);
4. one SQLite transaction swaps in pages, chunks, FTS rows, mentions, edges and marks
   it `indexed`: searchable now, its status says "searchable, embedding 40%";
5. its old chunk vectors are removed from chromadb.
Phase 2 embeds the queued chunks in batches after the files' phase 1.
`forget` deletes from SQLite first, then the vectors. A crash before 4 leaves the document
`indexing`: the next writer marks it pending and every index run redoes pending documents;
queued chunks survive a crash and the next run embeds them. The next writer also reconciles
both ways (rag.reconcile): vectors SQLite does not know are deleted, and chunks of indexed
documents that lack a vector without being queued are embedded again. Search only returns
chunks of `indexed` documents.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag import attachments
from rag.chunking import Chunk, chunk_pages, chunked_form, current_rules
from rag.embed_queue import EmbedQueue, embed_pending, match_embedder, with_embedding_status
from rag.errors import LibraryError
from rag.entities import NAME_TYPES, Entity, extract
from rag.library_files import INTERRUPTED, canonical, doc_id_for, expand, hash_file  # noqa: F401 - ids are part of this API
from rag.library_writer import DISK_FULL, WriterSide  # noqa: F401 - DISK_FULL is part of this module's API
from rag.lock import LibraryBusy, WriterLock
from rag.loaders import LoadError, LoadedDocument, is_supported
from rag.store import Store
from rag.tables import Tables
from rag.types import DocumentRecord, DocumentStatus, IndexProgress, Passage

log = logging.getLogger(__name__)

EMBED_GROUP_CHUNKS = 256       # phase 2 embeds this many queued chunks per batch (one chromadb write each)


@dataclass
class _Prepared:
    path: str
    doc_id: str
    content_hash: str
    size: int
    mtime_ns: int
    document: LoadedDocument
    chunks: list[Chunk]
    entities: list[list[Entity]]


class Library(WriterSide):
    """Documents, their chunks, entities and vectors under one folder."""

    def __init__(self, folder: Path, *, embedding_model: str = "", model_extractor: Callable[[str], list[Entity]] | None = None,
                 embedder=None, retrieval_config=None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.folder / "library.sqlite3")
        self.tables = Tables(self.folder / "tables.sqlite3")     # spreadsheet tables, page labels, notes
        self.queue = EmbedQueue(self.folder / "embed_queue.sqlite3")      # chunks still waiting for vectors
        self._loader = None
        self.embedding_model = embedding_model
        self.model_extractor = model_extractor
        self._embedder = embedder
        self._vectors = None
        self._retriever = None
        self._retrieval_config = retrieval_config
        self.writer = WriterLock(self.folder)
        self._reconciled = False           # two-way repair runs once per process, on its first write
        self._startup_repair_tried = False
        self._vector_version: int | None = None
        self.read_only_notice = ""         # set when another process is writing (shown by the CLI)
        with self.writer.try_hold() as writing:
            if writing:
                from rag.reconcile import reset_interrupted

                reset_interrupted(self.store)
            else:
                self.read_only_notice = str(LibraryBusy(self.writer.holder())).split(";")[0] + "; searching read-only"

    # -- lazily started heavy parts ---------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            from rag.embedder import shared_embedder

            self._embedder = shared_embedder(self.embedding_model)
        return self._embedder

    @property
    def loader(self):
        """Reads files in a separate process with a time and memory budget (rag.formats.sandbox)."""
        if self._loader is None:
            from rag.formats.sandbox import SandboxedLoader

            self._loader = SandboxedLoader()
        return self._loader

    @property
    def vectors(self):
        """The vector store; the first access reconciles both ways when no one else is writing."""
        vectors = self._open_vectors()
        if not self._reconciled and not self._startup_repair_tried:
            self._startup_repair_tried = True
            self._reconcile_if_free()
        return vectors if self._vectors is not None else self._open_vectors()

    def _open_vectors(self):
        """Open (or reopen, when another process committed since: the view would be stale) the vector store."""
        version = self.store.data_version()
        if self._vectors is not None and version != self._vector_version and not self.writer.held:
            self._close_vectors()
        if self._vectors is None:
            from rag.vectors import VectorStore

            self._vectors = VectorStore(self.folder / "chroma")
            self._vector_version = version
        return self._vectors

    @property
    def retriever(self):
        if self._retriever is None:
            from rag.retrieval import Retriever

            self._retriever = Retriever(self.store, self.vectors, self.embedder.encode, self._retrieval_config,
                                        locate=self.tables.labels)
        return self._retriever

    # -- indexing -----------------------------------------------------------------------
    def index(self, paths: Sequence[str | Path], cancel=None, on_wait=None, *, wait: bool = True) -> Iterator[IndexProgress]:
        """Index files and folders (recursively), and any document an interrupted run left pending.

        Yields progress, one record per finished document. wait=False: LibraryBusy if someone writes.
        """
        with self.writing(cancel, on_wait, wait=wait):
            yield from self._index(paths, cancel)

    def _index(self, paths: Sequence[str | Path], cancel) -> Iterator[IndexProgress]:
        pending = [d.path for d in self.store.documents() if d.status == DocumentStatus.PENDING]
        files, missing, removed = self._expand([*pending, *paths])
        for path in removed:
            self.forget(path)
        total = len(files) + len(missing)
        done = 0
        for path in missing:
            done += 1
            record = DocumentRecord(doc_id_for(path), path, DocumentStatus.FAILED, "no such file or folder")
            yield IndexProgress(done, total, path, record)
        group: list[_Prepared] = []
        try:
            yield from self._index_files(files, total, done, group, cancel)
        finally:
            for prepared in group:     # cancelled or failed before these were written
                if self.store.document(prepared.path).status == DocumentStatus.INDEXING:
                    self.store.set_status(prepared.doc_id, prepared.path, DocumentStatus.PENDING, INTERRUPTED)
        self._embed_entity_names()

    def _index_files(self, files: list[str], total: int, done: int, group: list[_Prepared], cancel) -> Iterator[IndexProgress]:
        for path in files:
            if cancel is not None:
                cancel.raise_if_cancelled()
            yield IndexProgress(done, total, path)
            prepared = yield from self._prepare(path, done, total, cancel)
            staged = []
            if isinstance(prepared, _Prepared):
                group.append(prepared)
                staged = attachments.stage(self, prepared)      # e-mail attachments: documents of their own
                prepared = self._commit(prepared)
                group.clear()
            done += 1
            yield IndexProgress(done, total, path, prepared)
            yield from attachments.index(self, staged, done, total, cancel)
        if self._loader is not None:
            self._loader.close()     # its memory (parsers, OCR engine, the last file) is not held while embedding
        yield from self.embed_pending(done, total, cancel)

    def embed_pending(self, done: int = 0, total: int = 0, cancel=None) -> Iterator[IndexProgress]:
        """Phase 2: vectors for every queued chunk (also what a restart after a crash continues).

        First, when the embedder differs from the one that made the library's vectors, every chunk is queued."""
        match_embedder(self.queue, self.store, self.embedder)
        for path, finished, queued in embed_pending(self.queue, self.store, self.embedder, self.vectors.chunks,
                                                    EMBED_GROUP_CHUNKS, cancel):
            yield IndexProgress(done, total, path, detail=f"embedding {100 * finished // queued}% ({finished} of {queued} chunks)")

    def resume(self, cancel=None, *, wait: bool = True) -> Iterator[IndexProgress]:
        """Redo documents left pending by an interrupted run (every index run also does)."""
        yield from self.index([], cancel, wait=wait)

    def pending(self) -> list[str]:
        return [d.path for d in self.store.documents() if d.status in (DocumentStatus.PENDING, DocumentStatus.INDEXING)]

    def _expand(self, paths: Sequence[str | Path]) -> tuple[list[str], list[str], list[str]]:
        return expand(paths, [d.path for d in self.store.documents()])

    def _prepare(self, path: str, done: int, total: int, cancel) -> Generator[IndexProgress, None, _Prepared | DocumentRecord]:
        """Load, chunk and tag one file, or return its (unchanged or failed) record; yields progress inside it."""
        doc_id = doc_id_for(path)
        try:
            stat = os.stat(path)
        except OSError:
            return self._fail(doc_id, path, "the file disappeared before it could be read")
        known = self.store.file_state(path)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns and current_rules(known[2]):
            return self.store.document(path)
        if not is_supported(Path(path)):
            return self._fail(doc_id, path, f"unsupported file type '{Path(path).suffix or Path(path).name}'")
        try:
            content_hash = chunked_form(hash_file(path))
        except FileNotFoundError:
            return self._fail(doc_id, path, "the file disappeared before it could be read")
        except PermissionError:
            return self._fail(doc_id, path, "permission denied: the file cannot be read")
        except OSError as exc:
            return self._fail(doc_id, path, f"the file cannot be read ({exc.strerror})")
        if known and known[2] == content_hash:
            return self.store.document(path)
        self.store.set_status(doc_id, path, DocumentStatus.INDEXING, content_hash=content_hash)
        try:
            document = attachments.link(path, (yield from _relay(self.loader.steps(Path(path), cancel), done, total, path)))
            chunks = chunk_pages(document.pages, self.embedder.count_tokens, self.embedder.max_tokens - 2,
                                 getattr(self.embedder, "token_offsets", None), document.headings)
            if not chunks:
                raise LoadError("the file contains no text")
            entities = [self._entities(c.text) for c in chunks]
        except LoadError as exc:
            return self._fail(doc_id, path, str(exc))
        except BaseException:
            self.store.set_status(doc_id, path, DocumentStatus.PENDING, INTERRUPTED)    # cancelled mid-file
            raise
        return _Prepared(path, doc_id, content_hash, stat.st_size, stat.st_mtime_ns, document, chunks, entities)

    def _entities(self, text: str) -> list[Entity]:
        found = extract(text)
        if self.model_extractor is not None:
            try:
                keys = {e.key for e in found}
                found += [e for e in self.model_extractor(text) if e.key not in keys]
            except Exception as exc:  # noqa: BLE001 - the optional model extractor must never lose a document
                log.warning("model entity extraction failed (%s); rule entities kept", exc.__class__.__name__)
        return found

    def _fail(self, doc_id: str, path: str, reason: str) -> DocumentRecord:
        self.store.set_status(doc_id, path, DocumentStatus.FAILED, reason)
        return self.store.document(path)

    def _commit(self, prepared: _Prepared) -> DocumentRecord:
        """Phase 1 of one document: searchable by keyword and graph once this returns (see the module doc)."""

        ids = [f"{prepared.doc_id}-{prepared.content_hash[:8]}-{i}" for i in range(len(prepared.chunks))]
        fresh = set(ids)
        old = [i for i in self.store.chunk_ids(prepared.doc_id) if i not in fresh]
        self.tables.replace(prepared.doc_id, prepared.document)     # first: a crash after these redoes the document
        self.queue.add(prepared.doc_id, ids)
        self.store.replace_document(prepared.doc_id, prepared.path, content_hash=prepared.content_hash,
                                    size=prepared.size, mtime_ns=prepared.mtime_ns, pages=prepared.document.pages,
                                    chunks=prepared.chunks, chunk_ids=ids, entities=prepared.entities)
        if prepared.document.notes:     # indexed, with a remark ("pages 3, 7: no text found")
            self.store.set_status(prepared.doc_id, prepared.path, DocumentStatus.INDEXED, "; ".join(prepared.document.notes))
        if old:
            self.vectors.chunks.delete(old)
        return with_embedding_status([self.store.document(prepared.path)], self.queue.by_document())[0]

    def _embed_entity_names(self) -> None:

        missing = self.store.entities_without_vectors()
        for begin in range(0, len(missing), 512):
            part = missing[begin:begin + 512]
            self.vectors.entities.add([f"e{i}" for i, _ in part], self.embedder.encode([n for _, n in part]))
            self.store.mark_vectors(i for i, _ in part)

    # -- reading --------------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        return with_embedding_status(self.store.documents(), self.queue.by_document())

    def search(self, query: str, k: int = 8, scope: Sequence[str] | None = None) -> list[Passage]:
        """Ranked passages (graph + vector + keyword, fused); each names its file and page.

        With `scope` (files or folders), only passages of documents there are ranked (rag.scope)."""
        if not query.strip():
            raise LibraryError("the search query is empty")
        if k < 1:
            raise LibraryError("k must be at least 1")
        if scope is None:
            return self.retriever.search(query, k)
        from rag.scope import in_scope, scoped_rankings

        doc_ids = [r.doc_id for r in in_scope(self.store.documents(), scope) if r.status == DocumentStatus.INDEXED]
        return self.retriever.search(query, k, scoped_rankings(self.retriever, self.folder / "library.sqlite3",
                                                               query, k, doc_ids))

    def sheets(self, path: str | Path):
        """The spreadsheet tables of an indexed document (rag.tables.Sheet), for exact answers."""
        return self.tables.sheets(self._indexed(path).doc_id)

    def table_query(self, path: str | Path, sheet: str, query):
        """Compute a constrained query (rag.tables.Query) on one sheet of a document; QueryError if it does not fit."""
        from rag.tables import QueryError

        sheets = self.sheets(path)
        chosen = [s for s in sheets if s.sheet.lower() == sheet.strip().lower()] if sheet.strip() else sheets[:1]
        if not chosen:
            raise QueryError(f"no sheet {sheet!r}; the sheets are: {', '.join(s.sheet for s in sheets) or 'none'}")
        return chosen[0], self.tables.query(chosen[0], query)

    def table_values(self, sheet, column: str) -> list[str]:
        """Distinct values of a text column (at most 200): how a rule recognizes "for Travel" in a question."""
        return self.tables.distinct_values(sheet, column)

    def forget(self, path: str | Path, cancel=None, on_wait=None) -> bool:
        """Remove a document (its chunks, mentions and vectors); False when it was not in the library.

        SQLite first, vectors second: a crash in between leaves only extra vectors, which the
        next writer's reconcile removes (the other order would leave chunks without vectors).
        """
        key = canonical(path)
        with self.writing(cancel, on_wait):
            record = self.store.document(key) or self.store.document(str(path))
            if record is None:
                return False

            chunk_ids = self.store.chunk_ids(record.doc_id)
            self.store.forget_document(record.doc_id)
            self.tables.forget(record.doc_id)
            self.queue.forget(record.doc_id)
            self.vectors.chunks.delete(chunk_ids)
            attachments.forget(self, record.doc_id)
            return True

    def document_pages(self, path: str | Path) -> list[tuple[int | None, str]]:
        """(page number, text) of an indexed document, in order, as the summarizer needs them."""
        return self.store.pages(self._indexed(path).doc_id)

    def _indexed(self, path: str | Path) -> DocumentRecord:
        record = self.store.document(canonical(path)) or self.store.document(str(path))
        if record is None:
            raise LibraryError(f"not in the library: {path} (index it first with `enclave index`)")
        if record.status != DocumentStatus.INDEXED:
            raise LibraryError(f"{record.path} is not indexed ({record.status.value}{': ' + record.reason if record.reason else ''})")
        return record

    def entity_names(self) -> set[str]:
        """Every person/org/place name found in the user's documents (for the privacy detector)."""
        return self.store.entity_names(NAME_TYPES)

    def close(self) -> None:
        if self._loader is not None:
            self._loader.close()
            self._loader = None
        self.tables.close()
        self.queue.close()
        if self._vectors is not None:
            self._vectors.close()
            self._vectors = None
        self.store.close()


def _relay(steps: Generator[str, None, LoadedDocument], done: int, total: int, path: str
           ) -> Generator[IndexProgress, None, LoadedDocument]:
    """The loader's messages ("OCR page 3 of 10") as progress of the current file; returns the document."""
    while True:
        try:
            message = next(steps)
        except StopIteration as finished:
            return finished.value
        yield IndexProgress(done, total, path, detail=message)
