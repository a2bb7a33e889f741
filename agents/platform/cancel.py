"""A cancel flag shared between the caller (GUI, Ctrl-C handler) and long work."""
from __future__ import annotations

import threading


class Cancelled(Exception):
    """Raised by long work that noticed its CancelToken was set."""


class CancelToken:
    """Set once from any thread; checked by the worker between tokens or steps.

    A token made with a parent is cancelled when its parent is, but cancelling it
    leaves the parent alone: one model call can stop without stopping the run.
    """

    def __init__(self, parent: "CancelToken | None" = None) -> None:
        self._event = threading.Event()
        self._parent = parent

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set() or (self._parent is not None and self._parent.cancelled)

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()
