"""The first-run panel: an empty library asks for documents; indexed documents give example questions."""
from __future__ import annotations

from agents.experts.retrieval import NO_DOCUMENTS
from app.gui.first_run import NO_DOCUMENTS_GUI, example_questions
from rag.titles import DocumentTitle, title_from_text, tidy_stem
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, drop, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def test_titles_come_from_the_first_line_or_the_tidied_file_name():
    assert title_from_text("# Rental contract\n\nThe tenant ...", "/x/a.md") == "Rental contract"
    assert title_from_text("The tenant pays 900 euros a month, due on the first.", "/x/rental_contract-2026.pdf") \
        == "rental contract 2026"
    assert title_from_text("", "/x/notes.txt") == "notes"
    assert title_from_text("%PDF-1.3 binary", "/x/scan.pdf") == "scan"
    assert tidy_stem("C:\\docs\\lease_final.docx") == "lease final"


def test_example_questions_name_the_users_documents():
    one = [DocumentTitle("/d/lease.pdf", "lease.pdf", "Lease agreement")]
    assert example_questions(one) == ["Summarize lease.pdf", "What is “Lease agreement” about?",
                                      "What are the key dates in lease.pdf?"]
    two = one + [DocumentTitle("/d/b.md", "b.md", "Budget 2026")]
    assert example_questions(two) == ["Summarize lease.pdf", "What is “Lease agreement” about?",
                                      "What is “Budget 2026” about?"]
    assert example_questions([]) == []


def test_empty_library_shows_the_drop_zone_then_examples_after_a_drop(qtbot, make_app, tmp_path):
    enclave = make_app(FakeCore(answer="It is about the harbor festival."))
    window = enclave.window
    panel = window.first_run.panel
    assert panel.isVisibleTo(window) and not window.chat.transcript.isVisibleTo(window)
    assert panel.heading.text() == "Add your documents"
    assert panel.zone.isVisibleTo(window) and "stay on this computer" in panel.privacy.text()
    assert not panel.example_buttons and not panel.examples_label.isVisibleTo(window)
    doc = tmp_path / "harbor.md"
    doc.write_text("# Harbor Lights programme\n\nThe festival opens on Friday.\n")
    drop(panel.zone, [doc])
    qtbot.waitUntil(lambda: len(panel.example_buttons) == 3, timeout=10_000)
    assert panel.heading.text().startswith("1 document in your library")
    texts = [b.text() for b in panel.example_buttons]
    assert texts[:2] == ["Summarize harbor.md", "What is “Harbor Lights programme” about?"]
    panel.example_buttons[1].click()
    qtbot.waitUntil(lambda: not window.session.busy and bool(window.chat.turns), timeout=10_000)
    assert window.chat.turns[-1].question == "What is “Harbor Lights programme” about?"
    assert window.chat.transcript.isVisibleTo(window) and not panel.isVisibleTo(window)
    window.session.new_conversation()
    window.first_run.update()
    assert panel.isVisibleTo(window)


def test_a_documents_question_with_an_empty_library_says_so_plainly(qtbot, make_app):
    enclave = make_app(FakeCore(answer=NO_DOCUMENTS))
    window = enclave.window
    window.chat.input.setPlainText("What is the notice period in my rental contract?")
    window.chat.send_button.click()
    qtbot.waitUntil(lambda: bool(window.chat.turns) and window.chat.turns[-1].status == "done", timeout=10_000)
    assert window.chat.turns[-1].answer == NO_DOCUMENTS_GUI
    shown = window.chat.transcript.toPlainText()
    assert "No documents are indexed yet" in shown and "enclave index" not in shown
    panel = window.first_run.panel
    assert panel.isVisibleTo(window) and panel.add_files_button.isVisibleTo(window)
