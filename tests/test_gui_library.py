"""Library panel, indexing queue, pause from the tray, and drag-and-drop summarization (scripted fake core)."""
from __future__ import annotations

from pathlib import Path

from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, drop, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def folder_with(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in names:
        (folder / name).write_text(f"text of {name}")
    return folder


def test_indexing_a_folder_shows_progress_and_per_document_status(qtbot, make_app, tmp_path):
    core = FakeCore()
    core.index_delay = 0.05
    enclave = make_app(core)
    panel = enclave.window.library
    folder = folder_with(tmp_path, ["a.txt", "bad-scan.pdf", "c.md"])
    seen: list[str] = []
    enclave.indexer.progress.connect(lambda p: seen.append(panel.current.text()))
    drop(panel, [folder])
    qtbot.waitUntil(lambda: panel.progress.isVisibleTo(panel), timeout=5000)
    assert panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not enclave.indexer.running and panel.table.rowCount() == 3, timeout=10_000)
    assert any(text.startswith("Indexing 1 of 3: ") for text in seen)
    rows = {panel.cell_text(r, 0): (panel.cell_text(r, 1), panel.cell_text(r, 2)) for r in range(3)}
    assert rows["a.txt"][0] == "Indexed" and "3 passages" in rows["a.txt"][1]
    assert rows["bad-scan.pdf"] == ("Failed", "no text layer (scanned PDF?)")
    assert core._library.index_calls == [[str(folder)]]
    assert not panel.progress.isVisibleTo(panel)


def test_remove_and_reindex_selected_documents(qtbot, make_app, tmp_path):
    core = FakeCore()
    enclave = make_app(core)
    panel = enclave.window.library
    folder = folder_with(tmp_path, ["a.txt", "b.txt"])
    enclave.indexer.add([folder])
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2 and not enclave.indexer.running, timeout=5000)
    panel.table.selectRow(0)
    panel.remove_button.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert core._library.forgotten == [str(folder / "a.txt")]
    panel.table.selectRow(0)
    panel.reindex_button.click()
    qtbot.waitUntil(lambda: len(core._library.index_calls) == 2 and not enclave.indexer.running, timeout=5000)
    assert core._library.forgotten[-1] == str(folder / "b.txt")
    assert core._library.index_calls[-1] == [str(folder / "b.txt")]


def test_cancel_and_pause_from_the_tray(qtbot, make_app, tmp_path):
    core = FakeCore()
    core.index_delay = 0.1
    enclave = make_app(core)
    panel = enclave.window.library
    folder = folder_with(tmp_path, [f"doc{i}.txt" for i in range(30)])
    enclave.indexer.add([folder])
    qtbot.waitUntil(lambda: panel.table.rowCount() >= 1, timeout=5000)
    enclave.tray.pause_action.trigger()                       # the tray menu's "Pause indexing"
    qtbot.waitUntil(lambda: not enclave.indexer.running, timeout=5000)
    assert enclave.indexer.paused and "paused" in panel.current.text()
    assert len(core._library.records) < 30
    enclave.tray.pause_action.trigger()                       # resume re-walks the folder
    qtbot.waitUntil(lambda: enclave.indexer.running, timeout=5000)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not enclave.indexer.running, timeout=5000)
    assert len(core._library.index_calls) == 2 and len(core._library.records) < 30


def test_dropping_a_file_on_the_window_indexes_and_summarizes_it(qtbot, make_app, tmp_path):
    core = FakeCore()
    enclave = make_app(core)
    report = tmp_path / "report.txt"
    report.write_text("quarterly figures")
    drop(enclave.window, [report])
    qtbot.waitUntil(lambda: len(enclave.dialogs) == 1, timeout=5000)
    dialog = enclave.dialogs[0]
    qtbot.waitUntil(lambda: dialog.status.text() == "Done", timeout=5000)
    assert dialog.view.toPlainText().strip() == "short summary of report.txt"
    assert core._library.index_calls == [[str(report)]]
    dialog.mode.setCurrentIndex(1)                           # key points
    qtbot.waitUntil(lambda: dialog.status.text() == "Done" and "key-points" in dialog.view.toPlainText(), timeout=5000)
    assert core.summaries == [(str(report), "short"), (str(report), "key-points")]


def test_dropping_a_file_on_the_quick_query_popup_summarizes_it(qtbot, make_app, tmp_path):
    core = FakeCore()
    enclave = make_app(core)
    note = tmp_path / "note.md"
    note.write_text("# note")
    drop(enclave.popup, [note])
    qtbot.waitUntil(lambda: bool(enclave.dialogs) and enclave.dialogs[0].status.text() == "Done", timeout=5000)
    assert core.summaries == [(str(note), "short")]


def test_watched_folders_are_caught_up_and_followed(qtbot, make_app, tmp_path, enclave_home):
    import json
    folder = folder_with(tmp_path, ["old.txt"])
    enclave_home.mkdir(parents=True, exist_ok=True)
    (enclave_home / "settings.json").write_text(json.dumps({"watched_folders": [str(folder)]}))
    core = FakeCore()
    enclave = make_app(core)
    panel = enclave.window.library
    qtbot.waitUntil(lambda: enclave.indexer.watcher is not None and panel.table.rowCount() == 1, timeout=30_000)
    (folder / "new.md").write_text("# written after start")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=30_000)
    assert sorted(panel.cell_text(r, 0) for r in range(2)) == ["new.md", "old.txt"]
    assert [str(folder / "new.md")] in core._library.index_calls
    enclave.tray.pause_action.trigger()                     # pausing indexing also stops following changes
    qtbot.waitUntil(lambda: enclave.indexer.watcher is None and enclave.controller.runner.running == 0, timeout=30_000)
    (folder / "while-paused.txt").write_text("later")
    enclave.tray.pause_action.trigger()
    qtbot.waitUntil(lambda: enclave.indexer.watcher is not None, timeout=30_000)
    enclave.indexer.stop_watching()


def test_a_waiting_status_line_is_shown_as_it_is(qtbot, make_app):
    from rag.types import IndexProgress

    panel = make_app(FakeCore()).window.library
    panel.show_progress(IndexProgress(0, 0, "Waiting: another Enclave process (pid 4242) is indexing this library…"))
    assert panel.current.text() == "Waiting: another Enclave process (pid 4242) is indexing this library…"
    panel.show_progress(IndexProgress(1, 3, "/docs/a.txt"))
    assert panel.current.text() == "Indexing 1 of 3: a.txt"
