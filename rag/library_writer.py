"""The library's writer side: the lock around every write, and two-way repair at start.

Split from rag.library (which it is a base of) so each module keeps one concern:
this one decides *when* the stores are reconciled; rag.reconcile decides *how*.
- The first write of a process (or its first vector access, when no one else writes)
  reconciles both ways; a write cut short clears that flag so the next write repairs.
- A writer reopens the vector store if another process committed since it opened it.
- A full disk anywhere in a write becomes one clear LibraryError.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rag.errors import LibraryError, is_disk_full

DISK_FULL = ("the disk is full: indexing stopped and nothing indexed before was lost; "
             "free some space and index again to finish")


class WriterSide:
    """Mixed into Library; uses its writer, store, vectors and embedder."""

    @contextmanager
    def writing(self, cancel=None, on_wait=None, *, wait: bool = True) -> Iterator[None]:
        """Hold the writer lock; the process's first write reconciles the stores both ways first.

        Another process writing: waits (on_wait(pid) is told once), cancellable. A full disk
        becomes a LibraryError that says so.
        """
        try:
            with self.writer.hold(wait=wait, cancel=cancel, on_wait=on_wait) as first:
                if first:
                    self._refresh_vectors()
                    from rag.reconcile import reset_interrupted

                    reset_interrupted(self.store)
                    if not self._reconciled:
                        self._reconciled = self._startup_repair_tried = True
                        self.repair()
                yield
        except BaseException as exc:
            self._reconciled = False       # a write cut short may leave extra vectors: the next write repairs
            if not isinstance(exc, LibraryError) and isinstance(exc, Exception) and is_disk_full(exc):
                raise LibraryError(DISK_FULL) from exc
            raise

    def _refresh_vectors(self) -> None:
        """A writer starts from what is on disk: another process may have written since we opened it."""
        if self._vectors is not None and self.store.data_version() != self._vector_version:
            self._close_vectors()

    def _close_vectors(self) -> None:
        self._vectors.close()
        self._vectors = None
        self._retriever = None         # it holds the old vector store

    def check(self):
        """Compare SQLite, keyword index, graph and vectors (rag.reconcile.Findings); changes nothing."""
        from rag.reconcile import check

        return check(self.store, self._open_vectors(), self.queue.chunk_ids())

    def repair(self):
        """Fix every disagreement `check` finds (takes the writer lock); returns what was found."""
        from rag.reconcile import check, repair

        with self.writer.hold():
            findings = check(self.store, self.vectors, self.queue.chunk_ids())
            if findings.missing_vectors or findings.missing_entity_vectors:
                from rag.embed_queue import match_embedder

                match_embedder(self.queue, self.store, self.embedder)   # vectors of one kind only
            if not findings.consistent:
                repair(self.store, self.vectors, self.embedder.encode, findings)
                self._embed_entity_names()
            return findings

    def _reconcile_if_free(self) -> None:
        """At start, when no one else is writing: repair both ways (a reader leaves it to the writer)."""
        with self.writer.try_hold() as writing:
            if writing and not self._reconciled:
                self._reconciled = True
                try:
                    self.repair()
                except BaseException:
                    self._reconciled = False
                    raise

