"""The main window: conversations | chat | sources and library, with menus, shortcuts and a status bar.

It lays widgets out and forwards user intent; the logic lives in ChatSession,
Indexer and the controller, so the window stays small (no god object).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QProgressBar, QSplitter, QTabWidget, QWidget)

from agents.api import LoadStage, data_folder
from app.gui.chat_panel import ChatPanel
from app.gui.chat_session import ChatSession
from app.gui.controller import AppController
from app.gui.conversation_list import ConversationList
from app.gui.documents import file_dialog_filter
from app.gui.drops import dropped_paths
from app.gui.first_run import FirstRun
from app.gui.indexer import Indexer
from app.gui.library_panel import LibraryPanel
from app.gui.preview_pane import PreviewPane
from app.gui.scope_chip import attach_scope
from app.gui.sources_panel import SourcesPanel
from app.gui.window_state import WindowState

SHORTCUTS = {"new_chat": "Ctrl+N", "focus_input": "Ctrl+L", "stop": "Escape", "quick_query": "Ctrl+Shift+Space",
             "settings": "Ctrl+,", "add_files": "Ctrl+O", "summarize": "Ctrl+Shift+S", "quit": "Ctrl+Q"}


class MainWindow(QMainWindow):
    summarize_requested = Signal(str)
    settings_requested = Signal()
    ledger_requested = Signal()
    models_requested = Signal()
    network_requested = Signal()
    model_file_dropped = Signal(str)       # a .gguf dropped on the window: use it as the model (checked first)
    quick_query_requested = Signal()
    quit_requested = Signal()
    hidden_to_tray = Signal()

    def __init__(self, controller: AppController, indexer: Indexer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Enclave")
        self.window_state = WindowState(data_folder())
        self.window_state.restore(self)
        self.setAcceptDrops(True)
        self.controller = controller
        self.indexer = indexer
        self.close_to_tray = False
        self.chat = ChatPanel()
        self.sources = SourcesPanel()
        self.library = LibraryPanel(indexer)
        self.conversations = ConversationList(controller)
        self.session = ChatSession(controller, self.chat, self.sources)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.sources, "Sources")
        self.side_tabs.addTab(self.library, "Library")
        self.preview = PreviewPane(controller)
        self.side_tabs.addTab(self.preview, "Preview")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conversations)
        split.addWidget(self.chat)
        split.addWidget(self.side_tabs)
        split.setSizes([220, 640, 420])
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)
        self.stage_label = QLabel("Starting…")
        self.stage_label.setObjectName("stageLabel")
        self.stage_label.setAccessibleName("Model status")
        self.stage_busy = QProgressBar()
        self.stage_busy.setRange(0, 0)
        self.stage_busy.setMaximumWidth(120)
        self.statusBar().addWidget(self.stage_label, 1)
        self.statusBar().addPermanentWidget(self.stage_busy)
        self._menus()
        self.conversations.new_requested.connect(self.session.new_conversation)
        self.conversations.opened.connect(self.session.open_conversation)
        self.conversations.deleted.connect(
            lambda cid: self.session.new_conversation() if cid == self.session.conversation_id else None)
        self.session.conversation_changed.connect(lambda _cid: self.conversations.refresh())
        self.chat.citation_clicked.connect(self.show_preview)
        self.sources.preview_requested.connect(self.show_preview)
        controller.stage.connect(self.show_stage)
        controller.enclave_ready.connect(lambda _s: (self.conversations.refresh(), self.indexer.refresh()))
        self.scope_chip = attach_scope(self)          # "Ask about this document" + the chip above the input
        self.first_run = FirstRun(self)

    def _action(self, menu: Any, text: str, key: str | None, slot: Any) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(SHORTCUTS[key]))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "Add files…", "add_files", self.library._pick_files)
        self._action(file_menu, "Add folder…", None, self.library._pick_folder)
        self._action(file_menu, "Summarize a file…", "summarize", self._pick_summarize)
        file_menu.addSeparator()
        self._action(file_menu, "Quit", "quit", self.quit_requested.emit)
        chat_menu = bar.addMenu("&Chat")
        self.new_chat_action = self._action(chat_menu, "New chat", "new_chat", self.session.new_conversation)
        self._action(chat_menu, "Focus the question box", "focus_input", self.chat.focus_input)
        self._action(chat_menu, "Stop answering", None, self.session.stop)
        self._action(chat_menu, "Regenerate", None, self.session.regenerate)
        self._action(chat_menu, "Copy answer", None, self.chat.copy_answer)
        self._action(chat_menu, "Quick query", "quick_query", self.quick_query_requested.emit)
        tools = bar.addMenu("&Tools")
        self._action(tools, "Settings…", "settings", self.settings_requested.emit)
        self._action(tools, "Cloud ledger (everything sent)…", None, self.ledger_requested.emit)
        self._action(tools, "Models…", None, self.models_requested.emit)
        self._action(tools, "Network activity…", None, self.network_requested.emit)

    def _pick_summarize(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Summarize a document", str(Path.home()), file_dialog_filter())
        if path:
            self.summarize_requested.emit(path)

    def show_stage(self, stage: LoadStage) -> None:
        self.stage_label.setText(stage.text)
        done = stage.ready
        self.stage_busy.setVisible(not done)

    def show_preview(self, citation: Any) -> None:
        """Show a cited source in the side pane, widened so a page is readable."""
        self.side_tabs.setCurrentWidget(self.preview)
        split = self.centralWidget()
        sizes = split.sizes()
        if sizes[2] < sum(sizes) * 0.4:
            wider, left = int(sum(sizes) * 0.42), max(sizes[0], 190)
            split.setSizes([left, sum(sizes) - left - wider, wider])
        self.preview.show_citation(citation)

    def bring_to_front(self) -> None:
        if self.isMinimized() or not self.isVisible():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
            self.show()      # keeps a maximized window maximized (showNormal would not)
        self.raise_()
        self.activateWindow()

    # -- drag and drop: files are summarized (and indexed), folders indexed ----------------
    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        folders = [p for p in paths if p.is_dir()]
        if folders:
            self.indexer.add(folders)
            self.side_tabs.setCurrentWidget(self.library)
        for path in paths:
            if path.is_file() and path.suffix.lower() == ".gguf":
                self.model_file_dropped.emit(str(path))
            elif path.is_file():
                self.summarize_requested.emit(str(path))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.window_state.save(self)
        if self.close_to_tray:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        event.accept()
        self.quit_requested.emit()
