"""The expandable "How I answered" view: plain steps first, the exact trace under "Technical details"."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from agents.api import describe
from app.gui.a11y import describe as describe_widget
from app.gui.plain_trace import plain_step


def describe_event(event: Any) -> tuple[str, str] | None:
    """(kind, text) for one agent event (agents.api.describe, the CLI's words too), or None (tokens)."""
    line = describe(event)
    return (line.kind, line.text) if line is not None else None


class TraceView(QTreeWidget):
    """One row per agent step; kept short so it reads at a glance. Each row holds its plain and its exact line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("traceView")
        describe_widget(self, "How I answered", "The steps behind the last answer: where it looked and what it read")
        self.setColumnCount(2)
        self.setHeaderLabels(["Step", "What happened"])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setColumnWidth(0, 130)          # "Where I looked" in full
        self.technical = False
        self._rows: list[tuple[tuple[str, str] | None, tuple[str, str]]] = []    # (plain, exact)

    def add_event(self, event: Any) -> None:
        exact = describe_event(event)
        if exact is None:
            return
        self._rows.append((plain_step(event), exact))
        self._add_item(*self._rows[-1])

    def _add_item(self, plain: tuple[str, str] | None, exact: tuple[str, str]) -> None:
        shown = exact if self.technical else plain
        if shown is None:
            return
        item = QTreeWidgetItem(list(shown))
        item.setToolTip(1, shown[1])
        self.addTopLevelItem(item)

    def set_technical(self, technical: bool) -> None:
        """Show the exact trace (scores, tool arguments) instead of the plain steps."""
        self.technical = technical
        super().clear()
        for plain, exact in self._rows:
            self._add_item(plain, exact)

    def clear(self) -> None:
        self._rows = []
        super().clear()

    def rows(self) -> list[tuple[str, str]]:
        """The exact trace (as `enclave ask --trace` words it), whichever view is shown."""
        return [exact for _plain, exact in self._rows]

    def shown_rows(self) -> list[tuple[str, str]]:
        """What the user sees now."""
        return [(self.topLevelItem(i).text(0), self.topLevelItem(i).text(1)) for i in range(self.topLevelItemCount())]
