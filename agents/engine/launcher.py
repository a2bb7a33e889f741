"""Start the engine child from a thread at normal priority, whoever asks.

The GUI runs its jobs at a lower priority (nice 10 on Linux, inherited by everything a thread
starts), so an engine started from a job would compute every answer at low priority: with
any other busy process an answer crawls. A process cannot raise its own priority back
without privileges, so the front end calls `prepare()` once from its main thread, and every
later start (including restarts after a crash, from any thread) goes through that thread.
The threads that carry the engine's replies start there too: one inherited from a job
would make every token of an answer wait behind other programs for its turn.
"""
from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
_requests: queue.Queue[tuple[Future, Callable[[], Any]]] = queue.Queue()
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
    return _at_normal_priority(lambda: subprocess.Popen(args, **kwargs))


def start_thread(target: Callable[..., Any], *, name: str, args: tuple[Any, ...] = ()) -> threading.Thread:
    """Start a daemon thread from the launcher thread when one was prepared (so at its priority)."""
    def start() -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        thread.start()
        return thread
    return _at_normal_priority(start)


def _at_normal_priority(call: Callable[[], T]) -> T:
    if _thread is None or threading.current_thread() is _thread:
        return call()
    future: Future[T] = Future()
    _requests.put((future, call))
    return future.result()


def _serve() -> None:
    while True:
        future, call = _requests.get()
        try:
            future.set_result(call())
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)
