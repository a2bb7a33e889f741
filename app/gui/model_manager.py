"""The model manager: the active, downloaded and catalog models with their fit for this computer; Download
(progress, speed, time left, Cancel; resumes), Use, Remove, and "Use a model file…" (also a .gguf dropped
on the window).

Every step runs as a controller job through the front door (Enclave.model_catalog, download_model,
use_model, remove_model), so the GUI thread only shows progress. Opened from Settings → Model and
Tools → Models…; `attach_model_status` puts the active model's name in the main window's status bar.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from agents.api import DownloadProgress, ModelCatalog, ModelFacts, ModelRow
from app.gui.controller import AppController
from app.gui.jobs import StreamJob

HEADERS = ("Model", "Size", "This computer", "Speed", "Status", "Licence")
STAGES = {"metadata": "Asking the repository for the file's checksum…", "verifying": "Verifying the SHA-256…",
          "checking": "Letting the engine run the model once…"}


def size_text(n: int) -> str:
    """Decimal units, as the publishers give model sizes."""
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def progress_text(event: DownloadProgress) -> str:
    left = f" · {event.seconds_left / 60:.0f} min left" if event.seconds_left and event.seconds_left >= 60 else \
        f" · {event.seconds_left:.0f} s left" if event.seconds_left else ""
    return (f"{event.done_bytes / 2**20:,.0f} of {event.total_bytes / 2**20:,.0f} MiB · "
            f"{event.bytes_per_s / 2**20:.1f} MiB/s{left}")


def status_text(row: ModelRow) -> str:
    marks = ["active" if row.active else "downloaded" if row.downloaded else "",
             "★ recommended" if row.recommended else ""]
    return " · ".join(m for m in marks if m)


class ModelManagerDialog(QDialog):
    model_changed = Signal(str, str)     # (the model_path setting now saved, the model's display name)

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelManager")
        self.setWindowTitle("Models")
        self.resize(900, 520)
        self.controller = controller
        self.catalog: ModelCatalog | None = None
        self.download_job: StreamJob | None = None
        self.confirm = self._ask          # tests replace it: (question) -> bool
        layout = QVBoxLayout(self)
        self.machine = QLabel("Looking at this computer…")
        self.machine.setObjectName("machineFacts")
        self.machine.setWordWrap(True)
        layout.addWidget(self.machine)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Models")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.detail = QLabel("")
        self.detail.setObjectName("modelDetail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Download progress")
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("downloadProgress")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_label)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.download_button = self._button(buttons, "Download", self.download)
        self.cancel_button = self._button(buttons, "Cancel download", self.cancel_download)
        self.use_button = self._button(buttons, "Use", self.use_selected)
        self.remove_button = self._button(buttons, "Remove", self.remove_selected)
        buttons.addStretch(1)
        self._button(buttons, "Use a model file…", self._pick_file)
        self._button(buttons, "Close", self.reject)
        layout.addLayout(buttons)
        self.message = QLabel("")
        self.message.setObjectName("modelMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._selection_changed()

    def _button(self, row: QHBoxLayout, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # -- the list ------------------------------------------------------------------------------
    def refresh(self) -> StreamJob:
        """Read the models and the machine on a worker (the first time also times the built-in model)."""
        job = self.controller.job("reading the model catalog", lambda enclave, flag: [enclave.model_catalog()])
        job.item.connect(self._fill)
        return self.controller.start(job)

    def _fill(self, catalog: ModelCatalog) -> None:
        selected = self.selected_row()
        self.catalog = catalog
        m = catalog.machine
        self.machine.setText(f"This computer: {size_text(m.free_ram)} memory free, {size_text(m.free_disk)} disk "
                             f"free, {m.cores} cores; the built-in model writes {m.reference_tps:.0f} tokens/s "
                             f"({'measured here' if m.measured else 'assumed'}). No GPU is used.")
        self.table.setRowCount(len(catalog.rows))
        for index, row in enumerate(catalog.rows):
            e, fit = row.entry, row.fit
            cells = (row.display_name, size_text(e.size_bytes if e else row.size_bytes), fit.verdict if fit else "",
                     f"~{fit.tokens_per_s:.1f} tokens/s" if fit else "", status_text(row), e.licence if e else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.name)
                item.setToolTip(self._describe(row))
                self.table.setItem(index, col, item)
        self.table.resizeColumnsToContents()
        names = [r.name for r in catalog.rows]
        self.select(selected.name if selected and selected.name in names else
                    next((r.name for r in catalog.rows if r.recommended), names[0] if names else ""))
        if catalog.problems:
            self.show_message(" ".join(catalog.problems), error=True)

    @staticmethod
    def _describe(row: ModelRow) -> str:
        e, fit = row.entry, row.fit
        if e is None:
            return row.path
        terms = " You accept its licence before downloading." if e.accept_terms else ""
        reason = f" {fit.verdict.capitalize()}: {fit.reason}." if fit else ""
        return (f"{e.good_for}. {e.parameters / 1e9:.2f}B parameters, {size_text(e.ram_bytes)} of memory, "
                f"context {e.context_length:,} tokens. {e.licence}.{terms}{reason} From {e.repo}.")

    def select(self, name: str) -> None:
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(Qt.ItemDataRole.UserRole) == name:
                self.table.selectRow(index)
                return

    def selected_row(self) -> ModelRow | None:
        items = self.table.selectedItems()
        if not items or self.catalog is None:
            return None
        return self.catalog.find(str(items[0].data(Qt.ItemDataRole.UserRole)))

    def _selection_changed(self) -> None:
        row = self.selected_row()
        busy = self.download_job is not None
        self.detail.setText(self._describe(row) if row else "")
        self.download_button.setEnabled(bool(row and row.entry and not row.downloaded) and not busy)
        self.use_button.setEnabled(bool(row and row.downloaded and not row.active))
        self.remove_button.setEnabled(bool(row and row.downloaded and not row.active and row.kind != "embedded"))
        self.cancel_button.setEnabled(busy)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828" if error else "")

    # -- actions ---------------------------------------------------------------------------------
    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Models", question)
        return answer == QMessageBox.StandardButton.Yes

    def download(self) -> StreamJob | None:
        row = self.selected_row()
        if row is None or row.entry is None:
            return None
        e, fit = row.entry, row.fit
        if fit is not None and fit.verdict != "fits" and not self.confirm(
                f"{row.display_name} is {fit.verdict} for this computer ({fit.reason}). Download it anyway?"):
            return None
        if e.accept_terms and not self.confirm(f"{row.display_name} is under the {e.licence}. Read it on {e.page}. "
                                               "Do you accept its terms?"):
            return None
        name, accepted = row.name, e.accept_terms
        job = self.controller.job(f"downloading {row.display_name}", lambda enclave, flag: enclave.download_model(
            name, cancel=flag.token(), accept_licence=accepted), urgent=True)
        job.item.connect(self._on_progress)
        job.succeeded.connect(lambda: self._download_ended(f"{row.display_name} is downloaded and verified. "
                                                           "Press Use to switch to it."))
        job.cancelled_signal.connect(lambda: self._download_ended("Download cancelled; what was received is "
                                                                  "kept, Download resumes it."))
        job.failed.connect(lambda info: self._download_ended(f"Download failed: {info.message}", error=True))
        self.download_job = job
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.show_message(f"Downloading {row.display_name} from {e.repo}…")
        self._selection_changed()
        return self.controller.start(job)

    def _on_progress(self, event: DownloadProgress) -> None:
        if event.stage == "downloading" and event.total_bytes:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(event.fraction * 1000))
            self.progress_label.setText(progress_text(event))
        elif event.stage in STAGES:
            self.progress_label.setText(STAGES[event.stage])

    def _download_ended(self, text: str, *, error: bool = False) -> None:
        self.download_job = None
        self.progress.setVisible(False)
        self.progress_label.setText("")
        self.show_message(text, error=error)
        self.refresh()
        self._selection_changed()

    def cancel_download(self) -> None:
        if self.download_job is not None:
            self.download_job.cancel()

    def use_selected(self) -> StreamJob | None:
        row = self.selected_row()
        return self.use(row.name if row.kind != "model file" else row.path) if row else None

    def use(self, target: str) -> StreamJob:
        """Switch to a model (name, "embedded", or a GGUF path: checked first), then load it in the background."""
        def work(enclave: Any, flag: Any) -> Any:
            facts = enclave.use_model(target)
            yield facts
            enclave.load_active_model()
            yield "loaded"
        job = self.controller.job("switching the model", work, urgent=True)
        job.item.connect(self._on_switch)
        job.failed.connect(lambda info: self.show_message(f"Not switched: {info.message}", error=True))
        self.show_message("Checking the model…")
        return self.controller.start(job)

    def _on_switch(self, item: ModelFacts | str) -> None:
        if isinstance(item, ModelFacts):
            self.show_message(f"Switching to {item.name}; loading it…")
            self.model_changed.emit(item.path if item.origin == "settings" else "", item.name)
            self.refresh()
        else:
            self.show_message("The new model is loaded and answers from now on.")

    def remove_selected(self) -> StreamJob | None:
        row = self.selected_row()
        if row is None or not self.confirm(f"Delete {row.display_name} ({size_text(row.size_bytes)}) from this "
                                           "computer?"):
            return None
        name = row.name
        job = self.controller.job("removing a model", lambda enclave, flag: [enclave.remove_model(name)])
        job.succeeded.connect(lambda: (self.show_message(f"{row.display_name} was removed."), self.refresh()))
        job.failed.connect(lambda info: self.show_message(f"Not removed: {info.message}", error=True))
        return self.controller.start(job)

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Use a model file", str(Path.home()), "GGUF models (*.gguf)")
        if path:
            self.use(path)

    def done(self, result: int) -> None:  # noqa: D401 - Qt override: closing stops a download (it resumes later)
        self.cancel_download()
        super().done(result)


def attach_model_status(window: QMainWindow, controller: AppController) -> QLabel:
    """A permanent label in the status bar naming the active model (read off the GUI thread)."""
    label = QLabel("")
    label.setObjectName("activeModel")
    label.setAccessibleName("Active model")
    window.statusBar().addPermanentWidget(label)

    def refresh(_enclave: Any = None) -> None:
        job = controller.job("reading the model's name", lambda enclave, flag: [enclave.model_facts().name])
        job.item.connect(lambda name: label.setText(f"Model: {name}"))
        controller.start(job)
    controller.enclave_ready.connect(refresh)
    label.refresh = refresh     # type: ignore[attr-defined]  # the manager calls it after a switch
    return label
