"""The expandable "How I answered" view: route, plan, experts, tools, retrieval, cloud."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from app.gui.chat_render import plural


def describe_event(event: Any) -> tuple[str, str] | None:
    """(kind, text) for one agent event, or None for events the trace does not show (tokens)."""
    name = type(event).__name__
    if name == "RouteChosen":
        return "Route", f"{event.route.value} — {event.reason} (decided by {event.decided_by})"
    if name == "PlanMade":
        return "Plan", " → ".join(event.steps) or "(empty plan)"
    if name == "ExpertStarted":
        return "Expert", f"{event.expert}: {event.task}"
    if name == "ExpertFinished":
        return "Expert done", f"{event.expert}: {event.summary}"
    if name == "ToolCalled":
        args = ", ".join(f"{k}={v!r}" for k, v in event.arguments.items())
        return "Tool call", f"{event.name}({args})"
    if name == "ToolResult":
        return "Tool result", f"{event.name} {'ok' if event.ok else 'failed'}: {event.result[:200]}"
    if name == "RetrievalHits":
        labels = ", ".join(p.label for p in event.passages[:6]) or "nothing found"
        return "Retrieval", f"{plural(len(event.passages), 'passage')} for “{event.query}”: {labels}"
    if name == "CloudExchange":
        return "Cloud", f"{event.endpoint}: {'sent' if event.sent else 'not sent'} ({event.outcome})"
    if name == "ConsentRequest":
        return "Consent", f"asked before sending {len(event.body):,} bytes to {event.endpoint}"
    if name == "CloudOffer":
        return "Cloud offer", f"{'offered' if event.offered else 'not offered'} (hardness {event.score:.2f}): {event.reason}"
    if name == "ErrorEvent":
        return "Error", event.message
    return None


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
