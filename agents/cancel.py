"""A cancel flag shared between the caller (GUI, Ctrl-C handler) and long work."""
from __future__ import annotations

import threading


class Cancelled(Exception):
    """Raised by long work that noticed its CancelToken was set."""


class CancelToken:
    """Set once from any thread; checked by the worker between tokens or steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
