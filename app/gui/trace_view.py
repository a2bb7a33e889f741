"""The expandable "How I answered" view: route, plan, experts, tools, retrieval, cloud."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from agents.api import describe


def describe_event(event: Any) -> tuple[str, str] | None:
    """(kind, text) for one agent event (agents.api.describe, the CLI's words too), or None (tokens)."""
    line = describe(event)
    return (line.kind, line.text) if line is not None else None


class TraceView(QTreeWidget):
    """One row per agent step; kept short so it reads at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("traceView")
        self.setAccessibleName("How I answered")
        self.setColumnCount(2)
        self.setHeaderLabels(["Step", "Detail"])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setColumnWidth(0, 110)

    def add_event(self, event: Any) -> None:
        row = describe_event(event)
        if row is not None:
            item = QTreeWidgetItem(list(row))
            item.setToolTip(1, row[1])
            self.addTopLevelItem(item)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.topLevelItem(i).text(0), self.topLevelItem(i).text(1)) for i in range(self.topLevelItemCount())]
