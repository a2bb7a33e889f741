"""The document library through the front door: index, watch, forget, list, search, check."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agents.platform.cancel import CancelToken
from rag.types import DocumentRecord, IndexProgress, Passage

if TYPE_CHECKING:
    from agents.core import Core
    from rag.preview import PagePreview, TextPreview
    from rag.reconcile import Findings
    from rag.titles import DocumentTitle

OnWait = Callable[[int | None], None]       # told once, with the writer's pid, when another process indexes


class Watching(Protocol):
    """A running folder watcher; `stop()` ends it."""

    def stop(self) -> None: ...


class LibraryAccess:
    core: Core

    def index(self, paths: Sequence[str | Path], cancel: CancelToken | None = None,
              on_wait: OnWait | None = None) -> Iterator[IndexProgress]:
        """Index files and folders (unchanged files are skipped); waits while another process writes."""
        library = self.core.library()
        line = waiting_line(library)
        if line:
            yield IndexProgress(0, 0, line)
        yield from library.index([str(p) for p in paths], cancel=cancel, on_wait=on_wait)

    def watch(self, folders: Sequence[str], on_progress: Callable[[IndexProgress], None]) -> Watching | None:
        """Keep `folders` indexed as files change (its own thread); None when there is nothing to watch."""
        if not folders:
            return None
        from rag.watcher import LibraryWatcher

        watcher = LibraryWatcher(self.core.library(), list(folders), on_progress=on_progress)
        watcher.start()
        return watcher

    def documents(self) -> list[DocumentRecord]:
        return list(self.core.library().documents())

    def forget(self, path: str | Path, on_wait: OnWait | None = None) -> bool:
        """Remove a document from the library (the file itself stays); False when it was not there."""
        return bool(self.core.library().forget(str(path), on_wait=on_wait))

    def search(self, query: str, k: int = 8) -> list[Passage]:
        return self.core.library().search(query, k=k)

    def document_titles(self, limit: int = 3) -> list[DocumentTitle]:
        """Titles of the latest indexed documents (rag.titles): the first-run panel's example questions."""
        from rag.titles import document_titles

        return document_titles(self.core.library(), limit)

    def preview(self, path: str, page: int | None, quote: str) -> PagePreview | TextPreview | str:
        """The cited page rendered (PDF) or the passage in context (text), `quote` highlighted; or, as a
        string, why it cannot be shown (the file moved, an unsupported format)."""
        from rag.preview import PreviewError, preview

        try:
            return preview(path, page, quote)
        except PreviewError as exc:
            return str(exc)

    def read_only_notice(self) -> str:
        """Non-empty while another process writes the library and this one searches read-only."""
        return self.core.library().read_only_notice

    def check_library(self) -> Findings:
        """Compare SQLite, keyword index, graph and vectors; changes nothing."""
        return self.core.library().check()

    def repair_library(self, on_wait: OnWait | None = None) -> Iterator[IndexProgress]:
        """Fix what `check_library` finds, then finish interrupted documents (holds the writer lock)."""
        library = self.core.library()
        with library.writing(on_wait=on_wait):
            library.repair()
            yield from library.resume()

    def warm_library(self) -> None:
        """Open the library, load its embedding model and finish documents a crash left pending."""
        library = self.core.library()
        library.embedder.load()
        if library.pending():
            from rag.lock import LibraryBusy
            try:
                for _ in library.resume(wait=False):
                    pass
            except LibraryBusy:
                pass     # the process that is writing folds pending documents into its own run


def waiting_line(library: object) -> str:
    """A status line when the library's writer lock is taken right now (rag.lock), else ''."""
    writer = getattr(library, "writer", None)
    if writer is None:
        return ""
    with writer.try_hold() as free:
        if free:
            return ""
    pid = writer.holder()
    if pid is None or pid == os.getpid():
        return "Waiting for the other indexing job (folder watcher) to finish…"
    return f"Waiting: another Enclave process (pid {pid}) is indexing this library…"
