"""The summary dialog: each item's page marker is a link; clicking it shows the source sentence highlighted in
the preview (real summarizer over a real PDF, scripted model, fake core for the rest)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from agents.orchestrator import Orchestrator
from tests.answer_docs import CONTRACT
from tests.fakes import ScriptedModel
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, FakeOrchestrator, drop, make_app  # noqa: F401 - fixture
from tests.rag_docs import make_pdf

pytestmark = QT_WARNINGS_FAIL


def test_clicking_a_summary_sentences_page_highlights_it_in_the_preview(qtbot, make_app, tmp_path, monkeypatch):
    pdf = make_pdf(tmp_path / "lease.pdf", CONTRACT)
    real = Orchestrator(ScriptedModel(), None)        # the real summarizer; the file is read by rag's loaders
    monkeypatch.setattr(FakeOrchestrator, "summarize", lambda self, path, mode="short", cancel=None:
                        real.summarize(path, mode=mode, cancel=cancel))
    enclave = make_app(FakeCore())
    drop(enclave.window, [pdf])
    qtbot.waitUntil(lambda: len(enclave.dialogs) == 1, timeout=5000)
    dialog = enclave.dialogs[0]
    qtbot.waitUntil(lambda: dialog.status.text() == "Done", timeout=20_000)
    assert "[p.3]" in dialog.view.toPlainText() and dialog.citations
    cursor = dialog.view.document().find("[p.3]")
    assert cursor.charFormat().anchorHref().startswith("cite:")
    index = int(cursor.charFormat().anchorHref().split(":")[1])
    cursor.setPosition(cursor.selectionStart() + 1)
    point = dialog.view.cursorRect(cursor).center()
    with qtbot.waitSignal(enclave.window.preview.shown, timeout=10_000) as shown:
        qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    result = shown.args[0]
    assert result.page == 3 and result.found
    assert dialog.citations[index].page == 3 and dialog.citations[index].snippet in CONTRACT[2]
