"""Asking about one document: the library's "Ask about this document" and the scope chip above the input.

The chip shows what questions are limited to ("Only in: budget.xlsx") with an ✕ that clears it.
While it is set, every question goes to the core hard-scoped to those paths (Services.ask(scope=...)
-> Enclave.ask(scope=...) -> Core.orchestrator(scope) -> rag.scope, the same path as `enclave ask --in PATH`): nothing
outside them is retrieved. It stays until cleared, so follow-up questions keep the scope.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget


class ScopeChip(QFrame):
    """A removable chip naming the documents questions are limited to; hidden when there are none."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scopeChip")
        self.setAccessibleName("Question scope")
        self.setStyleSheet("QFrame#scopeChip { border: 1px solid palette(mid); border-radius: 10px; }")
        self._paths: list[str] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 1, 2, 1)
        self.label = QLabel("")
        self.label.setObjectName("scopeChipLabel")
        self.clear_button = QToolButton()
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setAccessibleName("Ask about all documents again")
        self.clear_button.setAccessibleDescription("Questions are no longer limited to this document")
        self.clear_button.setToolTip("Ask about all documents again")
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.label, 1)
        row.addWidget(self.clear_button)
        self.setVisible(False)

    @property
    def paths(self) -> list[str]:
        return list(self._paths)

    def set_scope(self, paths: list[str]) -> None:
        self._paths = [str(p) for p in paths]
        names = [Path(p).name for p in self._paths]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        self.label.setText(f"Only in: {shown}")
        self.setToolTip("Questions are answered only from:\n" + "\n".join(self._paths))
        self.setVisible(bool(self._paths))
        self.changed.emit(self.paths)

    def clear(self) -> None:
        self.set_scope([])


def document_menu(window: Any, paths: list[str]) -> QMenu:
    """The library's context menu for the selected documents."""
    menu = QMenu(window.library.table)
    ask = menu.addAction("Ask about this document" if len(paths) == 1 else f"Ask about these {len(paths)} documents")
    ask.triggered.connect(lambda: ask_about(window, paths))
    menu.addSeparator()
    menu.addAction("Re-index", lambda: window.indexer.reindex(paths))
    menu.addAction("Remove from the library", lambda: window.indexer.forget(paths))
    return menu


def ask_about(window: Any, paths: list[str]) -> None:
    window.scope_chip.set_scope(paths)
    window.chat.focus_input()


def attach_scope(window: Any) -> ScopeChip:
    """Put the chip above the chat input, give the library its context menu, and scope the session's questions."""
    chip = ScopeChip(window.chat)
    layout = window.chat.layout()
    layout.insertWidget(max(0, layout.indexOf(window.chat.input)), chip)
    window.session.scope = lambda: chip.paths
    table = window.library.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(position: QPoint) -> None:
        paths = window.library.selected_paths()
        if paths:
            document_menu(window, paths).exec(table.viewport().mapToGlobal(position))
    table.customContextMenuRequested.connect(show_menu)
    return chip
