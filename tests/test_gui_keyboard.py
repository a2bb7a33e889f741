"""Keyboard and screen reader: every control in the main window is reached by Tab in a sensible order and
has an accessible name and description; a question is asked, answered and its source opened without a mouse;
the answer and its sources are readable through Qt's accessibility interface (what a screen reader reads)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.gui.a11y import takes_tab_focus, unnamed
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def tab_walk(qtbot, start, limit: int = 60) -> list:
    """The widgets Tab visits from `start` until it comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    walk = [start]
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            return walk
        walk.append(current)
    raise AssertionError(f"Tab never came back to the start: {[w.accessibleName() for w in walk]}")


def accessible_text(widget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    texts = [interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Value)]
    for index in range(interface.childCount()):
        child = interface.child(index)
        texts.append(child.text(QAccessible.Text.Name))
    return "\n".join(t for t in texts if t)


def test_tab_reaches_every_control_in_order_and_each_has_a_name_and_description(qtbot, make_app, tmp_path):
    doc = tmp_path / "lease.md"
    doc.write_text("# Lease\n\nThe notice period is two months.\n")
    enclave = make_app(FakeCore(answer="Two months [lease.md]", sources=[(str(doc), 1, "The notice period is two months.")]))
    window = enclave.window
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    enclave.indexer.add([str(doc)])
    qtbot.waitUntil(lambda: not enclave.indexer.running and len(window.first_run.panel.example_buttons) == 3,
                    timeout=10_000)
    chat = window.chat
    # the whole question by keyboard: Ctrl+L to the question box, type, Enter
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is chat.input
    QTest.keyClicks(chat.input, "What is the notice period?")
    QTest.keyClick(chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(chat.turns) and chat.turns[-1].status == "done", timeout=10_000)
    walk = tab_walk(qtbot, window.conversations.new_button)
    focusable = [w for w in window.findChildren(QWidget) if takes_tab_focus(w)]
    missing = [f"{type(w).__name__} {w.accessibleName()}" for w in focusable if w not in walk]
    assert missing == [], f"not reachable by Tab: {missing}"
    assert unnamed(window) == []
    order = [window.conversations.new_button, window.conversations.list, chat.transcript, chat.input,
             chat.send_button, window.side_tabs.tabBar(), window.sources.list]
    positions = [walk.index(w) for w in order]
    assert positions == sorted(positions), [w.accessibleName() for w in walk]
    # the source by keyboard: Tab to the sources list, Enter opens the cited page in the preview
    window.sources.list.setFocus(Qt.FocusReason.TabFocusReason)
    window.sources.list.setCurrentRow(0)
    QTest.keyClick(window.sources.list, Qt.Key.Key_Return)
    assert window.side_tabs.currentWidget() is window.preview and window.preview.citation.label == "lease.md p.1"


def test_a_screen_reader_can_read_the_answer_and_its_sources(qtbot, make_app, tmp_path):
    doc = tmp_path / "lease.pdf"
    enclave = make_app(FakeCore(answer="Two months [lease.pdf p.3]",
                                sources=[(str(doc), 3, "Either party may end the tenancy by giving two months' notice.")]))
    window = enclave.window
    window.show()
    qtbot.waitExposed(window)
    ask(qtbot, enclave, "What is the notice period?")
    conversation = accessible_text(window.chat.transcript)
    assert "What is the notice period?" in conversation and "Two months [lease.pdf p.3]" in conversation
    assert "lease.pdf p.3" in conversation.split("Two months", 1)[1]          # the answer's source, after it
    sources = accessible_text(window.sources.list)
    assert "lease.pdf p.3" in sources and "two months' notice" in sources
    assert accessible_text(window.chat.how) == "Answered from lease.pdf p.3."      # the sentence, not a caption
    assert accessible_text(window.chat.status) == ""
    window.chat.input.setPlainText("And the deposit?")
    window.chat.send_button.click()
    window.session.stop()
    assert accessible_text(window.chat.status) == "Stopped"


def test_the_popup_settings_and_summary_controls_are_named_and_described(qtbot, make_app, tmp_path):
    from app.gui.summary_dialog import SummaryDialog
    enclave = make_app(FakeCore())
    enclave.popup.popup()
    qtbot.waitExposed(enclave.popup)
    assert unnamed(enclave.popup) == []
    tab_walk(qtbot, enclave.popup.panel.input)           # Tab leaves the question box and comes back round
    settings = enclave.open_settings()
    settings.advanced.toggle.click()
    for index in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(index)
        assert unnamed(settings) == [], settings.tabs.tabText(index)
    summary = SummaryDialog(enclave.controller, str(tmp_path / "lease.pdf"))
    qtbot.addWidget(summary)
    summary.show()
    assert unnamed(summary) == []
