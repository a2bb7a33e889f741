"""Indexing progress in the status bar: "Indexing 2 of 3: lease.pdf" and a bar, wherever the user is looking.

Why: the progress lived only in the Library tab, so a new user adding files from the first-run
panel saw "Ready" the whole time the files were read and embedded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.gui.a11y import describe


def progress_text(progress: Any) -> str:
    """One line about an IndexProgress; a status line (waiting for another writer) as it is."""
    if progress.total == 0 and progress.current and progress.record is None:
        return progress.current
    detail = f" ({progress.detail})" if getattr(progress, "detail", "") else ""
    if progress.current:
        return f"Indexing {progress.done} of {progress.total}: {Path(progress.current).name}{detail}"
    return f"Indexed {progress.done} of {progress.total}"


class IndexStatus(QWidget):
    """Shown in the status bar while the Indexer runs; hidden when it is idle."""

    def __init__(self, indexer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.label.setObjectName("indexStatusText")
        describe(self.label, "Indexing", "Which document is being added to your library")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(140)
        self.bar.setTextVisible(False)
        describe(self.bar, "Indexing progress", "How many of the documents being added are done")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        indexer.progress.connect(self.show_progress)
        indexer.running_changed.connect(self._running)
        self.setVisible(False)

    def show_progress(self, progress: Any) -> None:
        self.bar.setMaximum(max(progress.total, 1))
        self.bar.setValue(progress.done)
        self.label.setText(progress_text(progress))
        self.setVisible(True)

    def _running(self, running: bool) -> None:
        if running:
            self.label.setText("Indexing: reading the documents…")
            self.bar.setRange(0, 0)
        self.setVisible(running)
