"""The system-tray icon and its menu: quick query, open window, pause indexing, quit."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon


class Tray(QObject):
    quick_query = Signal()
    open_window = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, icon: QIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self._told = False
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("Enclave — private assistant")
        self.menu = QMenu()
        self.quick_action = QAction("Quick query…", self.menu)
        self.open_action = QAction("Open Enclave", self.menu)
        self.pause_action = QAction("Pause indexing", self.menu, checkable=True)
        self.quit_action = QAction("Quit", self.menu)
        for action in (self.quick_action, self.open_action, self.pause_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.quick_action.triggered.connect(self.quick_query)
        self.open_action.triggered.connect(self.open_window)
        self.pause_action.toggled.connect(self.pause_toggled)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        if self.available:
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.quick_query.emit()
        elif reason == QSystemTrayIcon.ActivationReason.DoubleClick:
            self.open_window.emit()

    def tell_still_running(self) -> None:
        """Said once per session, the first time closing the window leaves Enclave in the tray."""
        if self.available and not self._told:
            self._told = True
            self.icon.showMessage("Enclave is still running",
                                  "It stays in the tray; quit from the tray menu (or change this in Settings).",
                                  QSystemTrayIcon.MessageIcon.Information, 5000)

    def set_paused(self, paused: bool) -> None:
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def hide(self) -> None:
        self.icon.hide()
