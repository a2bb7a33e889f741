"""The preview pane: a clicked source shows its page with the supporting sentence highlighted (real PDFium)."""
from __future__ import annotations

from PySide6.QtGui import QColor

from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, make_app  # noqa: F401 - fixture
from tests.test_preview import AFTER, BEFORE, CITED, make_lease

pytestmark = QT_WARNINGS_FAIL


def test_a_cited_pdf_page_is_shown_with_the_sentence_highlighted(qtbot, make_app, tmp_path):
    pdf = tmp_path / "lease.pdf"
    make_lease(pdf)
    enclave = make_app(FakeCore(answer="Two months [lease.pdf p.2]", sources=[(str(pdf), 2, CITED)]))
    ask(qtbot, enclave, "What is the notice period?")
    window = enclave.window
    citation = window.chat.turns[-1].citations[0]
    with qtbot.waitSignal(window.preview.shown, timeout=10_000) as shown:
        window.chat.citation_clicked.emit(citation)         # what clicking the chip/link under the answer does
    result = shown.args[0]
    assert window.side_tabs.currentWidget() is window.preview
    assert result.page == 2 and result.found
    assert window.preview.title.text() == "lease.pdf — page 2 of 2"
    image = window.preview.page_view.image
    box = result.highlights[0]
    marked = QColor(image.pixel(int(box.left) + 1, int(box.top) + 1))
    assert marked.blue() < marked.red() - 60              # the marker's yellow is painted there ...
    corner = QColor(image.pixel(5, 5))
    assert (corner.red(), corner.green(), corner.blue()) == (255, 255, 255)   # ... and not on the margin
    assert window.preview.page_view.label.pixmap() is not None


def test_a_text_source_shows_its_passage_in_context(qtbot, make_app, tmp_path):
    md = tmp_path / "lease.md"
    md.write_text(f"# Lease\n\n{BEFORE}\n{CITED}\n{AFTER}\n")
    enclave = make_app(FakeCore(answer="Two months", sources=[(str(md), None, CITED)]))
    ask(qtbot, enclave, "What is the notice period?")
    window = enclave.window
    with qtbot.waitSignal(window.preview.shown, timeout=10_000):
        window.sources.list.itemClicked.emit(window.sources.list.item(0))
    shown = window.preview.text_view.toPlainText()
    assert CITED in shown and BEFORE in shown
    assert "rgba(255,214,0" in window.preview.text_view.toHtml() or "#ffd600" in window.preview.text_view.toHtml()


def test_a_source_clicked_in_the_quick_query_is_previewed_in_the_window(qtbot, make_app, tmp_path):
    pdf = tmp_path / "lease.pdf"
    make_lease(pdf)
    enclave = make_app(FakeCore(answer="Two months [lease.pdf p.2]", sources=[(str(pdf), 2, CITED)]))
    popup = enclave.popup
    popup.popup()
    popup.panel.input.setPlainText("What is the notice period?")
    popup.panel.send_button.click()
    qtbot.waitUntil(lambda: not popup.session.busy, timeout=10_000)
    citation = popup.panel.turns[-1].citations[0]
    with qtbot.waitSignal(enclave.window.preview.shown, timeout=10_000) as shown:
        popup.panel.citation_clicked.emit(citation)            # a chip under the popup's answer
    assert shown.args[0].page == 2 and shown.args[0].found
    assert not popup.isVisible()                               # the conversation moved to the window ...
    assert enclave.window.chat.turns[-1].answer == "Two months [lease.pdf p.2]"   # ... with its answer
    assert enclave.window.side_tabs.currentWidget() is enclave.window.preview
