"""The chat widget: transcript rendered as Markdown while it streams, input, stop, copy, regenerate.

It only renders; ChatSession decides what to run. Re-rendering Markdown for
every token would cost more than generating it, so updates are coalesced on a
short timer (the event loop stays free while answers stream).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTextBrowser, QToolButton,
                               QVBoxLayout, QWidget)

from agents.api import Citation, StoredMessage
from app.gui import theme
from app.gui.a11y import describe
from app.gui.chat_render import insert_turn
from app.gui.cloud_switch import CloudSwitch
from app.gui.status_line import StatusLine
from app.gui.trace_view import TraceView

RENDER_INTERVAL_MS = 60


@dataclass
class Turn:
    question: str
    answer: str = ""
    citations: list[Any] = field(default_factory=list)
    status: str = "waiting"      # waiting, streaming, done, stopped, failed
    note: str = ""
    offer: str = ""              # why the cloud is offered for this question ("" = no offer)


class PromptEdit(QPlainTextEdit):
    """Enter sends, Shift+Enter adds a line."""

    send = Signal()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.send.emit()
            return
        super().keyPressEvent(event)


class ChatPanel(QWidget):
    submitted = Signal(str)
    stop_requested = Signal()
    regenerate_requested = Signal()
    citation_clicked = Signal(Citation)
    offer_accepted = Signal(int)           # the index of the turn whose cloud offer was clicked

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.turns: list[Turn] = []
        self.tokens = theme.current()
        self._compact = compact
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.transcript = QTextBrowser()
        self.transcript.setObjectName("transcript")
        describe(self.transcript, "Conversation", "Your questions and the answers, each answer followed by its "
                 "sources (file and page); Tab to a source link and press Enter to see the page")
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._anchor)
        layout.addWidget(self.transcript, 1)
        self.trace_toggle = QToolButton()
        self.trace_toggle.setText("How I answered ▸")
        self.trace_toggle.setCheckable(True)
        describe(self.trace_toggle, "Show how the answer was made", "Shows or hides the steps behind the last answer")
        self.trace = TraceView()
        self.trace.setVisible(False)
        self.trace.setMaximumHeight(160)
        self.trace_toggle.toggled.connect(self._toggle_trace)
        self.how = QLabel("")
        self.how.setObjectName("howAnswered")
        self.how.setAccessibleDescription("How the answer was made: which document and page it came from")
        self.how.setWordWrap(True)
        self.how.setVisible(False)
        layout.addWidget(self.how)
        self.technical = QCheckBox("Technical details")
        describe(self.technical, "Show technical details", "Shows the exact steps with scores and tool arguments")
        self.technical.setVisible(False)
        self.technical.toggled.connect(self.trace.set_technical)
        if not compact:
            toggles = QHBoxLayout()
            toggles.addWidget(self.trace_toggle)
            toggles.addWidget(self.technical)
            toggles.addStretch(1)
            layout.addLayout(toggles)
            layout.addWidget(self.trace)
        self.input = PromptEdit()
        self.input.setObjectName("promptInput")
        describe(self.input, "Your question", "Type a question; Enter sends it, Shift+Enter starts a new line")
        self.input.setPlaceholderText("Ask about your documents… (Enter sends, Shift+Enter for a new line)")
        self.input.setMaximumHeight(90 if not compact else 60)
        self.input.send.connect(self._send)
        self.input.setTabChangesFocus(True)
        layout.addWidget(self.input)
        row = QHBoxLayout()
        self.status = StatusLine()
        self.status.setObjectName("chatStatus")
        self.status.setAccessibleDescription("What the assistant is doing now: answering, stopped, or waiting")
        row.addWidget(self.status, 1)
        self.cloud_button = CloudSwitch()
        row.addWidget(self.cloud_button)
        self.copy_button = QPushButton("Copy answer")
        self.regenerate_button = QPushButton("Regenerate")
        self.stop_button = QPushButton("Stop")
        self.send_button = QPushButton("Send")
        for button, name, description in (
                (self.copy_button, "Copy the last answer", "Copies the last answer's text to the clipboard"),
                (self.regenerate_button, "Regenerate the last answer", "Asks the last question again"),
                (self.stop_button, "Stop the answer", "Stops the answer being written (Escape)"),
                (self.send_button, "Send the question", "Sends the question in the box (Enter)")):
            describe(button, name, description)
            row.addWidget(button)
        self.send_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_answer)
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        self.send_button.clicked.connect(self._send)
        if compact:
            self.cloud_button.setVisible(False)
            self.regenerate_button.setVisible(False)
        layout.addLayout(row)
        QShortcut(QKeySequence("Escape"), self, activated=self.stop_requested.emit)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self.render_tail)
        self._tail_start = 0          # where the last turn's text begins in the transcript
        self._tail_index = -1         # which turn that region shows
        self._follow = True           # keep the newest answer in view until the user scrolls up
        bar = self.transcript.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, high: bar.setValue(high) if self._follow else None)
        bar.valueChanged.connect(self._scrolled)
        self.set_busy(False)

    # -- input ------------------------------------------------------------------
    def _send(self) -> None:
        text = self.input.toPlainText().strip()
        if text:
            self.input.clear()
            self.submitted.emit(text)

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy)
        if not self.turns:
            self.trace_toggle.setChecked(False)
        self.trace_toggle.setVisible(not self._compact and bool(self.turns))     # nothing to explain in a new chat
        has_answer = bool(self.turns) and self.turns[-1].status in ("done", "stopped", "failed")
        self.regenerate_button.setEnabled(not busy and has_answer)
        self.copy_button.setEnabled(bool(self.turns) and bool(self.turns[-1].answer.strip()))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    # -- answers ------------------------------------------------------------------
    def start_turn(self, question: str) -> Turn:
        turn = Turn(question)
        self.turns.append(turn)
        self._follow = True           # a new question: its answer is what the user looks at now
        self.trace.clear()
        self.set_how("")
        self.render_tail()
        return turn

    def append_token(self, text: str) -> None:
        turn = self.turns[-1]
        turn.status = "streaming"
        turn.answer += text
        if not self._render_timer.isActive():
            self._render_timer.start()

    def add_trace(self, event: Any) -> None:
        self.trace.add_event(event)

    def set_how(self, sentence: str) -> None:
        """The one plain sentence about the last answer ("Answered from lease.pdf p.3.")."""
        self.how.setText(sentence)
        self.how.setAccessibleName(sentence)       # a screen reader reads the sentence itself
        self.how.setVisible(bool(sentence))

    def finish_turn(self, status: str, *, answer: str | None = None, citations: list[Any] | None = None,
                    note: str = "") -> None:
        turn = self.turns[-1]
        turn.status = status
        if answer is not None and answer.strip():
            turn.answer = answer
        if citations is not None:
            turn.citations = list(citations)
        if note:
            turn.note = note          # a message shown earlier (about the cloud, say) stays unless replaced
        self.render_tail()

    def load_history(self, messages: list[StoredMessage]) -> None:
        """Show a stored conversation; each answer keeps the sources it was given with, and a question
        left without an answer reads as stopped."""
        self.turns = []
        for message in messages:
            if message.role == "user":
                self.turns.append(Turn(message.content, status="stopped"))
            elif self.turns:
                self.turns[-1].answer += message.content
                self.turns[-1].status = "done"
                self.turns[-1].citations += list(message.citations)
        self.trace.clear()
        self.set_how("")
        self.set_status("")
        self.render()

    def clear(self) -> None:
        """A new chat: nothing of the previous one stays (its status, its "how I answered")."""
        self.turns = []
        self.trace.clear()
        self.set_how("")
        self.set_status("")
        self.render()

    def render(self) -> None:
        """Render the whole conversation (after loading or clearing it)."""
        self._render_timer.stop()

        def rebuild() -> None:
            self.transcript.clear()
            cursor = QTextCursor(self.transcript.document())
            for index, turn in enumerate(self.turns[:-1]):
                insert_turn(cursor, turn, index, self.tokens)
        self._keep_bottom(rebuild)
        self._tail_start = self._end_position()
        self._tail_index = -1
        self.render_tail()

    def set_tokens(self, tokens: theme.Tokens) -> None:
        """The look changed (light/dark): redraw the bubbles in its colours."""
        self.tokens = tokens
        self.render()

    def render_tail(self) -> None:
        """Re-render only the last turn: streaming costs the same in a long conversation as in a short one."""
        self._render_timer.stop()
        if not self.turns:
            self.set_busy(False)
            return
        last = len(self.turns) - 1
        if self._tail_index != last and self._tail_index != -1 and self._tail_index < last:
            self._tail_start = self._end_position()      # a new turn: the previous one stays as rendered
        self._tail_index = last

        def replace() -> None:
            cursor = QTextCursor(self.transcript.document())
            cursor.setPosition(min(self._tail_start, self._end_position()))
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            insert_turn(cursor, self.turns[last], last, self.tokens)
        self._keep_bottom(replace)
        self.set_busy(self.turns[-1].status in ("waiting", "streaming"))

    def _end_position(self) -> int:
        return max(0, self.transcript.document().characterCount() - 1)

    def _keep_bottom(self, change: Any) -> None:
        follow = self._follow
        change()
        self._follow = follow
        if follow:
            bar = self.transcript.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _scrolled(self, value: int) -> None:
        """Scrolling up to read stops following the stream; scrolling back to the end resumes it."""
        self._follow = value >= self.transcript.verticalScrollBar().maximum() - 4

    def last_answer(self) -> str:
        return self.turns[-1].answer.strip() if self.turns else ""

    def copy_answer(self) -> None:
        QGuiApplication.clipboard().setText(self.last_answer())

    def _toggle_trace(self, shown: bool) -> None:
        self.trace.setVisible(shown)
        self.technical.setVisible(shown)
        self.trace_toggle.setText("How I answered ▾" if shown else "How I answered ▸")

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "offer":
            try:
                self.offer_accepted.emit(int(url.path()))
            except ValueError:
                pass
            return
        if url.scheme() != "cite":
            return
        try:
            turn_index, cite_index = (int(x) for x in url.path().split("/"))
            self.citation_clicked.emit(self.turns[turn_index].citations[cite_index])
        except (ValueError, IndexError):
            return
