"""Cloud consent: the worker asks, the GUI thread shows exactly what would leave, the user decides.

The orchestrator calls the consent callback on its worker thread and needs a
yes/no before it may send anything. `ConsentBroker.ask` marshals the request to
the GUI thread (a queued signal), blocks the worker until the user answers, and
answers "no" when the run is cancelled or the app quits.
"""
from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)


class _Pending:
    def __init__(self, request: Any) -> None:
        self.request = request
        self.answer = False
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

    def callback(self, cancel: Any = None) -> Callable[[Any], bool]:
        return lambda request: self.ask(request, cancel)

    def ask(self, request: Any, cancel: Any = None) -> bool:
        """Called on a worker thread; returns only once the user has answered."""
        if self._closing:
            return False
        if QThread.currentThread() is self.thread():
            return bool(self._decide(request))
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
            pending.answer = bool(self._decide(pending.request))
        finally:
            pending.done.set()

    def _ask_with_dialog(self, request: Any) -> bool:
        from agents.api import CloudOffer
        if isinstance(request, CloudOffer):     # "ask first": before answering locally
            return ask_about_offer(request, self._parent_widget)
        dialog = ConsentDialog(request, self._parent_widget)
        self.last_dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted


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


class ConsentDialog(QDialog):
    """Shows the endpoint and the exact bytes; Send or Don't send."""

    def __init__(self, request: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send to the cloud?")
        self.setObjectName("consentDialog")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel(
            f"Enclave would send the text below to <b>{html.escape(request.endpoint)}</b> "
            f"(model <b>{html.escape(request.model or 'default')}</b>). Highlighted words are placeholders "
            "for private details that stay on this computer. Nothing is sent unless you press Send.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        tabs = QTabWidget()
        self.sketch_view = QTextBrowser()
        self.sketch_view.setAccessibleName("Text that would be sent")
        self.sketch_view.setHtml(highlight_placeholders(request.sketch, tuple(request.placeholders)))
        tabs.addTab(self.sketch_view, "Text")
        self.body_view = QTextBrowser()
        self.body_view.setAccessibleName("Exact request body")
        body = request.body.decode("utf-8", errors="replace") if isinstance(request.body, bytes) else str(request.body)
        self.body_view.setHtml(highlight_placeholders(body, tuple(request.placeholders)))
        tabs.addTab(self.body_view, f"Exact request ({len(request.body):,} bytes)")
        layout.addWidget(tabs)
        buttons = QDialogButtonBox()
        self.send_button = QPushButton("Send")
        self.deny_button = QPushButton("Don't send")
        self.send_button.setAccessibleName("Send to the cloud")
        self.deny_button.setAccessibleName("Do not send")
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.deny_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.send_button.setAutoDefault(False)     # Enter must never send: sending takes a deliberate click
        self.deny_button.setDefault(True)
        self.deny_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
