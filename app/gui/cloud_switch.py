"""The "Ask the cloud" switch: says its state in words, and leads to Settings when the cloud is not set up.

Why: a checkable button that looks like any other button hid whether it was on, and a
GUI user was told to run `enclave cloud set-endpoint` in a terminal. The switch reads
"Ask the cloud: off/on"; with no endpoint it opens Settings at the cloud section instead of
turning on; the core's CLI wording about the cloud is said the GUI's way.
"""
from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

ON_TIP = ("On: your next question goes to the cloud model as a redacted sketch. You see the exact text and "
          "decide before anything is sent. It turns itself off after that question.")
OFF_TIP = "Off: everything is answered on this computer. Turn on to ask the cloud model about your next question."
UNSET_TIP = "The cloud is not set up. Click to open Settings and add an endpoint (nothing is ever sent without you)."

_CLI_HINTS = (
    (re.compile(r"set an endpoint first with `enclave cloud set-endpoint[^`]*`"),
     "set it up in Settings → Cloud & privacy (click “Ask the cloud” to go there)"),
    (re.compile(r"store one with `enclave cloud set-key` \(OS keychain\) or set \$ENCLAVE_CLOUD_API_KEY for this session"),
     "store one in Settings → Cloud & privacy (it is kept in your system's keychain)"),
)


def plain_cloud_message(message: str) -> str:
    """The core's cloud messages name CLI commands; in the GUI they name the Settings section instead."""
    for pattern, words in _CLI_HINTS:
        message = pattern.sub(words, message)
    return message[:1].upper() + message[1:]


class CloudSwitch(QPushButton):
    """Checkable; `setup_requested` when clicked while the cloud is not configured (then it stays off)."""

    setup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloudSwitch")
        self.setCheckable(True)
        self.setAccessibleName("Ask the cloud about the next question")
        self.setAccessibleDescription(OFF_TIP)
        self.configured = False
        self.toggled.connect(lambda _on: self._show())
        self._show()

    def set_configured(self, configured: bool) -> None:
        self.configured = configured
        if not configured:
            self.setChecked(False)
        self._show()

    def nextCheckState(self) -> None:  # noqa: N802 - Qt override: what a click does
        if not self.configured and not self.isChecked():
            self.setup_requested.emit()
            return
        super().nextCheckState()

    def _show(self) -> None:
        on = self.isChecked()
        self.setText(f"Ask the cloud: {'on' if on else 'off'}" + ("" if self.configured else " (not set up)"))
        self.setToolTip(ON_TIP if on else OFF_TIP if self.configured else UNSET_TIP)
        self.setAccessibleDescription(self.toolTip())
