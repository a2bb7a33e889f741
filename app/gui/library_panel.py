"""The library: add files/folders (dialog or drop), per-document status, progress with cancel, remove, re-index."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.gui.a11y import describe
from app.gui.chat_render import plural
from app.gui.documents import file_dialog_filter
from app.gui.drops import AcceptsFileDrops
from app.gui.index_status import progress_text
from app.gui.indexer import Indexer

STATUS_TEXT = {"pending": "Waiting", "indexing": "Indexing…", "indexed": "Indexed", "failed": "Failed"}


class LibraryPanel(AcceptsFileDrops, QWidget):
    watch_requested = Signal(str)

    def __init__(self, indexer: Indexer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indexer = indexer
        self._rows: dict[str, int] = {}      # document path -> table row
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton("Add files…")
        self.add_folder_button = QPushButton("Add folder…")
        self.watch_button = QPushButton("Watch folder…")
        for button, name, description in (
                (self.add_files_button, "Add files to the library", "Opens a file dialog; the files are indexed"),
                (self.add_folder_button, "Add a folder to the library", "Opens a folder dialog; its documents are indexed"),
                (self.watch_button, "Watch a folder for new documents", "New and changed files there are indexed")):
            describe(button, name, description)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.drop_hint = QLabel("Drop files or folders here to add them to your library.")
        self.drop_hint.setObjectName("dropZone")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("QLabel#dropZone { border: 2px dashed palette(mid); padding: 10px; }")
        layout.addWidget(self.drop_hint)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("documentTable")
        describe(self.table, "Documents in the library", "Each document with its status and details; select "
                 "rows to remove or re-index them")
        self.table.setHorizontalHeaderLabels(["Document", "Status", "Details"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)        # a failure reason is read in full, not cut at the column's edge
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove")
        self.reindex_button = QPushButton("Re-index")
        describe(self.remove_button, "Remove the selected documents from the index", "The files themselves stay")
        describe(self.reindex_button, "Index the selected documents again", "Reads them again from scratch")
        row.addWidget(self.remove_button)
        row.addWidget(self.reindex_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.current = QLabel("")
        self.current.setObjectName("indexCurrent")
        self.current.setWordWrap(True)
        layout.addWidget(self.current)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        describe(self.progress, "Indexing progress", "How many of the documents being added are done")
        self.cancel_button = QPushButton("Cancel")
        describe(self.cancel_button, "Cancel indexing", "Stops indexing; what is done stays in the library")
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        self.add_files_button.clicked.connect(self._pick_files)
        self.add_folder_button.clicked.connect(self._pick_folder)
        self.watch_button.clicked.connect(self._pick_watch)
        self.remove_button.clicked.connect(lambda: self.indexer.forget(self.selected_paths()))
        self.reindex_button.clicked.connect(lambda: self.indexer.reindex(self.selected_paths()))
        self.cancel_button.clicked.connect(self.indexer.cancel)
        indexer.progress.connect(self.show_progress)
        indexer.running_changed.connect(self._running)
        indexer.documents_changed.connect(self.show_documents)
        indexer.document_updated.connect(self.update_document)
        indexer.paused_changed.connect(self._paused)
        self._running(False)

    # -- adding ------------------------------------------------------------------------
    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add documents", str(Path.home()), file_dialog_filter())
        self.indexer.add(files)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder", str(Path.home()))
        if folder:
            self.indexer.add([folder])

    def _pick_watch(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder", str(Path.home()))
        if folder:
            self.watch_requested.emit(folder)

    def files_dropped(self, paths: list[Path]) -> None:
        self.indexer.add(paths)

    # -- showing --------------------------------------------------------------------------
    def selected_paths(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def show_documents(self, documents: list[Any]) -> None:
        self.table.setRowCount(0)
        self._rows.clear()
        for record in sorted(documents, key=lambda d: Path(d.path).name.lower()):
            self._fill(self.table.rowCount(), record)

    def update_document(self, record: Any) -> None:
        """Change one row in place, or append it (a big library is not redrawn per indexed document)."""
        self._fill(self._rows.get(record.path, self.table.rowCount()), record)

    def _fill(self, row: int, record: Any) -> None:
        if row >= self.table.rowCount():
            self.table.insertRow(row)
        name = QTableWidgetItem(Path(record.path).name)
        name.setData(Qt.ItemDataRole.UserRole, record.path)
        name.setToolTip(record.path)
        status = getattr(record.status, "value", str(record.status))
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(STATUS_TEXT.get(status, status)))
        details = QTableWidgetItem(_details(record, status))
        details.setToolTip(details.text())
        self.table.setItem(row, 2, details)
        self.table.resizeRowToContents(row)
        self._rows[record.path] = row

    def show_progress(self, progress: Any) -> None:
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.done)
        self.current.setText(progress_text(progress))

    def _running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if not running:
            self._paused(self.indexer.paused)

    def _paused(self, paused: bool) -> None:
        self.current.setText("Indexing paused (resume it from the tray menu)" if paused else "")

    def cell_text(self, row: int, column: int) -> str:
        return self.table.item(row, column).text()


def _details(record: Any, status: str) -> str:
    if status == "failed":
        return record.reason or "failed"
    if status == "indexed":
        when = datetime.fromtimestamp(record.indexed_at).strftime("%Y-%m-%d %H:%M") if record.indexed_at else ""
        pages = f"{plural(record.pages, 'page')}, " if record.pages else ""
        note = f" — {record.reason}" if record.reason else ""     # "searchable, embedding 40%", "page 3: no text found"
        return f"{pages}{plural(record.chunks, 'passage')} {when}".strip() + note
    return ""
