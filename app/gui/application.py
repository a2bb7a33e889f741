"""`enclave` with no arguments: the desktop app.

Start-up order matters for the 2-second window target: Qt and the widgets only,
show the window, then load the core (model, library) on a worker thread.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from agents.api import Citation, Enclave, Settings, prepare_engine_launcher, read_settings

from app.gui.controller import AppController
from app.gui.documents import open_document
from app.gui.hotkey import GlobalHotkey
from app.gui.icons import app_icon
from app.gui.indexer import Indexer
from app.gui.ledger import LedgerDialog
from app.gui.main_window import MainWindow
from app.gui.model_manager import ModelManagerDialog, attach_model_status
from app.gui.network_activity import NetworkActivityDialog
from app.gui.platform_check import display_problem
from app.gui.quick_query import QuickQueryPopup
from app.gui.settings_dialog import SettingsDialog
from app.gui.single_instance import SingleInstance, notify_running_instance
from app.gui.summary_dialog import SummaryDialog
from app.gui.theme import Theme
from app.gui.tray import Tray


class EnclaveApp(QObject):
    """Builds the windows and wires them to one controller; owns nothing heavy itself."""

    def __init__(self, core_factory: Callable[[], Any] | None = None, *, show_error_dialogs: bool = True,
                 consent_decider: Callable[[Any], bool] | None = None) -> None:
        super().__init__()
        # Background jobs run at a lower priority; the model engine must not inherit it (answers are
        # what the user waits for), so it is always started from a thread made here, on the GUI thread.
        prepare_engine_launcher()
        self.controller = AppController(core_factory, None, show_error_dialogs=show_error_dialogs,
                                        consent_decider=consent_decider)
        self.theme = Theme(self.current_settings().theme)
        self.theme.apply()
        self.indexer = Indexer(self.controller)
        self.window = MainWindow(self.controller, self.indexer)
        self.window.setWindowIcon(app_icon())
        self.controller.errors._parent_widget = self.window
        self.controller.consent._parent_widget = self.window
        self.tray = Tray(app_icon(), self)
        self.popup = QuickQueryPopup(self.controller)
        self.dialogs: list[Any] = []
        self.hotkey = GlobalHotkey(parent=self)
        self.hotkey.pressed.connect(self.popup.popup)
        self.theme.changed.connect(self.window.chat.set_tokens)
        self.theme.changed.connect(self.popup.panel.set_tokens)
        self._wire()

    def _wire(self) -> None:
        w, c = self.window, self.controller
        w.sources.open_requested.connect(self.open_document)
        self.popup.sources.open_requested.connect(self.open_document)
        self.popup.sources.preview_requested.connect(self.preview_in_window)
        self.popup.panel.citation_clicked.connect(self.preview_in_window)
        w.preview.open_requested.connect(self.open_document)
        w.summarize_requested.connect(self.summarize)
        self.popup.file_dropped.connect(self.summarize)
        w.settings_requested.connect(self.open_settings)
        w.ledger_requested.connect(self.open_ledger)
        w.models_requested.connect(self.open_models)
        w.network_requested.connect(self.open_network)
        w.model_file_dropped.connect(lambda path: self.open_models().use(path))
        self.model_status = attach_model_status(w, c)
        w.quick_query_requested.connect(self.popup.popup)
        w.quit_requested.connect(self.quit)
        w.hidden_to_tray.connect(self.tray.tell_still_running)
        w.library.watch_requested.connect(self.watch_folder)
        self.popup.hand_over.connect(self._hand_over)
        self.tray.quick_query.connect(self.popup.popup)
        self.tray.open_window.connect(w.bring_to_front)
        self.tray.pause_toggled.connect(self.indexer.set_paused)
        self.tray.quit_requested.connect(self.quit)
        self.indexer.paused_changed.connect(self.tray.set_paused)
        c.enclave_ready.connect(self._enclave_ready)
        w.chat.cloud_button.setup_requested.connect(lambda: self.open_settings(section="cloud"))
        self._show_cloud_state(self.current_settings())

    def start(self) -> None:
        self.window.show()
        self.controller.start_loading()
        self.hotkey.register(self.current_settings().quick_query_hotkey)

    def _show_cloud_state(self, settings: Any) -> None:
        self.window.chat.cloud_button.set_configured(bool(settings.cloud_endpoint and settings.cloud_model))

    def _enclave_ready(self, enclave: Enclave) -> None:
        settings = enclave.settings
        self._show_cloud_state(settings)
        self.window.close_to_tray = bool(settings.close_to_tray) and self.tray.available
        for problem in enclave.settings_problems:
            self.controller.errors.report(f"Settings: {problem}")
        if settings.watched_folders:
            self.indexer.add(list(settings.watched_folders))   # catch up (unchanged files are skipped) ...
            self.indexer.watch(list(settings.watched_folders))  # ... then follow changes as they happen

    # -- actions -------------------------------------------------------------------------
    def open_document(self, path: str, page: Any) -> None:
        problem = open_document(path, page)
        if problem:
            self.controller.errors.report(problem)

    def summarize(self, path: str) -> SummaryDialog:
        dialog = SummaryDialog(self.controller, path, self.window)
        dialog.citation_clicked.connect(self.window.show_preview)
        self._keep(dialog)
        dialog.show()
        dialog.start()
        return dialog

    def current_settings(self) -> Settings:
        """The core's settings once it has started; before that, as the settings file holds them
        (the theme and the hotkey are set up before the core loads)."""
        enclave = self.controller.enclave
        return enclave.settings if enclave is not None else read_settings()

    def open_settings(self, section: str = "") -> SettingsDialog | None:
        """The Settings dialog now, or once the core has read the settings (a moment after start-up)."""
        shown: list[SettingsDialog] = []
        self.controller.when_started(lambda enclave: shown.append(self._show_settings(enclave, section)))
        return shown[0] if shown else None

    def _show_settings(self, enclave: Enclave, section: str = "") -> SettingsDialog:
        dialog = SettingsDialog(enclave.settings, self.window)
        dialog.hotkey_state.setText(self.hotkey.status)
        if section:
            dialog.show_section(section)
        dialog.saved.connect(self.apply_settings)
        dialog.models_requested.connect(lambda: self.open_models(dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_models(self, settings: SettingsDialog | None = None) -> ModelManagerDialog:
        """The model manager; a switch there also updates an open Settings dialog's model field."""
        dialog = ModelManagerDialog(self.controller, settings or self.window)
        dialog.model_changed.connect(lambda path, name: self.model_status.setText(f"Model: {name}"))
        if settings is not None:
            dialog.model_changed.connect(lambda path, name: settings.model_path.setText(path))
        self._keep(dialog)
        dialog.open()
        self.controller.when_started(lambda _enclave: dialog.refresh())
        return dialog

    def open_network(self) -> NetworkActivityDialog | None:
        shown: list[NetworkActivityDialog] = []
        self.controller.when_started(lambda enclave: shown.append(self._show_network(enclave)))
        return shown[0] if shown else None

    def _show_network(self, enclave: Enclave) -> NetworkActivityDialog:
        dialog = NetworkActivityDialog(enclave.network_activity(), self.window)
        self._keep(dialog)
        dialog.open()
        return dialog

    def apply_settings(self, new: Settings) -> None:
        """Saved through the core's one path (Enclave.save_settings), on a worker thread."""
        enclave = self.controller.enclave
        if enclave is None:
            self.controller.when_started(lambda _e: self.apply_settings(new))
            return
        if new.theme != self.theme.choice:
            self.theme.set_choice(new.theme)
        self._show_cloud_state(new)
        if new.quick_query_hotkey != self.hotkey.sequence:
            self.hotkey.register(new.quick_query_hotkey)
        self.window.close_to_tray = bool(new.close_to_tray) and self.tray.available
        if list(new.watched_folders) != list(enclave.settings.watched_folders):
            self.indexer.watch(list(new.watched_folders))
        self.controller.start(self.controller.job("saving settings", lambda e, flag: [e.save_settings(new)]))

    def watch_folder(self, folder: str) -> None:
        def add(enclave: Enclave) -> None:
            settings = enclave.settings
            if folder not in settings.watched_folders:
                self.apply_settings(dataclasses.replace(settings, watched_folders=[*settings.watched_folders, folder]))
            self.indexer.add([folder])
        self.controller.when_started(add)

    def open_ledger(self) -> LedgerDialog | None:
        shown: list[LedgerDialog] = []
        self.controller.when_started(lambda enclave: shown.append(self._show_ledger(enclave)))
        return shown[0] if shown else None

    def _show_ledger(self, enclave: Enclave) -> LedgerDialog:
        dialog = LedgerDialog(enclave.ledger_entries(), enclave.paths.ledger_file, self.window)
        self._keep(dialog)
        dialog.open()
        return dialog

    def preview_in_window(self, citation: Citation) -> None:
        """A source clicked in the quick query: the conversation moves to the window, which previews the page."""
        self.popup.open_in_window()
        self.window.show_preview(citation)

    def _hand_over(self, conversation_id: str | None, messages: list) -> None:
        self.window.session.open_conversation(conversation_id, messages)
        self.window.bring_to_front()

    def _keep(self, dialog: Any) -> None:
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]

    def quit(self) -> None:
        self.window.window_state.save(self.window)
        self.hotkey.unregister()
        self.popup.hide()
        self.tray.hide()
        self.indexer.stop_watching()
        self.controller.shutdown()
        QApplication.instance().quit()


def run_gui(argv: list[str] | None = None, core_factory: Callable[[], Any] | None = None) -> int:
    launched = float(os.environ.get("ENCLAVE_LAUNCH_T0", "0") or 0) or time.time()
    problem = None if QApplication.instance() else display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Enclave")
    app.setApplicationDisplayName("Enclave")
    app.setDesktopFileName("enclave")
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())
    if notify_running_instance():
        print("Enclave is already running; brought it to the front.", file=sys.stderr)
        return 0
    instance = SingleInstance(parent=app)   # destroyed with the app, never after it
    instance.listen()
    enclave = EnclaveApp(core_factory)
    instance.activated.connect(enclave.window.bring_to_front)
    enclave.start()
    from app.gui.automation import attach
    attach(enclave, launched, instance)
    code = app.exec()
    instance.close()
    return code
