"""Start the engine child from a thread at normal priority, whoever asks.

The GUI runs its jobs at a lower priority (nice 10 on Linux, inherited by everything a thread
starts), so an engine started from a job would compute every answer at low priority: with
any other busy process an answer crawls. A process cannot raise its own priority back
without privileges, so the front end calls `prepare()` once from its main thread, and every
later start (including restarts after a crash, from any thread) goes through that thread.
"""
from __future__ import annotations

import queue
import subprocess
import threading
from concurrent.futures import Future
from typing import Any

_requests: queue.Queue[tuple[Future, list[str], dict[str, Any]]] = queue.Queue()
_thread: threading.Thread | None = None
_lock = threading.Lock()


def prepare() -> None:
    """Create the launcher thread now, from the calling (normal-priority) thread. Idempotent."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_serve, name="enclave-engine-launcher", daemon=True)
            _thread.start()


def popen(args: list[str], **kwargs: Any) -> subprocess.Popen:
    """`subprocess.Popen(args, **kwargs)`, on the launcher thread when one was prepared."""
    if _thread is None:
        return subprocess.Popen(args, **kwargs)
    future: Future[subprocess.Popen] = Future()
    _requests.put((future, args, kwargs))
    return future.result()


def _serve() -> None:
    while True:
        future, args, kwargs = _requests.get()
        try:
            future.set_result(subprocess.Popen(args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)
