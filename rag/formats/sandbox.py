"""Run format loaders in a separate process with a time and a memory budget.

A parser bug or a hostile file (a decompression bomb the size checks missed, a
pathological PDF that loops) must cost one document, not the indexer: the loader
process is watched from here, and stopped when it
- uses more than `memory_mib` of resident memory (checked every 20 ms), or
- goes `stall_s` seconds without reporting progress (every page, sheet, slide or
  message reports, so a 500-page scan is not cut off, a stuck page is).
The document then fails with that reason and the next file is read by a fresh
process. Cancelling (the caller's token) stops the loader at once, even inside
one long OCR page. The process is reused between files: the OCR engine and the
parser libraries load once.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress

log = logging.getLogger(__name__)

MEMORY_MIB = 1536        # OCR of a dense A4 page at 300 dpi peaks near 0.9 GiB; a bomb goes far beyond
STALL_S = 120.0
POLL_S = 0.02


def _serve(conn) -> None:
    """The loader process: read paths, answer ("ok", document) / ("error", reason), report progress."""
    from rag.loaders import load_document

    def progress(message: str) -> None:
        conn.send(("progress", message))

    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            conn.send(("ok", load_document(Path(request), progress)))
        except LoadError as exc:
            conn.send(("error", str(exc)))
        except MemoryError:
            conn.send(("error", "the file needs more memory to read than is allowed; it was not indexed"))
        except Exception as exc:  # noqa: BLE001 - a parser bug fails the one file, with its type named
            conn.send(("error", f"the file could not be read (the {exc.__class__.__name__} parser error)"))


class SandboxedLoader:
    """Loads documents in a watched child process; one call at a time (a lock serializes callers)."""

    def __init__(self, *, memory_mib: int = MEMORY_MIB, stall_s: float = STALL_S) -> None:
        self.memory_mib = memory_mib
        self.stall_s = stall_s
        self._process: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()

    def load(self, path: Path, progress: Progress = no_progress, cancel: Any = None) -> LoadedDocument:
        """Read one file under the budget; LoadError says why it failed (or why it was stopped)."""
        steps = self.steps(path, cancel)
        while True:
            try:
                progress(next(steps))
            except StopIteration as done:
                return done.value

    def steps(self, path: Path, cancel: Any = None) -> Generator[str, None, LoadedDocument]:
        """Like `load`, as a generator of progress messages ("OCR page 3 of 10") that returns the document."""
        with self._lock:
            self._start()
            try:
                self._conn.send(str(path))
                return (yield from self._wait(cancel))
            except (EOFError, OSError):
                code = self._process.exitcode if self._process is not None else None
                self._stop()
                raise LoadError(f"the reader stopped unexpectedly while reading this file (exit code {code})") from None
            except LoadError:
                raise
            except BaseException:
                self._stop()          # cancelled (or abandoned): the half-read file goes with its process
                raise

    def _wait(self, cancel: Any) -> Generator[str, None, LoadedDocument]:
        import psutil

        watched = psutil.Process(self._process.pid)
        last = time.monotonic()
        limit = self.memory_mib * 2**20
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if self._conn.poll(POLL_S):
                kind, value = self._conn.recv()
                if kind == "ok":
                    return value
                if kind == "error":
                    raise LoadError(value)
                last = time.monotonic()
                yield value
            try:
                rss = watched.memory_info().rss
            except psutil.NoSuchProcess:
                rss = 0
            if rss > limit:
                self._stop()
                raise LoadError(f"reading the file needed more than {self.memory_mib} MiB of memory; it was stopped "
                                "(a damaged or hostile file?)")
            if not self._process.is_alive() and not self._conn.poll():
                raise EOFError
            if time.monotonic() - last > self.stall_s:
                self._stop()
                raise LoadError(f"reading the file made no progress for {self.stall_s:.0f} s; it was stopped "
                                "(a damaged or hostile file?)")

    def _start(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), name="enclave-loader", daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    def _stop(self) -> None:
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is not None:
            process.kill()
            process.join(5)

    def close(self) -> None:
        """Stop the loader process (politely when idle)."""
        with self._lock:
            if self._process is not None and self._conn is not None:
                try:
                    self._conn.send(None)
                    self._process.join(2)
                except (OSError, BrokenPipeError):
                    pass
            self._stop()
