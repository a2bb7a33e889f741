"""The app shell: single instance, tray menu, quick-query popup, close-to-tray, shortcuts, accessibility."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from app.gui.main_window import SHORTCUTS
from app.gui.single_instance import SingleInstance, notify_running_instance, server_name
from app.gui.window_state import fitted_rect
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def test_second_launch_activates_the_first(qtbot):
    name = server_name() + "-test"
    assert notify_running_instance(name, timeout_ms=200) is False      # nobody is running yet
    first = SingleInstance(name)
    assert first.listen()
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert notify_running_instance(name) is True
    first.close()
    first.deleteLater()
    qtbot.wait(10)


def test_stale_socket_is_replaced(qtbot):
    name = server_name() + "-stale"
    crashed = SingleInstance(name)
    assert crashed.listen()
    # a crash leaves the name taken; the next start must still get it
    again = SingleInstance(name)
    assert again.listen()
    with qtbot.waitSignal(again.activated, timeout=5000):
        assert notify_running_instance(name)
    for server in (again, crashed):
        server.close()
        server.deleteLater()
    qtbot.wait(10)


def test_window_reads_well_and_has_shortcuts_and_accessible_names(qtbot, make_app):
    enclave = make_app(FakeCore())
    window = enclave.window
    expected = fitted_rect(window.screen().availableGeometry())     # fitted to the screen (app/gui/window_state.py)
    assert window.isVisible() and window.height() == expected.height()
    assert window.width() == max(expected.width(), window.minimumSizeHint().width())
    shortcuts = {a.text(): a.shortcut().toString() for m in window.menuBar().actions() for a in m.menu().actions()}
    assert shortcuts["New chat"] == SHORTCUTS["new_chat"]
    assert shortcuts["Focus the question box"] == SHORTCUTS["focus_input"]
    assert shortcuts["Quick query"] == SHORTCUTS["quick_query"]
    assert shortcuts["Settings…"] == SHORTCUTS["settings"]
    unnamed = [b.text() for b in window.findChildren(QAbstractButton)
               if b.isVisibleTo(window) and b.text() and not b.accessibleName()]
    assert unnamed == []
    assert window.chat.input.accessibleName() == "Your question"


def test_focus_shortcut_and_escape_stop(qtbot, make_app):
    core = FakeCore(answer=" ".join(["word"] * 300))
    core.token_delay = 0.02
    enclave = make_app(core)
    window = enclave.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window.sources.list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.input.hasFocus()
    qtbot.keyClicks(window.chat.input, "go")
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.chat.turns) and window.chat.turns[-1].status == "streaming", timeout=5000)
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=5000)
    assert window.chat.turns[-1].status == "stopped"


def test_tray_menu_and_quick_query_hand_over(qtbot, make_app, tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    core = FakeCore(answer="The launch is in May.", sources=[(str(pdf), 2, "Launch: May")])
    enclave = make_app(core)
    assert [a.text() for a in enclave.tray.menu.actions() if a.text()] == \
        ["Quick query…", "Open Enclave", "Pause indexing", "Quit"]
    enclave.window.hide()
    enclave.tray.quick_action.trigger()
    popup = enclave.popup
    assert popup.isVisible()
    popup.panel.input.setPlainText("When is the launch?")
    popup.panel.send_button.click()
    qtbot.waitUntil(lambda: bool(popup.panel.turns) and popup.panel.turns[-1].status == "done", timeout=5000)
    assert "The launch is in May." in popup.panel.transcript.toPlainText()
    assert [c.label for c in popup.sources.citations] == ["plan.pdf p.2"]
    popup.open_button.click()
    assert not popup.isVisible() and enclave.window.isVisible()
    assert enclave.window.session.conversation_id == popup.session.conversation_id
    assert [t.question for t in enclave.window.chat.turns] == ["When is the launch?"]


def test_close_keeps_the_app_in_the_tray_when_configured(qtbot, make_app):
    enclave = make_app(FakeCore())
    quits: list[bool] = []
    enclave.window.quit_requested.connect(lambda: quits.append(True))
    enclave.window.close_to_tray = True
    enclave.window.close()
    assert not enclave.window.isVisible() and quits == []
    enclave.tray.open_action.trigger()
    assert enclave.window.isVisible()
    enclave.window.close_to_tray = False
    enclave.window.quit_requested.disconnect()
    enclave.window.quit_requested.connect(lambda: quits.append(True))
    enclave.window.close()
    assert quits == [True]
    QApplication.processEvents()


def test_settings_problems_are_reported_at_start(qtbot, make_app, enclave_home):
    enclave_home.mkdir(parents=True, exist_ok=True)
    (enclave_home / "settings.json").write_text('{"threads": "many"}')
    enclave = make_app(FakeCore())
    qtbot.waitUntil(lambda: bool(enclave.controller.errors.history), timeout=5000)
    assert "setting 'threads' expected int" in enclave.controller.errors.history[0].message


def test_gc_policy_runs_full_collections_only_when_idle(qtbot):
    import gc

    from app.gui import gc_policy

    busy = [True]
    policy = gc_policy.GcPolicy(lambda: busy[0])
    policy.start()
    try:
        assert not gc.isenabled()
        policy._last_full -= gc_policy.FULL_WHEN_IDLE_S + 1
        policy.collect()
        assert policy.full_collections == 0          # a job is running: young generations only
        busy[0] = False
        policy.last_input = __import__("time").monotonic()   # the user is typing: not now
        policy.collect()
        assert policy.full_collections == 0
        policy.last_input -= gc_policy.USER_IDLE_S + 1
        policy.collect()
        assert policy.full_collections == 1
        policy._last_full -= gc_policy.FULL_AT_LEAST_EVERY_S + 1
        busy[0] = True
        policy.collect()
        assert policy.full_collections == 2          # bounded memory even when always busy
    finally:
        policy.stop()
    assert gc.isenabled()


def test_runtime_tuning_is_undone_at_shutdown(qtbot, make_app):
    import gc
    import sys
    before = sys.getswitchinterval()
    enclave = make_app(FakeCore())
    assert sys.getswitchinterval() == 0.001 and not gc.isenabled()
    enclave.controller.shutdown()
    assert sys.getswitchinterval() == before and gc.isenabled()
    assert enclave.controller.enclave.core.closed
