"""Garbage collection on the GUI's terms: young generations often, full collections only when idle.

Why: a full (generation 2) collection walks every live Python object; with the core's
index and libraries loaded that takes 50-200 ms, on whichever thread happens to
allocate, GUI thread included: a visible freeze. qutebrowser's answer, reused here:
switch automatic collection off and collect from a GUI timer instead; the young
generations (a few ms) every quarter second, a full one only while no background job
runs and the user has not touched keyboard or mouse for a few seconds (or at most
every few minutes, so memory stays bounded). What survives a full collection is
long-lived (the index, the model's bindings): it is frozen, so the next full
collection only walks what is new.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

YOUNG_INTERVAL_MS = 250
FULL_WHEN_IDLE_S = 30.0
USER_IDLE_S = 5.0
FULL_AT_LEAST_EVERY_S = 300.0
_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove}


class GcPolicy(QObject):
    def __init__(self, busy: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._last_full = time.monotonic()
        self.last_input = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(YOUNG_INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self.full_collections = 0

    def start(self) -> None:
        gc.freeze()          # what is alive now (Qt, the widgets) lives for the session
        gc.disable()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        gc.enable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def idle(self) -> bool:
        return not self._busy() and time.monotonic() - self.last_input > USER_IDLE_S

    def collect(self) -> None:
        since_full = time.monotonic() - self._last_full
        if since_full > FULL_AT_LEAST_EVERY_S or (since_full > FULL_WHEN_IDLE_S and self.idle()):
            gc.collect(2)
            gc.freeze()
            self._last_full = time.monotonic()
            self.full_collections += 1
        elif gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect(1)
