"""The cloud ledger viewer: everything Enclave ever sent, exactly as the privacy gateway's audit ledger holds it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)


class LedgerDialog(QDialog):
    """`entries`: every outbound request merged with its outcome (Enclave.ledger_entries()), oldest first."""

    def __init__(self, entries: list[Any], ledger_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cloud ledger — everything sent")
        self.setObjectName("ledgerDialog")
        self.resize(860, 540)
        self.entries = list(reversed(entries))   # newest first
        layout = QVBoxLayout(self)
        count = len(self.entries)
        summary = ("Nothing has ever been sent to a cloud model." if not count else
                   "1 request has left this computer." if count == 1 else f"{count} requests have left this computer.")
        self.summary = QLabel(f"{summary}  Ledger file: {ledger_file}")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        headers = ["Time (UTC)", "Endpoint", "Model", "Bytes sent", "Outcome"]
        self.table = QTableWidget(len(self.entries), len(headers))
        self.table.setAccessibleName("Sent requests")
        self.table.setAccessibleDescription("Every request sent to the cloud: time, endpoint, model, size, outcome")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(self.entries):
            cells = (entry.time, entry.endpoint, entry.model, f"{entry.request_bytes:,}", entry.outcome)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(str(text)))
        self.payload = QTextBrowser()
        self.payload.setAccessibleName("Exact payload sent")
        self.payload.setAccessibleDescription("The exact bytes of the selected request")
        split.addWidget(self.table)
        split.addWidget(self.payload)
        layout.addWidget(split)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        if self.entries:
            self.table.selectRow(0)
            self._show(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.payload.setPlainText(self.entries[row].payload)
