"""A one-line status that never changes the layout around it.

Why: the chat's status sat in the button row and asked for the width of its text, so a long
line ("Waiting for the model to load — …") pushed Stop about 90 px to the right while an
answer streamed and a click aimed at Stop landed on Regenerate. This label takes only the
width the row gives it and elides the rest (the whole text stays in its tooltip and for
screen readers).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class StatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)             # read in full, however much of it is shown
        self._elide()

    def text(self) -> str:
        """The whole status, however much of it fits on screen."""
        return self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 0))
        super().setText(shown if self.width() > 0 else self._full)
