"""The model manager in a real X server (xcb), clicked by a real pointer: the dialog fits a 1366x768 screen,
Download is clicked with xdotool at its place on screen, progress shows, Cancel keeps the part and a second
click resumes it, and Use makes the downloaded file the active model. Run by tests/test_gui_on_screen.py."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture
from tests.hub_server import Hub, hub  # noqa: F401 - fixture
from tests.on_screen.screen import click_with_xdotool, on_screen
from tests.test_gui_models import FILE, NAME, open_manager

pytestmark = QT_WARNINGS_FAIL


def test_download_cancel_resume_and_use_by_pointer_on_screen(qtbot, make_app, hub: Hub, enclave_home: Path):
    assert QGuiApplication.platformName() == "xcb"
    hub.state.bytes_per_s = 20 * 2**20
    core = FakeCore()
    app = make_app(core)
    qtbot.waitExposed(app.window)
    dialog = open_manager(qtbot, app)
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert screen.contains(dialog.frameGeometry()), (dialog.frameGeometry(), screen)
    dialog.select(NAME)
    qtbot.waitUntil(dialog.download_button.isEnabled, timeout=10_000)
    click_with_xdotool(on_screen(dialog.download_button))
    qtbot.waitUntil(lambda: dialog.progress.value() > 100, timeout=60_000)
    assert dialog.progress.isVisible() and " of " in dialog.progress_label.text()
    click_with_xdotool(on_screen(dialog.cancel_button))
    qtbot.waitUntil(lambda: "Download cancelled" in dialog.message.text(), timeout=30_000)
    part = enclave_home / "models" / f"{FILE}.part"
    kept = part.stat().st_size
    assert kept > 0 and not (enclave_home / "models" / FILE).exists()
    hub.state.bytes_per_s = 0
    qtbot.waitUntil(dialog.download_button.isEnabled, timeout=30_000)
    click_with_xdotool(on_screen(dialog.download_button))
    qtbot.waitUntil(lambda: "downloaded and verified" in dialog.message.text(), timeout=120_000)
    assert hub.resolve_requests()[-1][1] == f"bytes={kept}-"
    qtbot.waitUntil(lambda: dialog.selected_row() is not None and dialog.selected_row().downloaded, timeout=30_000)
    click_with_xdotool(on_screen(dialog.use_button))
    qtbot.waitUntil(lambda: "loaded and answers" in dialog.message.text(), timeout=30_000)
    installed = enclave_home / "models" / FILE
    assert Path(core.settings.model_path) == installed.resolve() and core.reloads == 1
