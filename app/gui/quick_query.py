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
from app.gui.a11y import describe
from app.gui.chat_panel import ChatPanel
from app.gui.chat_session import ChatSession
from app.gui.controller import AppController
from app.gui.drops import dropped_paths
from app.gui.sources_panel import SourcesPanel


def popup_size(screen_width: int, screen_height: int) -> tuple[int, int]:
    """Large enough for an answer with its quote and sources without scrolling (460×380 needed it after
    a few lines), never more than most of a small screen."""
    return min(600, int(screen_width * 0.46)), min(660, int(screen_height * 0.82))


class QuickQueryPopup(QFrame):
    hand_over = Signal(object, list)  # conversation id (or None), [StoredMessage] shown so far
    file_dropped = Signal(str)

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("quickQuery")
        describe(self, "Quick query", "Ask a question about your documents without opening the main window")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(*popup_size(screen.width(), screen.height()))
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Ask Enclave</b>"), 1)
        self.open_button = QPushButton("Open in window")
        describe(self.open_button, "Continue this conversation in the main window",
                 "Moves this conversation, with its sources, to the main window")
        self.close_button = QPushButton("✕")
        describe(self.close_button, "Close the quick query", "Hides this window (Escape)")
        self.close_button.setFlat(True)
        header.addWidget(self.open_button)
        header.addWidget(self.close_button)
        layout.addLayout(header)
        self.panel = ChatPanel(compact=True)
        self.sources = SourcesPanel()
        self.sources.hint.setVisible(False)
        self.sources.setMaximumHeight(96)
        self.panel.transcript.setMinimumHeight(220)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.sources)
        self.session = ChatSession(controller, self.panel, self.sources)
        self.open_button.clicked.connect(self.open_in_window)
        self.close_button.clicked.connect(self.hide)
        QShortcut(QKeySequence("Escape"), self, activated=self._escape)

    def popup(self) -> None:
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(*popup_size(screen.width(), screen.height()))     # the screen may have changed
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
