"""The cloud ledger viewer: everything Enclave ever sent, read from the audit ledger file.

The ledger is a JSON-lines file written by the privacy gateway; this viewer reads
it defensively (unknown keys shown as they are, a broken line reported, not fatal).
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QSplitter, QTableWidget, QTableWidgetItem,
                               QTextBrowser, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt


def read_ledger(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Entries (oldest first) and problems (one per unreadable line)."""
    if not path.exists():
        return [], []
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"line {number} is not valid JSON")
            continue
        entries.append(value if isinstance(value, dict) else {"entry": value})
    return entries, problems


def _when(entry: dict[str, Any]) -> str:
    raw = entry.get("time", entry.get("timestamp", entry.get("ts", "")))
    if isinstance(raw, int | float):
        return datetime.fromtimestamp(raw).strftime("%Y-%m-%d %H:%M:%S")
    return str(raw)


def _payload(entry: dict[str, Any]) -> str:
    for key in ("payload", "body", "sent", "request"):
        if key in entry:
            value = entry[key]
            return value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return json.dumps(entry, indent=2, ensure_ascii=False)


class LedgerDialog(QDialog):
    def __init__(self, ledger_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cloud ledger — everything sent")
        self.setObjectName("ledgerDialog")
        self.resize(820, 520)
        entries, problems = read_ledger(ledger_file)
        self.entries = list(reversed(entries))   # newest first
        layout = QVBoxLayout(self)
        summary = (f"{len(entries)} request(s) have left this computer." if entries
                   else "Nothing has ever been sent to a cloud model.")
        if problems:
            summary += " " + "; ".join(problems)
        self.summary = QLabel(f"{summary}  Ledger file: {ledger_file}")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(len(self.entries), 3)
        self.table.setAccessibleName("Sent requests")
        self.table.setHorizontalHeaderLabels(["Time", "Endpoint", "Outcome"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, entry in enumerate(self.entries):
            for col, text in enumerate((_when(entry), str(entry.get("endpoint", "")),
                                        str(entry.get("outcome", entry.get("status", ""))))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.payload = QTextBrowser()
        self.payload.setAccessibleName("Exact payload sent")
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
            self.payload.setPlainText(_payload(self.entries[row]))
