"""Keep watched folders indexed: file events are debounced, then re-indexed in one batch.

An editor's save is often several events (write temp, rename, touch); waiting until a
path has been quiet for `debounce` seconds indexes it once, after it is complete.
Indexing runs on the watcher's own thread, never on a UI thread; `on_progress`
receives each IndexProgress (the GUI forwards them as signals). Its batches take the
library's writer lock like any other write (rag.lock), so they wait for the GUI's own
indexing job or another process instead of racing them; `stop()` ends a wait or a batch.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rag.errors import LibraryError
from rag.loaders import is_supported
from rag.types import IndexProgress

log = logging.getLogger(__name__)


class LibraryWatcher:
    """Watch folders and keep `library` in step with them until `stop()`."""

    def __init__(self, library, folders: Sequence[str | Path], *, debounce: float = 1.5,
                 on_progress: Callable[[IndexProgress], None] | None = None) -> None:
        self.library = library
        self.folders = [Path(f).expanduser().resolve() for f in folders]
        missing = [str(f) for f in self.folders if not f.is_dir()]
        if missing:
            raise LibraryError(f"cannot watch, not a folder: {', '.join(missing)}")
        self.debounce = debounce
        self.on_progress = on_progress
        self._pending: dict[str, float] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._observer = None
        self._thread: threading.Thread | None = None
        self.batches = 0            # how many re-index batches ran (tests and the GUI's status line)

    def start(self) -> None:
        from watchdog.observers import Observer

        handler = _Handler(self._note)
        self._observer = Observer()
        for folder in self.folders:
            self._observer.schedule(handler, str(folder), recursive=True)
        self._observer.start()
        self._thread = threading.Thread(target=self._loop, name="library-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _note(self, path: str) -> None:
        if not is_supported(Path(path)) or Path(path).name.startswith("."):
            return
        with self._lock:
            self._pending[path] = time.monotonic()
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(timeout=self.debounce)
            self._wake.clear()
            now = time.monotonic()
            with self._lock:
                ready = [p for p, t in self._pending.items() if now - t >= self.debounce]
                for path in ready:
                    del self._pending[path]
            if ready and not self._stopping.is_set():
                self._index(ready)

    def _index(self, paths: list[str]) -> None:
        try:
            for progress in self.library.index(paths, cancel=_StopToken(self._stopping)):
                if self.on_progress is not None:
                    self.on_progress(progress)
        except _Stopped:
            return        # stop() while waiting for another writer or mid-batch: pending work is redone later
        except Exception:  # noqa: BLE001 - the watcher thread must survive one bad batch
            log.exception("re-indexing changed files failed")
        self.batches += 1


class _Stopped(Exception):
    """The watcher was stopped during a batch."""


class _StopToken:
    """The cancel object Library.index polls: stopping the watcher stops its batch (and any wait for the lock)."""

    def __init__(self, stopping: threading.Event) -> None:
        self._stopping = stopping

    @property
    def cancelled(self) -> bool:
        return self._stopping.is_set()

    def raise_if_cancelled(self) -> None:
        if self._stopping.is_set():
            raise _Stopped()


class _Handler:
    """watchdog event handler: report every touched path (both ends of a move)."""

    def __init__(self, note: Callable[[str], None]) -> None:
        self._note = note

    def dispatch(self, event) -> None:
        if event.is_directory:
            return
        if event.event_type in ("created", "modified", "deleted", "moved", "closed"):
            self._note(str(event.src_path))
            dest = getattr(event, "dest_path", "")
            if dest:
                self._note(str(dest))
