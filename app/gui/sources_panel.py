"""The sources of the current answer: file + page, a short snippet, click to open at that page."""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from agents.api import Citation
from app.gui.a11y import describe

SNIPPET_CHARS = 220


_MARKUP = re.compile(r"(?:(?<=\s)|^)#{1,6}\s+|\*\*|__|`")


_LIST_MARK = re.compile(r"(?:(?<=\s)|^)(?:[-*+]|\d{1,2}[.)])\s+")


def short_snippet(text: str, limit: int = SNIPPET_CHARS, markdown: bool = False) -> str:
    """One line of plain text: Markdown headings, bold and code marks are dropped ("# Lease ## Terms" reads "Lease Terms");
    from a Markdown file, list marks read as bullets ("- Rent" reads "• Rent")."""
    flat = _MARKUP.sub("", " ".join(text.split()))
    if markdown:
        flat = _LIST_MARK.sub("• ", flat)
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


class SourcesPanel(QWidget):
    """Lists Citation objects; `open_requested(path, page)` when one is activated."""

    open_requested = Signal(str, object)
    preview_requested = Signal(Citation)   # the one clicked: shown in the in-app preview

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.hint = QLabel("Sources of the answer appear here. Click one to see the cited passage highlighted on its page.")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.list = QListWidget()
        self.list.setObjectName("sourcesList")
        describe(self.list, "Sources of the answer",
                 "Each source is a file and page with the quoted text; Enter shows the page with the quote marked")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)      # re-wrap on resize: no sideways scrolling
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list)
        self._citations: list[Any] = []

    def set_citations(self, citations: list[Any] | tuple[Any, ...]) -> None:
        self.list.clear()
        self._citations = []
        for citation in citations:
            if any(c.label == citation.label and c.path == citation.path for c in self._citations):
                continue
            self._citations.append(citation)
            markdown = citation.path.lower().endswith((".md", ".markdown"))
            item = QListWidgetItem(f"{citation.label}\n{short_snippet(citation.snippet, markdown=markdown)}")
            item.setToolTip(citation.path)
            item.setData(Qt.ItemDataRole.UserRole, len(self._citations) - 1)
            self.list.addItem(item)

    def add_citation(self, citation: Any) -> None:
        self.set_citations([*self._citations, citation])

    @property
    def citations(self) -> list[Any]:
        return list(self._citations)

    def _activated(self, item: QListWidgetItem) -> None:
        self.preview_requested.emit(self._citations[item.data(Qt.ItemDataRole.UserRole)])
