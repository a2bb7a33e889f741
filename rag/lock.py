"""One writer per library, across threads and processes.

Writing the library (indexing, forgetting, repairing) touches two stores that cannot
share a transaction, so two writers at once can each undo the other's half (one's
repair deletes the vectors the other just added). The writer lock makes every write
operation exclusive: a re-entrant thread lock inside the process (the folder watcher's
thread and the GUI's indexing job), and an advisory `flock` on `writer.lock` in the
library folder across processes (the GUI and a CLI). The holder's pid is written into
the file so a second process can say who is indexing. The kernel drops an `flock` when
its process dies, so a crash (even SIGKILL) never leaves the library locked.
Readers take no lock: they read SQLite (WAL) and vectors, and never repair or delete.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rag.errors import LibraryError

try:
    import fcntl
except ImportError:        # Windows: one writer per process only (the thread lock)
    fcntl = None  # type: ignore[assignment]

_POLL = 0.2


class LibraryBusy(LibraryError):
    """Another process is writing this library."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = f"Enclave (pid {pid})" if pid else "another Enclave process"
        super().__init__(f"the library is being indexed by {who}; try again when it has finished "
                         "(searching and asking work meanwhile, read-only)")


class WriterLock:
    """Exclusive, re-entrant write access to one library folder."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / "writer.lock"
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while some thread of this process holds the lock."""
        return self._depth > 0

    def holder(self) -> int | None:
        """The pid written by the last writer (meaningful while the lock is taken elsewhere)."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    @contextmanager
    def hold(self, *, wait: bool = True, cancel=None, on_wait: Callable[[int | None], None] | None = None) -> Iterator[bool]:
        """Hold the lock for the block; first=True is yielded when this is the outermost hold.

        wait=False raises LibraryBusy at once when another process or thread writes; otherwise it waits
        (calling `on_wait(pid)` once, and honouring `cancel` between polls).
        """
        if not wait and not self._thread_lock.acquire(blocking=False):
            raise LibraryBusy(os.getpid())          # another thread of this process is writing
        if wait:
            self._take_thread_lock(cancel)
        try:
            first = self._depth == 0
            if first:
                self._take_file_lock(wait, cancel, on_wait)
            self._depth += 1
            try:
                yield first
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release_file_lock()
        finally:
            self._thread_lock.release()

    def try_hold(self):
        """`hold(wait=False)` that reports LibraryBusy as None instead of raising (for optional work)."""
        return _Optional(self)

    def _take_thread_lock(self, cancel) -> None:
        while not self._thread_lock.acquire(timeout=_POLL):
            if cancel is not None:
                cancel.raise_if_cancelled()

    def _take_file_lock(self, wait: bool, cancel, on_wait) -> None:
        if fcntl is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    os.close(fd)
                    raise LibraryBusy(self.holder()) from None
                if not told and on_wait is not None:
                    on_wait(self.holder())
                    told = True
                try:
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                except BaseException:
                    os.close(fd)
                    raise
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd

    def _release_file_lock(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)           # releases the flock; the pid stays as a hint only


class _Optional:
    """Context manager: the lock if free now (yields True), else nothing (yields False)."""

    def __init__(self, lock: WriterLock) -> None:
        self._lock = lock
        self._context = None

    def __enter__(self) -> bool:
        context = self._lock.hold(wait=False)
        try:
            context.__enter__()
        except LibraryBusy:
            return False
        self._context = context
        return True

    def __exit__(self, *exc_info) -> None:
        if self._context is not None:
            self._context.__exit__(*exc_info)
