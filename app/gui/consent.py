"""Cloud consent: the worker asks, the GUI thread shows exactly what would leave, the user decides.

The orchestrator calls the consent callback on its worker thread and needs an
answer before it may send anything: yes, no, or the user's edited text (which the
core re-checks with the same detector and shows again before anything leaves).
`ConsentBroker.ask` marshals the request to the GUI thread (a queued signal), blocks
the worker until the user answers, and answers "no" when the run is cancelled or the
app quits. The dialog shows what was replaced and why, and warns when the redacted
text no longer says what the user wants.
"""
from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)

from app.gui.a11y import describe


class _Pending:
    def __init__(self, request: Any) -> None:
        self.request = request
        self.answer: Any = False          # True, False, or an EditedSketch (send my text after a re-check)
        self.done = threading.Event()


class ConsentBroker(QObject):
    """Thread-safe consent callback for Orchestrator.run(consent=...)."""

    requested = Signal(_Pending)        # delivered on the GUI thread

    def __init__(self, parent_widget: QWidget | None = None,
                 decide: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._decide = decide or self._ask_with_dialog     # tests swap in a scripted decision
        self._closing = False
        self.requested.connect(self._on_requested)
        self.last_dialog: ConsentDialog | None = None

    def callback(self, cancel: Any = None) -> Callable[[Any], Any]:
        return lambda request: self.ask(request, cancel)

    def ask(self, request: Any, cancel: Any = None) -> Any:
        """Called on a worker thread; returns only once the user has answered (True, False or an EditedSketch)."""
        if self._closing:
            return False
        if QThread.currentThread() is self.thread():
            return _answer(self._decide(request))
        pending = _Pending(request)
        self.requested.emit(pending)
        while not pending.done.wait(0.1):
            if self._closing or (cancel is not None and getattr(cancel, "cancelled", False)):
                return False
        return pending.answer

    def shutdown(self) -> None:
        self._closing = True

    def _on_requested(self, pending: _Pending) -> None:
        try:
            pending.answer = _answer(self._decide(pending.request))
        finally:
            pending.done.set()

    def _ask_with_dialog(self, request: Any) -> Any:
        from agents.api import CloudOffer
        if isinstance(request, CloudOffer):     # "ask first": before answering locally
            return ask_about_offer(request, self._parent_widget)
        dialog = ConsentDialog(request, self._parent_widget)
        self.last_dialog = dialog
        return dialog.decision() if dialog.exec() == QDialog.DialogCode.Accepted else False


def _answer(decision: Any) -> Any:
    """An edit passes through as it is; anything else is a plain yes or no."""
    from agents.api import EditedSketch
    return decision if isinstance(decision, EditedSketch) else bool(decision)


def ask_about_offer(offer: Any, parent: QWidget | None) -> bool:
    """Yes/No before answering locally; No is the default, and Yes still leads to the consent dialog."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Ask the cloud?",
                      f"{offer.reason}\n\nAsk the cloud with a redacted sketch instead of answering locally? "
                      "You will see the exact text before anything is sent.",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("cloudOfferBox")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def highlight_placeholders(text: str, placeholders: tuple[str, ...]) -> str:
    """HTML of `text` with every placeholder marked, so the user sees what was redacted."""
    escaped = html.escape(text)
    names = sorted({p for p in placeholders if p}, key=len, reverse=True)
    if names:
        pattern = re.compile("|".join(re.escape(html.escape(p)) for p in names))
        escaped = pattern.sub(lambda m: f'<span style="background-color:#ffd54f;color:#000;'
                                        f'font-weight:bold">{m.group(0)}</span>', escaped)
    return f'<pre style="white-space:pre-wrap">{escaped}</pre>'


def replacements_html(replacements: tuple[Any, ...]) -> str:
    """A table of what was replaced, by what, and why (the private values are shown here only, locally)."""
    rows = "".join(f"<tr><td>{html.escape(r.value)}</td><td><b>{html.escape(r.shown)}</b></td>"
                   f"<td>{html.escape(r.reason)}</td></tr>" for r in replacements)
    if not rows:
        return "<p>Nothing was replaced: no private details were found.</p>"
    return ("<table cellpadding='4'><tr><th align='left'>Your text</th><th align='left'>Sent as</th>"
            f"<th align='left'>Why</th></tr>{rows}</table>")


class ConsentDialog(QDialog):
    """Shows the endpoint, the exact bytes and what was replaced; Send, Don't send, or edit the text first."""

    def __init__(self, request: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.setWindowTitle("Send to the cloud?")
        self.setObjectName("consentDialog")
        self.resize(680, 560)
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel(
            f"Enclave would send the text below to <b>{html.escape(request.endpoint)}</b> "
            f"(model <b>{html.escape(request.model or 'default')}</b>). Highlighted words stand for private "
            "details that stay on this computer. Nothing is sent unless you press Send.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.task_warning = self._note(getattr(request, "task_note", ""), "taskWarning", "#b71c1c", layout)
        self.edit_note = self._note(getattr(request, "edit_note", ""), "editNote", "#1b5e20", layout)
        self.tabs = tabs = QTabWidget()
        describe(tabs, "Views of the request", "The text, what was replaced, and the exact request body")
        describe(tabs.tabBar(), "Views of the request", "Switch between the text, what was replaced, and the exact "
                 "request body with the arrow keys")
        self.sketch_view = QTextBrowser()
        describe(self.sketch_view, "Text that would be sent",
                 "The text the cloud model would receive; highlighted placeholders stand for private details")
        self.sketch_view.setHtml(highlight_placeholders(request.sketch, tuple(request.placeholders)))
        self.editor = QPlainTextEdit(request.sketch)
        self.editor.setObjectName("sketchEditor")
        describe(self.editor, "Edit the text to send",
                 "Your changes are checked for private details again and shown to you before anything is sent")
        self.editor.hide()
        self.editing = False
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.sketch_view)
        text_layout.addWidget(self.editor)
        tabs.addTab(text_page, "Text")
        self.replaced_view = QTextBrowser()
        describe(self.replaced_view, "What was replaced and why",
                 "Each private detail, what is sent in its place, and why it was replaced")
        self.replaced_view.setHtml(replacements_html(tuple(getattr(request, "replacements", ()))))
        tabs.addTab(self.replaced_view, f"Replaced ({len(getattr(request, 'replacements', ())):,})")
        self.body_view = QTextBrowser()
        describe(self.body_view, "Exact request body", "The exact bytes that would be sent, as JSON")
        body = request.body.decode("utf-8", errors="replace") if isinstance(request.body, bytes) else str(request.body)
        self.body_view.setHtml(highlight_placeholders(body, tuple(request.placeholders)))
        tabs.addTab(self.body_view, f"Exact request ({len(request.body):,} bytes)")
        layout.addWidget(tabs)
        buttons = QDialogButtonBox()
        self.edit_button = QPushButton("Edit text…")
        describe(self.edit_button, "Edit the text before sending", "Change the text yourself; it is checked again")
        self.edit_button.clicked.connect(self.start_editing)
        self.send_button = QPushButton("Send")
        self.deny_button = QPushButton("Don't send")
        describe(self.send_button, "Send to the cloud", "Send exactly the text shown to the cloud model, once")
        describe(self.deny_button, "Do not send", "Nothing leaves this computer; Enter chooses this")
        buttons.addButton(self.edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.deny_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.edit_button.setAutoDefault(False)
        self.send_button.setAutoDefault(False)     # Enter must never send: sending takes a deliberate click
        self.deny_button.setDefault(True)
        self.deny_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if getattr(request, "task_note", ""):      # the text lost the task: editing is the better way on
            self.edit_button.setText("Edit text… (recommended)")

    def _note(self, text: str, name: str, colour: str, layout: QVBoxLayout) -> QLabel:
        label = QLabel(html.escape(text))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {colour}; font-weight: bold")
        label.setVisible(bool(text))
        layout.addWidget(label)
        return label

    def start_editing(self) -> None:
        """Swap the highlighted view for an editor; Send then means: check my text and show it again."""
        self.editing = True
        self.sketch_view.hide()
        self.editor.show()
        self.tabs.setCurrentIndex(0)
        self.editor.setFocus()
        self.edit_button.setEnabled(False)
        self.send_button.setText("Check edited text")
        describe(self.send_button, "Check the edited text for private details, then review it",
                 "Nothing is sent yet: the edit is checked and shown to you again")

    def edited_text(self) -> str | None:
        """The user's text when it differs from what was proposed, else None."""
        text = self.editor.toPlainText().strip()
        return text if self.editing and text != self.request.sketch.strip() else None

    def decision(self) -> Any:
        """After Send: True (send the proposed bytes) or an EditedSketch to re-check and show again."""
        from agents.api import EditedSketch
        edited = self.edited_text()
        return EditedSketch(edited) if edited is not None else True
