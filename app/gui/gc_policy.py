"""Garbage collection on the GUI's terms: young generations often, full collections when idle.

Why: a full (generation 2) collection walks every live Python object, and with the
core's index and libraries loaded that takes 50-150 ms, on whichever thread happens
to allocate, GUI thread included: a visible freeze. qutebrowser's answer, reused
here: switch automatic collection off and collect from a GUI timer instead; the
young generations (a few ms) every quarter second, the full one only while no
background job runs (or at most every few minutes, so memory stays bounded).
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

YOUNG_INTERVAL_MS = 250
FULL_WHEN_IDLE_S = 30.0
FULL_AT_LEAST_EVERY_S = 300.0


class GcPolicy(QObject):
    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._last_full = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self.full_collections = 0

    def start(self) -> None:
        gc.freeze()          # what is alive now (Qt, the widgets, the core) lives for the session
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def collect(self) -> None:
        since_full = time.monotonic() - self._last_full
        if since_full > FULL_AT_LEAST_EVERY_S or (since_full > FULL_WHEN_IDLE_S and not self._busy()):
            gc.collect(2)
            self._last_full = time.monotonic()
            self.full_collections += 1
        elif gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(1)
