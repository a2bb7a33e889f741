"""The GUI's one error channel: every exception becomes an ErrorInfo shown the same way.

User errors (the core's exceptions: subclasses of agents.api.UserError) become their
message; anything else is a bug: a short message, with the traceback available
as copyable details, never as the dialog's main text.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget


@dataclass(frozen=True)
class ErrorInfo:
    """An error as the user sees it."""

    message: str            # one or two sentences for people
    details: str = ""       # copyable (traceback for bugs, the raw error for user errors)
    is_bug: bool = False


def describe_exception(exc: BaseException, doing: str = "") -> ErrorInfo:
    """Turn an exception into an ErrorInfo through agents.api.user_message."""
    from agents.api import user_message

    try:
        message = user_message(exc)
    except Exception:  # noqa: BLE001 - the mapper itself must never take the app down
        message = None
    raw = f"{type(exc).__name__}: {exc}"
    engine_messages = getattr(exc, "diagnostics", "")
    if engine_messages:   # the model engine's own stderr: build and load messages, never chat text
        raw += "\n\nModel engine messages (most recent last):\n" + engine_messages
    if message is not None:
        return ErrorInfo(message=message, details=raw)
    what = f" while {doing}" if doing else ""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return ErrorInfo(message=f"Something went wrong{what}. This is a bug in Enclave; "
                             "the details below can be copied into a report.", details=details, is_bug=True)


class ErrorChannel(QObject):
    """Collects errors from jobs and widgets and shows them one at a time."""

    reported = Signal(ErrorInfo)

    def __init__(self, parent_widget: QWidget | None = None, *, show_dialogs: bool = True) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self.show_dialogs = show_dialogs
        self.history: list[ErrorInfo] = []
        self.reported.connect(self._show)

    def report(self, info: ErrorInfo | BaseException | str) -> None:
        if isinstance(info, BaseException):
            info = describe_exception(info)
        elif isinstance(info, str):
            info = ErrorInfo(message=info)
        self.reported.emit(info)

    def _show(self, info: ErrorInfo) -> None:
        self.history.append(info)
        if not self.show_dialogs:
            return
        box = error_box(info, self._parent_widget)
        box.open()


def error_box(info: ErrorInfo, parent: QWidget | None) -> QMessageBox:
    """A non-blocking message box; details (copyable) are behind "Show Details..."."""
    box = QMessageBox(QMessageBox.Icon.Critical if info.is_bug else QMessageBox.Icon.Warning,
                      "Enclave", info.message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    if info.details:
        box.setDetailedText(info.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box
