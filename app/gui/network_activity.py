"""Tools → Network activity: every connection Enclave made — model downloads and cloud requests — with host,
what, size, time and result (the same list as `enclave network`)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from agents.api import NetworkRecord

HEADERS = ("Time (UTC)", "Kind", "Host", "What", "Size", "Seconds", "Result")
ABOUT = ("Enclave connects to nothing by itself. The only connections are the model downloads you start and, "
         "if you set up the cloud, the requests you approve.")


class NetworkActivityDialog(QDialog):
    def __init__(self, records: list[NetworkRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkActivity")
        self.setWindowTitle("Network activity")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        count = len(records)
        summary = "No connections so far." if not count else f"{count} connection{'s' if count != 1 else ''}."
        self.summary = QLabel(f"{summary} {ABOUT}")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(count, len(HEADERS))
        self.table.setAccessibleName("Connections")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, r in enumerate(reversed(records)):          # newest first
            cells = (r.time, r.kind, r.host, r.what, f"{r.size_bytes / 2**20:,.1f} MiB", f"{r.seconds:.1f}", r.result)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
