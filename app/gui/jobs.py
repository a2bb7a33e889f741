"""Background jobs: run core work on a QThread and hand its results to the GUI as signals.

Why: the core's long work (model load, indexing, generation) is written as plain
iterators; a job runs one on a worker thread and emits each item it yields, so
widgets only ever see the core's dataclasses arriving on the GUI thread.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from app.gui.error_channel import ErrorInfo, describe_exception


class CancelFlag:
    """A cancel flag for jobs; the core's CancelToken is created lazily so no core import happens early."""

    def __init__(self) -> None:
        self._token: Any = None
        self._cancelled = False

    def token(self) -> Any:
        if self._token is None:
            from agents.api import CancelToken
            self._token = CancelToken()
            if self._cancelled:
                self._token.cancel()
        return self._token

    def cancel(self) -> None:
        self._cancelled = True
        if self._token is not None:
            self._token.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled


BACKGROUND_NICE = 10


def lower_thread_priority() -> None:
    """Run this worker (and the native threads it starts: llama.cpp, ONNX Runtime, chromadb) at a lower
    priority than the GUI thread, so on a busy 2-core machine the GUI is scheduled first.

    Linux schedules threads by their own nice value and new threads inherit it; elsewhere
    QThread's LowPriority (set when the job starts) does the same job.
    """
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        except OSError:
            pass


class StreamJob(QThread):
    """Runs `work(cancel_flag)` (an iterable) off the GUI thread; emits every item it yields."""

    item = Signal(object)
    failed = Signal(ErrorInfo)
    succeeded = Signal()
    cancelled_signal = Signal()

    def __init__(self, name: str, work: Callable[[CancelFlag], Iterable[Any] | None],
                 parent: QObject | None = None, *, urgent: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.urgent = urgent        # what the user is waiting for (an answer, a preview): normal priority
        self.cancel_flag = CancelFlag()
        self._work = work

    def cancel(self) -> None:
        self.cancel_flag.cancel()

    def run(self) -> None:  # noqa: D401 - Qt override, runs on the worker thread
        if not self.urgent:
            lower_thread_priority()
        try:
            result = self._work(self.cancel_flag)
            if result is not None:
                for value in result:
                    self.item.emit(value)
                    if self.cancel_flag.cancelled:
                        break
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the one error channel
            if _is_cancel(exc):
                self.cancelled_signal.emit()
                return
            self.failed.emit(describe_exception(exc, doing=self.objectName()))
            return
        if self.cancel_flag.cancelled:
            self.cancelled_signal.emit()
        else:
            self.succeeded.emit()


def _is_cancel(exc: BaseException) -> bool:
    from agents.api import Cancelled       # imported on the worker thread, never at GUI start-up
    return isinstance(exc, Cancelled)


class JobRunner(QObject):
    """Keeps running jobs alive until they finish and reports their failures to one place."""

    failed = Signal(ErrorInfo)     # from any job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: set[StreamJob] = set()

    def start(self, job: StreamJob) -> StreamJob:
        self._jobs.add(job)
        job.failed.connect(self.failed)
        job.finished.connect(lambda j=job: self._forget(j))
        job.start(QThread.Priority.NormalPriority if job.urgent else QThread.Priority.LowPriority)
        return job

    def _forget(self, job: StreamJob) -> None:
        self._jobs.discard(job)
        job.deleteLater()

    @property
    def running(self) -> int:
        return len(self._jobs)

    def stop_all(self, timeout_ms: int = 5000) -> None:
        """Cancel every job and wait for their threads (at quit)."""
        for job in list(self._jobs):
            job.cancel()
        for job in list(self._jobs):
            job.wait(timeout_ms)


__all__ = ["CancelFlag", "ErrorInfo", "JobRunner", "StreamJob"]
