"""The look: light/dark (system or chosen), bubbles and source chips, plurals, dates, readable failure reasons,
the GUI's own chat list, reopened answers with their sources, "(stopped)"."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette, QTextTable

from agents.platform.history import ConversationStore
from agents.platform.paths import data_paths
from agents.platform.settings import Settings, save_settings
from app.gui import theme
from app.gui.chat_render import plural
from app.gui.conversation_list import friendly_date
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, drop, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def bubbles(chat) -> list[str]:
    """Background colours of the transcript's bubbles, in order."""
    frames = chat.transcript.document().rootFrame().childFrames()
    return [f.format().background().color().name() for f in frames if isinstance(f, QTextTable)]


def window_colour() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).name()


def test_the_chosen_theme_applies_and_switches_live(qtbot, make_app):
    save_settings(data_paths().ensure().settings_file, Settings(theme="dark"))
    enclave = make_app(FakeCore(answer="An answer."))
    assert window_colour() == theme.DARK.window
    ask(qtbot, enclave, "a question")
    assert bubbles(enclave.window.chat) == [theme.DARK.user_bubble, theme.DARK.answer_bubble]
    enclave.apply_settings(dataclasses.replace(enclave.current_settings(), theme="light"))
    assert window_colour() == theme.LIGHT.window
    assert bubbles(enclave.window.chat) == [theme.LIGHT.user_bubble, theme.LIGHT.answer_bubble]


def test_system_follows_the_desktops_colour_scheme(qtbot, make_app):
    enclave = make_app(FakeCore())
    hints = QGuiApplication.styleHints()       # what the desktop's platform theme emits when the user switches
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_colour() == theme.DARK.window and enclave.window.chat.tokens is theme.DARK
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window_colour() == theme.LIGHT.window
    enclave.apply_settings(dataclasses.replace(enclave.current_settings(), theme="dark"))
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)      # a manual choice is kept
    assert window_colour() == theme.DARK.window
    enclave.apply_settings(dataclasses.replace(enclave.current_settings(), theme="system"))
    assert window_colour() == theme.LIGHT.window


def test_answers_are_bubbles_with_source_chips_and_reopen_with_their_sources(qtbot, make_app, tmp_path):
    pdf = tmp_path / "lease.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    core = FakeCore(answer="Two months.", sources=[(str(pdf), 3, "notice of two months")])
    enclave = make_app(core)
    window = enclave.window
    ask(qtbot, enclave, "notice period?")
    html = window.chat.transcript.toHtml()
    assert 'href="cite:0/0"' in html and theme.current().chip in html        # the chip under the answer
    text = window.chat.transcript.toPlainText()
    assert "You:" not in text and "Enclave:" not in text and "lease.pdf p.3" in text
    cid = window.session.conversation_id
    window.session.new_conversation()
    qtbot.waitUntil(lambda: window.conversations.list.count() == 1, timeout=5000)
    window.conversations.list.itemClicked.emit(window.conversations.list.item(0))
    qtbot.waitUntil(lambda: window.session.conversation_id == cid and len(window.chat.turns) == 1, timeout=5000)
    assert [c.label for c in window.chat.turns[0].citations] == ["lease.pdf p.3"]
    assert 'href="cite:0/0"' in window.chat.transcript.toHtml()
    assert [c.label for c in window.sources.citations] == ["lease.pdf p.3"]


def test_cli_runs_stay_out_of_the_chat_list_and_unanswered_questions_read_stopped(qtbot, make_app):
    store = ConversationStore(data_paths().ensure().history_db)          # what `enclave ask` writes
    store.new_conversation("asked on the command line")
    stopped = store.new_conversation("stopped one")
    store.origin = "gui"
    store.append(stopped, "user", "stopped one")
    enclave = make_app(FakeCore(answer="ok"))
    window = enclave.window
    qtbot.waitUntil(lambda: window.conversations.list.count() == 1, timeout=5000)
    assert window.conversations.list.item(0).text().startswith("stopped one\nToday ")
    window.conversations.list.itemClicked.emit(window.conversations.list.item(0))
    qtbot.waitUntil(lambda: len(window.chat.turns) == 1, timeout=5000)
    assert window.chat.turns[0].status == "stopped"
    assert "(stopped)" in window.chat.transcript.toPlainText()


def test_plurals_dates_and_failure_reasons_read_in_full(qtbot, make_app, tmp_path):
    assert (plural(1, "passage"), plural(3, "passage"), plural(0, "page")) == ("1 passage", "3 passages", "0 pages")
    assert friendly_date(1_000_000_000, 1_000_000_000 + 60).startswith("Today ")
    assert friendly_date(1_000_000_000, 1_000_000_000 + 86_400).startswith("Yesterday ")
    assert friendly_date(1_000_000_000, 1_100_000_000) == "9 Sep 2001"
    core = FakeCore()
    enclave = make_app(core)
    panel = enclave.window.library
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "bad-scan.pdf").write_text("x")
    drop(panel, [folder])
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and not enclave.indexer.running, timeout=10_000)
    item = panel.table.item(0, 2)
    assert item.toolTip() == item.text() == "no text layer (scanned PDF?)"
    assert panel.table.wordWrap()


def test_markdown_snippets_read_as_plain_text():
    from app.gui.sources_panel import short_snippet
    assert short_snippet("# Lease\n\n## Terms\nThe **notice** period is `two` months. C# stays.") == \
        "Lease Terms The notice period is two months. C# stays."
