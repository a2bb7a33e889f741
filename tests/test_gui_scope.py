"""Asking about one document from the GUI, with the real core (embedded SmolLM2, real index):
the library's "Ask about this document" sets the scope chip, the answer comes only from that
document, and the chip's ✕ asks about everything again."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.gui.scope_chip import ScopeChip, document_menu
from tests.gui_fakes import QT_WARNINGS_FAIL, drop, make_app  # noqa: F401 - fixture
from tests.test_gui_e2e import SharedModelCore

pytestmark = [*QT_WARNINGS_FAIL, pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]


def test_chip_shows_and_clears_the_scope(qtbot) -> None:
    chip = ScopeChip()
    qtbot.addWidget(chip)
    seen: list[list[str]] = []
    chip.changed.connect(seen.append)
    assert chip.isHidden() and chip.paths == []
    chip.set_scope(["/docs/a/budget.xlsx"])
    assert not chip.isHidden() and chip.label.text() == "Only in: budget.xlsx"
    assert "/docs/a/budget.xlsx" in chip.toolTip()
    chip.set_scope([f"/d/{n}.txt" for n in "abcde"])
    assert chip.label.text() == "Only in: a.txt, b.txt, c.txt and 2 more"
    chip.clear_button.click()
    assert chip.isHidden() and chip.paths == [] and seen[-1] == []


def test_ask_about_this_document_answers_only_from_it(qtbot, make_app, tmp_path: Path, real_model,
                                                     real_embedder) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    north = docs / "north-depot.txt"
    south = docs / "south-depot.txt"
    north.write_text("Depot North. The gate code of the depot is 4417. Deliveries arrive on Mondays.")
    south.write_text("Depot South. The gate code of the depot is 9021. Deliveries arrive on Thursdays.")
    core = SharedModelCore(model=real_model)
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitUntil(lambda: window.stage_label.text() == "Ready", timeout=120_000)
    drop(window.library, [north, south])
    qtbot.waitUntil(lambda: window.library.table.rowCount() == 2 and not enclave.indexer.running, timeout=120_000)

    question = "What is the gate code of the depot?"
    unscoped = {Path(p.path).name for p in core.library().search(question, k=4)}
    assert unscoped == {"north-depot.txt", "south-depot.txt"}       # without the scope both would be evidence

    row = next(r for r in range(2) if window.library.cell_text(r, 0) == "south-depot.txt")
    window.library.table.selectRow(row)
    menu = document_menu(window, window.library.selected_paths())
    assert [a.text() for a in menu.actions() if a.text()][0] == "Ask about this document"
    menu.actions()[0].trigger()
    assert window.scope_chip.isVisible() and window.scope_chip.label.text() == "Only in: south-depot.txt"
    assert window.session.scope() == [str(south.resolve())]

    window.chat.input.setPlainText(question)
    window.chat.send_button.click()
    qtbot.waitUntil(lambda: window.chat.turns[-1].status in ("done", "failed"), timeout=180_000)
    turn = window.chat.turns[-1]
    assert turn.status == "done", turn.note
    assert turn.citations and {Path(c.path).name for c in turn.citations} == {"south-depot.txt"}
    assert "4417" not in turn.answer
    assert window.scope_chip.isVisible()            # follow-up questions keep the scope

    window.scope_chip.clear_button.click()
    assert not window.scope_chip.isVisible() and window.session.scope() == []
    assert enclave.controller.errors.history == []
