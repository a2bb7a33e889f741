"""A new user's first hour (issue 24), with the fake core: indexing progress in the status bar, a new chat
that starts clean with example questions, quoted Markdown rendered, plain words in Settings and "How I
answered", a summary shown with its structure. What needs a real screen is in tests/on_screen/."""
from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextList
from PySide6.QtWidgets import QLabel

from agents.events import Route, RouteChosen
from app.gui.summary_dialog import SummaryDialog
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, drop, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL

MD_QUOTE = ('3,800 euros [budget_notes.md]\nFrom budget_notes.md: "# Budget review ## Hardware - Laptops: 12,400 '
            'euros for eight machines - Monitors: 2,100 euros ## Travel - The Lisbon workshop costs 3,800 euros in '
            'total. - Train tickets are booked by Ana Lima."')


def status_bar_texts(window) -> list[str]:
    return [label.text() for label in window.statusBar().findChildren(QLabel) if label.isVisibleTo(window)]


def lists_in(document) -> list[list[str]]:
    """The items of each bulleted list in a QTextDocument, as rendered."""
    found: dict[int, list[str]] = {}
    block = document.begin()
    while block.isValid():
        if isinstance(block.textList(), QTextList):
            found.setdefault(block.textList().objectIndex(), []).append(block.text())
        block = block.next()
    return list(found.values())


def test_indexing_shows_its_progress_in_the_status_bar(qtbot, make_app, tmp_path):
    core = FakeCore()
    core.index_delay = 0.3
    folder = tmp_path / "documents"
    folder.mkdir()
    for name in ("lease.pdf", "notes.md", "budget.docx"):
        (folder / name).write_text("x")
    enclave = make_app(core)
    window = enclave.window
    assert window.side_tabs.currentWidget() is not window.library      # the user looks at the chat, not the Library
    drop(window.first_run.panel.zone, [folder])
    seen: list[str] = []
    qtbot.waitUntil(lambda: seen.extend(status_bar_texts(window)) or
                    any(t.startswith("Indexing 2 of 3: ") for t in seen), timeout=10_000)
    qtbot.waitUntil(lambda: not enclave.indexer.running, timeout=10_000)
    assert not any(t.startswith("Indexing") for t in status_bar_texts(window))     # gone when done


def test_a_new_chat_starts_clean_with_example_questions(qtbot, make_app, tmp_path):
    doc = tmp_path / "harbor.md"
    doc.write_text("# Harbor Lights programme\n\nThe festival opens on Friday.\n")
    enclave = make_app(FakeCore(answer="On Friday.", sources=[(str(doc), 1, "The festival opens on Friday.")]))
    window = enclave.window
    panel = window.first_run.panel
    drop(panel.zone, [doc])
    qtbot.waitUntil(lambda: len(panel.example_buttons) == 3, timeout=10_000)
    ask(qtbot, enclave, "When does the festival open?")
    window.show_preview(window.chat.turns[-1].citations[0])
    qtbot.waitUntil(lambda: window.preview.preview is not None, timeout=10_000)
    window.chat.input.setPlainText("And the tickets?")
    window.chat.send_button.click()
    window.session.stop()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=10_000)
    assert window.chat.status.text() == "Stopped"
    window.conversations.new_button.click()                      # what the user clicks: "New chat"
    assert panel.isVisibleTo(window) and not window.chat.transcript.isVisibleTo(window)
    assert [b.text() for b in panel.example_buttons][:2] == ["Summarize harbor.md",
                                                             "What is “Harbor Lights programme” about?"]
    assert window.chat.status.text() == "" and not window.chat.how.isVisibleTo(window)
    assert window.side_tabs.currentWidget() is window.sources and window.sources.list.count() == 0
    assert window.preview.citation is None and "harbor.md" not in window.preview.title.text()
    assert window.chat.trace.rows() == [] and not window.chat.trace_toggle.isVisibleTo(window)


def test_a_quote_from_a_markdown_file_is_rendered_not_shown_raw(qtbot, make_app, tmp_path):
    notes = tmp_path / "budget_notes.md"
    notes.write_text("x")
    enclave = make_app(FakeCore(answer=MD_QUOTE, sources=[(str(notes), 1, "## Hardware - Laptops: 12,400 euros")]))
    ask(qtbot, enclave, "What does the Lisbon workshop cost?")
    shown = enclave.window.chat.transcript.toPlainText()
    assert "3,800 euros" in shown and "Budget review" in shown and "Hardware" in shown
    assert "#" not in shown and " - " not in shown, shown
    items = lists_in(enclave.window.chat.transcript.document())
    assert ["Laptops: 12,400 euros for eight machines", "Monitors: 2,100 euros"] in items
    assert ["The Lisbon workshop costs 3,800 euros in total.", "Train tickets are booked by Ana Lima."] in items
    assert enclave.window.chat.turns[-1].answer == MD_QUOTE          # only the display is re-shaped
    source = enclave.window.sources.list.item(0).text()
    assert "• Laptops" in source and " - " not in source and "#" not in source


def test_a_markdown_quote_that_is_the_whole_answer_is_rendered_too(qtbot, make_app, tmp_path):
    """No short answer fits: `The documents say: "…" [label]` from a .md file is rendered, not shown raw."""
    notes = tmp_path / "budget_notes.md"
    notes.write_text("x")
    answer = ('The documents say: "# Budget review ## Hardware - Laptops: 12,400 euros for eight machines '
              '- Monitors: 2,100 euros" [budget_notes.md]')
    enclave = make_app(FakeCore(answer=answer, sources=[(str(notes), 1, "## Hardware - Laptops: 12,400 euros")]))
    ask(qtbot, enclave, "What hardware is in the budget?")
    shown = enclave.window.chat.transcript.toPlainText()
    assert "The documents say: [budget_notes.md]" in shown and "Hardware" in shown
    assert "#" not in shown, shown
    assert ["Laptops: 12,400 euros for eight machines", "Monitors: 2,100 euros"] in \
        lists_in(enclave.window.chat.transcript.document())
    assert enclave.window.chat.turns[-1].answer == answer            # only the display is re-shaped


def test_a_quote_from_a_pdf_keeps_its_words_as_written(qtbot, make_app, tmp_path):
    answer = 'Two months [lease.pdf p.3]\nFrom lease.pdf p.3: "Notice - two (2) months - in writing."'
    enclave = make_app(FakeCore(answer=answer, sources=[(str(tmp_path / "lease.pdf"), 3, "Notice")]))
    ask(qtbot, enclave, "What is the notice period?")
    shown = enclave.window.chat.transcript.toPlainText()
    assert 'From lease.pdf p.3: "Notice - two (2) months - in writing."' in shown
    assert "Two months [lease.pdf p.3]\n" in shown       # the answer line and the quote on lines of their own


def test_settings_speak_plain_words_first_and_keep_the_exact_values_under_advanced(qtbot, make_app):
    enclave = make_app(FakeCore())
    dialog = enclave.open_settings()
    model_tab = dialog.tabs.widget(0)
    visible = [w.text() for w in model_tab.findChildren(QLabel) if w.isVisibleTo(dialog) and w.text()]
    assert "SmolLM2, small and fast, built in" in visible
    assert {"Model", "Creativity", "How much it reads at once"} <= set(visible)
    for jargon in ("GGUF", "Q4_1", "tokens", "Temperature", "Context size", "Threads"):
        assert not any(jargon in text for text in visible), (jargon, visible)
    assert dialog.creativity.currentText() == "Mostly precise"                  # 0.2, the default
    assert dialog.reads_at_once.currentText() == "About 6 pages (3,100 words)"   # 4,096 tokens
    dialog.advanced.toggle.click()
    assert dialog.model_info.isVisibleTo(dialog) and "Q4_1" in dialog.model_info.text()
    assert dialog.temperature.value() == 0.2 and dialog.context_size.value() == 4096
    dialog.creativity.setCurrentIndex(dialog.creativity.findText("Balanced"))
    assert dialog.temperature.value() == 0.5                                   # one value, two views
    dialog.context_size.setValue(6000)
    assert dialog.reads_at_once.currentText() == "Custom: about 9 pages (4,500 words)"
    edited = dialog.edited()
    assert (edited.temperature, edited.context_size) == (0.5, 6000)


def test_how_i_answered_is_plain_until_technical_details_are_asked_for(qtbot, make_app, tmp_path):
    core = FakeCore(sources=[(str(tmp_path / "lease.pdf"), 3, "notice")])
    core.events_before_answer = [RouteChosen(Route.DOCUMENTS, "closest to the documents examples (similarity 0.41 "
                                             "vs 0.22)", "embedding")]
    enclave = make_app(core)
    chat = enclave.window.chat
    ask(qtbot, enclave, "What is the notice period?")
    chat.trace_toggle.click()
    plain = " ".join(f"{a} {b}" for a, b in chat.trace.shown_rows())
    assert "Where I looked In your documents" in plain and "lease.pdf p.3" in plain
    for jargon in ("similarity", "0.41", "search_documents(", "(0.900)"):
        assert jargon not in plain, plain
    assert chat.technical.isVisibleTo(enclave.window)
    chat.technical.click()
    exact = " ".join(f"{a} {b}" for a, b in chat.trace.shown_rows())
    assert "similarity 0.41" in exact and "search_documents(query=" in exact


def test_a_summary_is_shown_with_its_headings_lists_line_breaks_and_linked_markers(qtbot, make_app, tmp_path):
    from agents.events import Citation, FinalAnswer
    enclave = make_app(FakeCore())
    dialog = SummaryDialog(enclave.controller, str(tmp_path / "lease.pdf"))
    qtbot.addWidget(dialog)
    text = ("## What it is\nA tenancy agreement for 14 Larch Road [p.1]\nSigned by both parties [p.1]\n\n"
            "## Key points\n- Rent: £1,725 a month [p.1]\n- Notice: two months [p.3]\nChecked against the document.")
    citations = tuple(Citation(f"lease.pdf p.{n}", "/x/lease.pdf", n, "s") for n in (1, 1, 1, 3))
    dialog._on_event(FinalAnswer(text, citations, Route.SUMMARIZE))
    document = dialog.view.document()
    shown = document.toPlainText()
    assert "#" not in shown and "What it is" in shown
    assert "A tenancy agreement for 14 Larch Road [p.1]\nSigned by both parties [p.1]" in shown
    assert ["Rent: £1,725 a month [p.1]", "Notice: two months [p.3]"] in lists_in(document)
    assert shown.index("Key points") < shown.index("Rent") < shown.rindex("Checked against")      # in its order
    assert QTextCursor(document.find("Key points")).blockFormat().headingLevel() > 0
    clicked = []
    dialog.citation_clicked.connect(clicked.append)
    dialog._anchor(QUrl("cite:3"))
    assert clicked == [citations[3]]
    dialog._on_event(FinalAnswer("Line one\nLine two\n- a point", (), Route.SUMMARIZE))      # no citations
    assert "Line one\nLine two" in dialog.view.document().toPlainText().replace("\u2028", "\n")
