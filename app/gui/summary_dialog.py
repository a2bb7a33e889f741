"""Drag-and-drop summarization: stream a file's summary (short / key points / questions).

The core indexes the file first (agents.api.Enclave.summarize), exactly as `enclave summarize` does.
Every summary item ends with its marker ("[p.3]", or "[2]" in a document without pages); the k-th
marker is a link to the k-th citation, and clicking it shows the source sentence highlighted in the
main window's preview (`citation_clicked`).
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from agents.api import ErrorEvent, FinalAnswer, IndexProgress, Progress, Stopped, Token
from app.gui.controller import AppController
from app.gui.jobs import StreamJob

MODES = (("short", "Short summary"), ("key-points", "Key points"), ("questions", "Suggested questions"))
_MARKER = re.compile(r"\[(p\.\d+|\d+)\]")


def summary_html(text: str, cited: int) -> str:
    """The summary as HTML: bullets as a list, the first `cited` markers as links `cite:k` to citation k."""
    count = 0

    def link(match: re.Match) -> str:
        nonlocal count
        if count >= cited:
            return match.group(0)
        count += 1
        return f'<a href="cite:{count - 1}">[{match.group(1)}]</a>'

    lines = text.strip().split("\n")
    bullets = [line[2:] for line in lines if line.startswith("- ")]
    head = [line for line in lines if not line.startswith("- ")]
    parts = [f"<p>{_MARKER.sub(link, html.escape(line))}</p>" for line in head]
    if bullets:
        parts.append("<ul>" + "".join(f"<li>{_MARKER.sub(link, html.escape(b))}</li>" for b in bullets) + "</ul>")
    return "".join(parts)


class SummaryDialog(QDialog):
    citation_clicked = Signal(object)          # a summary item's source: shown highlighted in the preview

    def __init__(self, controller: AppController, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.path = path
        self.job: StreamJob | None = None
        self.text = ""
        self.citations: tuple = ()
        self._error = ""
        self.setObjectName("summaryDialog")
        self.setWindowTitle(f"Summary of {Path(path).name}")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(Path(path).name), 1)
        self.mode = QComboBox()
        self.mode.setAccessibleName("Kind of summary")
        for key, label in MODES:
            self.mode.addItem(label, key)
        row.addWidget(self.mode)
        layout.addLayout(row)
        self.status = QLabel("Waiting for the model…")
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Summary progress")
        self.progress.setRange(0, 0)
        layout.addWidget(self.progress)
        self.view = QTextBrowser()
        self.view.setObjectName("summaryText")
        self.view.setAccessibleName("Summary")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._anchor)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.stop_button = QPushButton("Stop")
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.stop_button.clicked.connect(self.stop)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._render = QTimer(self, singleShot=True, interval=60, timeout=self._update_view)
        self.mode.currentIndexChanged.connect(lambda _i: self.start())

    def start(self) -> None:
        self.stop()
        self.text = ""
        self.citations = ()
        self._error = ""
        self._update_view()
        mode = self.mode.currentData()
        path = self.path
        self.controller.when_ready(lambda: self._run(path, mode))

    def _run(self, path: str, mode: str) -> None:
        job = self.controller.job("summarizing the document",
                                  lambda enclave, flag: enclave.summarize(path, mode=mode, cancel=flag.token()))
        job.item.connect(self._on_event)
        job.succeeded.connect(lambda: self._finished("Done"))
        job.cancelled_signal.connect(lambda: self._finished("Stopped"))
        job.failed.connect(lambda info: self._finished(f"Failed: {info.message}"))
        self.job = job
        self.status.setText("Reading the document…")
        self.progress.setRange(0, 0)
        self.controller.start(job)

    def _on_event(self, event: Any) -> None:
        if isinstance(event, IndexProgress):
            self.status.setText(f"Indexing {Path(event.current).name}…" if event.current else "Indexed")
        elif isinstance(event, Progress):
            self.progress.setRange(0, max(event.total, 1))
            self.progress.setValue(event.done)
            self.status.setText(f"{event.label} ({event.done}/{event.total})")
        elif isinstance(event, Token):
            self.text += event.text
            if not self._render.isActive():
                self._render.start()
        elif isinstance(event, FinalAnswer):
            self.text, self.citations = event.text, tuple(event.citations)
            self._update_view()
        elif isinstance(event, ErrorEvent | Stopped):
            self._error = event.message
            self.status.setText(event.message)

    def _update_view(self) -> None:
        if self.citations:
            self.view.setHtml(summary_html(self.text, len(self.citations)))
        else:
            self.view.setMarkdown(self.text)

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "cite" and url.path().isdigit() and int(url.path()) < len(self.citations):
            self.citation_clicked.emit(self.citations[int(url.path())])

    def _finished(self, status: str) -> None:
        if status == "Done" and self._error and not self.text.strip():
            status = f"No summary: {self._error}"
        self.job = None
        self._update_view()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(status)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def done(self, result: int) -> None:  # noqa: D401 - Qt override: closing stops the work
        self.stop()
        super().done(result)
