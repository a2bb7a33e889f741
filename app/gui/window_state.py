"""The main window's size and place: fitted to the screen on first start, remembered after that.

A fixed 1280×800 window does not fit a 1366×768 laptop once the panel and title bar take their
share (the Send row and the status bar fell off the screen). The first start fits the window to
the screen's available area; later starts restore the size, position and maximized state the
user left, as long as that still fits a connected screen; the panes keep the widths the user gave them.
Kept in the data folder (window.ini).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

PREFERRED = (1280, 800)
SCREEN_SHARE = 0.92          # leave a margin around a fitted window


def fitted_rect(available: QRect, preferred: tuple[int, int] = PREFERRED) -> QRect:
    """The preferred size, shrunk to the available area, centred in it."""
    width = min(preferred[0], int(available.width() * SCREEN_SHARE))
    height = min(preferred[1], int(available.height() * SCREEN_SHARE))
    left = available.x() + (available.width() - width) // 2
    top = available.y() + (available.height() - height) // 2
    return QRect(left, top, width, height)


class WindowState:
    def __init__(self, folder: Path) -> None:
        self._settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)

    def restore(self, window: QMainWindow) -> None:
        """Restore the last geometry if it fits a screen now; otherwise fit the window to the screen."""
        geometry = self._settings.value("geometry")
        if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry) and \
                _on_a_screen(window.frameGeometry(), window.minimumSizeHint().width()):
            if self._settings.value("maximized", False) in (True, "true"):
                window.setWindowState(window.windowState() | _maximized())
            return
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(fitted_rect(screen.availableGeometry()))

    def save(self, window: QMainWindow) -> None:
        self._settings.setValue("geometry", window.saveGeometry())
        self._settings.setValue("maximized", window.isMaximized())
        split = window.centralWidget()
        if isinstance(split, QSplitter):
            self._settings.setValue("panes", split.saveState())
        self._settings.sync()

    def restore_panes(self, split: QSplitter, shares: tuple[float, ...]) -> None:
        """The pane widths the user left, or `shares` of the window's width on first start.

        Why shares, not pixels: a fixed [220, 640, 420] gave a 1366-wide laptop and a 1920-wide
        screen different proportions; the user's own drag is what is kept after that.
        """
        state = self._settings.value("panes")
        if isinstance(state, QByteArray) and split.restoreState(state):
            return
        total = max(split.parentWidget().width() if split.parentWidget() else 0, 800)
        split.setSizes([int(total * share) for share in shares])


def _on_a_screen(rect: QRect, minimum_width: int) -> bool:
    """The rectangle's centre is on a connected screen and it is no larger than that screen allows."""
    return any(screen.availableGeometry().contains(rect.center()) and
               rect.width() <= max(screen.availableGeometry().width(), minimum_width) + 16 and
               rect.height() <= screen.availableGeometry().height() + 16
               for screen in QGuiApplication.screens())


def _maximized():  # noqa: ANN202 - a Qt flag
    from PySide6.QtCore import Qt
    return Qt.WindowState.WindowMaximized
