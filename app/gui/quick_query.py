"""The tray's quick-query popup: a small frameless window that answers in place, with sources.

"Open in window" hands the conversation to the main window. Dropping a file on
it summarizes that file, like dropping it on the main window.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from agents.api import StoredMessage
from app.gui.chat_panel import ChatPanel
from app.gui.chat_session import ChatSession
from app.gui.controller import AppController
from app.gui.drops import dropped_paths
from app.gui.sources_panel import SourcesPanel


class QuickQueryPopup(QFrame):
    hand_over = Signal(object, list)  # conversation id (or None), [StoredMessage] shown so far
    file_dropped = Signal(str)

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("quickQuery")
        self.setAccessibleName("Quick query")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.resize(460, 380)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Ask Enclave</b>"), 1)
        self.open_button = QPushButton("Open in window")
        self.open_button.setAccessibleName("Continue this conversation in the main window")
        self.close_button = QPushButton("✕")
        self.close_button.setAccessibleName("Close the quick query")
        self.close_button.setFlat(True)
        header.addWidget(self.open_button)
        header.addWidget(self.close_button)
        layout.addLayout(header)
        self.panel = ChatPanel(compact=True)
        self.sources = SourcesPanel()
        self.sources.hint.setVisible(False)
        self.sources.setMaximumHeight(110)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.sources)
        self.session = ChatSession(controller, self.panel, self.sources)
        self.open_button.clicked.connect(self.open_in_window)
        self.close_button.clicked.connect(self.hide)
        QShortcut(QKeySequence("Escape"), self, activated=self._escape)

    def popup(self) -> None:
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.move(screen.right() - self.width() - 24, screen.bottom() - self.height() - 24)
        self.show()
        self.raise_()
        self.activateWindow()
        self.panel.focus_input()

    def _escape(self) -> None:
        if self.session.busy:
            self.session.stop()
        else:
            self.hide()

    def open_in_window(self) -> None:
        """Continue this conversation in the main window (its answers keep their sources)."""
        messages: list[StoredMessage] = []
        for turn in self.panel.turns:
            messages += [StoredMessage("user", turn.question, "", (), 0.0),
                         StoredMessage("assistant", turn.answer, "", tuple(turn.citations), 0.0)]
        self.hand_over.emit(self.session.conversation_id, messages)
        self.hide()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        for path in dropped_paths(event.mimeData()):
            self.file_dropped.emit(str(path))
        event.acceptProposedAction()
