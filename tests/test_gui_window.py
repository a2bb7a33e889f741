"""The main window fits the screen on first start and comes back as the user left it."""
from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from app.gui.window_state import fitted_rect
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def test_a_laptop_screen_gets_a_window_that_fits():
    available = QRect(0, 0, 1366, 736)          # 1366x768 minus a 32-pixel panel
    rect = fitted_rect(available)
    assert available.contains(rect) and rect.height() <= 736 * 0.92 and rect.width() <= 1280
    big = fitted_rect(QRect(0, 0, 1920, 1040))
    assert (big.width(), big.height()) == (1280, 800) and QRect(0, 0, 1920, 1040).contains(big)


def test_first_start_fits_and_the_geometry_is_remembered(qtbot, make_app):
    enclave = make_app(FakeCore())
    window = enclave.window
    screen = QGuiApplication.primaryScreen().availableGeometry()
    fitted = fitted_rect(screen)
    assert window.height() == fitted.height() and screen.contains(fitted)
    assert window.width() == max(fitted.width(), window.minimumSizeHint().width())
    window.setGeometry(QRect(screen.x() + 10, screen.y() + 20, 870, 500))
    assert window.height() == 500 != fitted.height()
    window.window_state.save(window)
    again = make_app(FakeCore()).window
    assert again.height() == 500          # restored, not fitted again (the 800-pixel offscreen screen
                                          # is narrower than the window's minimum, so Qt may shift x)
