"""Indexing as a queue of background jobs, with progress, cancel, pause and a document list.

The library panel, the tray ("pause indexing") and drag-and-drop all go through
this one object, so only one indexing job runs at a time.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from agents.api import DocumentRecord, Enclave, IndexProgress, Watching
from app.gui.controller import AppController
from app.gui.jobs import CancelFlag, StreamJob


class Indexer(QObject):
    progress = Signal(IndexProgress)
    running_changed = Signal(bool)
    documents_changed = Signal(list)   # list[DocumentRecord]: the whole list (after a refresh)
    document_updated = Signal(DocumentRecord)  # one that just changed (cheap to show)
    paused_changed = Signal(bool)
    _watched_progress = Signal(IndexProgress)   # from the folder watcher's thread, delivered on the GUI thread

    def __init__(self, controller: AppController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.queue: list[list[str]] = []
        self.job: StreamJob | None = None
        self.paused = False
        self.documents: list[DocumentRecord] = []
        self._current: list[str] = []
        self.watcher: Watching | None = None
        self._watched_folders: list[str] = []
        self._watched_progress.connect(self._on_watched)

    # -- watched folders (rag's watcher re-indexes changes on its own thread) -----------------
    def watch(self, folders: list[str]) -> None:
        """(Re)start watching `folders`; an empty list stops watching. Paused: remembered, started on resume."""
        self._watched_folders = list(folders)
        old, self.watcher = self.watcher, None
        if self.paused:
            folders = []

        def work(enclave: Enclave, flag: CancelFlag) -> Iterator[Watching | None]:
            if old is not None:
                old.stop()
            yield enclave.watch(folders, self._watched_progress.emit)
        job = self.controller.job("watching folders", work)
        job.item.connect(self._set_watcher)
        self.controller.when_ready(lambda: self.controller.start(job))

    def _set_watcher(self, watcher: Watching | None) -> None:
        self.watcher = watcher

    def _on_watched(self, progress: IndexProgress) -> None:
        self._on_progress(progress)
        if progress.record is not None and progress.done >= progress.total:
            self.controller.library_changed.emit()

    def stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def add(self, paths: list[str | Path]) -> None:
        """Queue files or folders; they start once the model and library are loaded."""
        clean = [str(Path(p)) for p in paths if str(p).strip()]
        if clean:
            self.queue.append(clean)
            self.controller.when_ready(self._next)

    def _next(self) -> None:
        if self.job is not None or self.paused or not self.queue:
            return
        self._current = self.queue.pop(0)
        paths = list(self._current)
        job = self.controller.job("indexing documents", lambda enclave, flag: enclave.index(paths, flag.token()))
        job.item.connect(self._on_progress)
        job.succeeded.connect(lambda: self._finished(False))
        job.cancelled_signal.connect(lambda: self._finished(True))
        job.failed.connect(lambda _info: self._finished(False))
        self.job = job
        self.running_changed.emit(True)
        self.controller.start(job)

    def _on_progress(self, progress: IndexProgress) -> None:
        self.progress.emit(progress)
        if progress.record is not None:
            self._upsert(progress.record)

    def _upsert(self, record: DocumentRecord) -> None:
        self.documents = [d for d in self.documents if d.path != record.path] + [record]
        self.document_updated.emit(record)

    def _finished(self, cancelled: bool) -> None:
        self.job = None
        if cancelled and self.paused and self._current:
            self.queue.insert(0, self._current)     # resume re-walks it; finished files are skipped by hash
        self._current = []
        self.running_changed.emit(False)
        self.controller.library_changed.emit()
        self.refresh()
        self._next()

    def cancel(self) -> None:
        """Stop the current job and drop everything queued."""
        self.queue.clear()
        if self.job is not None:
            self.job.cancel()

    def set_paused(self, paused: bool) -> None:
        if paused == self.paused:
            return
        self.paused = paused
        self.paused_changed.emit(paused)
        if paused and self.job is not None:
            self.job.cancel()
        if self._watched_folders:
            self.watch(self._watched_folders)     # paused: stops the watcher; resumed: starts it again
        if not paused:
            self.controller.when_ready(self._next)

    def refresh(self) -> None:
        """Reload the document list from the library (in the background)."""
        if self.controller.enclave is None:
            return
        job = self.controller.job("reading the library", lambda enclave, flag: [enclave.documents()])
        job.item.connect(self._set_documents)
        self.controller.start(job)

    def _set_documents(self, documents: list[DocumentRecord]) -> None:
        self.documents = list(documents)
        self.documents_changed.emit(list(self.documents))

    def forget(self, paths: list[str]) -> None:
        job = self.controller.job("removing documents",
                                  lambda enclave, flag: [enclave.forget(p) for p in paths])
        job.succeeded.connect(self.refresh)
        job.succeeded.connect(self.controller.library_changed)
        self.controller.start(job)

    def reindex(self, paths: list[str]) -> None:
        """Forget, then index again from scratch (for a document that indexed badly)."""
        job = self.controller.job("re-indexing documents",
                                  lambda enclave, flag: [enclave.forget(p) for p in paths])
        job.succeeded.connect(lambda: self.add(list(paths)))
        self.controller.start(job)
