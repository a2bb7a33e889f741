"""The GUI through the core's front door (agents.api.Enclave over the fake core): the bugs the old
duck-typed facade (app/gui/services.py) hid, each with a test that failed on it.

- the embedding model's warm-up never ran (it probed `library.embedder` as a callable);
- a reopened conversation lost its sources (it read only role and text);
- settings saved before the core had started were written by the GUI itself, bypassing the core.
"""
from __future__ import annotations

import dataclasses
import json
import threading

from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def test_start_up_warms_the_embedding_model(qtbot, make_app):
    core = FakeCore()
    enclave = make_app(core)
    qtbot.waitUntil(lambda: enclave.controller.last_stage is not None and enclave.controller.last_stage.ready,
                    timeout=10_000)
    assert core.library().embedder.loaded
    assert enclave.window.stage_label.text() == "Ready"


def test_a_reopened_conversation_keeps_its_sources(qtbot, make_app, tmp_path):
    pdf = tmp_path / "lease.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    core = FakeCore(answer="Two months.", sources=[(str(pdf), 3, "The notice period is two (2) months.")])
    enclave = make_app(core)
    window = enclave.window
    ask(qtbot, enclave, "What is the notice period?")
    window.session.new_conversation()
    assert window.sources.citations == []
    window.conversations.refresh()
    qtbot.waitUntil(lambda: window.conversations.list.count() == 1, timeout=5000)
    window.conversations.list.itemClicked.emit(window.conversations.list.item(0))
    qtbot.waitUntil(lambda: bool(window.chat.turns) and window.chat.turns[-1].answer == "Two months.", timeout=5000)
    assert [c.label for c in window.chat.turns[-1].citations] == ["lease.pdf p.3"]
    assert [c.label for c in window.sources.citations] == ["lease.pdf p.3"]
    assert "lease.pdf p.3" in window.chat.transcript.toPlainText()


class RecordingCore(FakeCore):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.saved: list[object] = []

    def save_settings(self, settings=None) -> None:
        self.saved.append(settings)
        super().save_settings(settings)


def test_settings_saved_before_the_core_starts_go_through_the_core(qtbot, make_app, enclave_home):
    gate = threading.Event()
    made: list[RecordingCore] = []

    def slow_core() -> RecordingCore:
        gate.wait(30)
        made.append(RecordingCore())
        return made[0]

    from app.gui.application import EnclaveApp
    from agents.api import Settings

    app = EnclaveApp(slow_core, show_error_dialogs=False)
    qtbot.addWidget(app.window)
    app.start()
    try:
        assert app.open_settings() is None          # not started yet: the dialog waits for the core
        new = dataclasses.replace(Settings(), threads=3)
        app.apply_settings(new)
        settings_file = enclave_home / "settings.json"
        assert not settings_file.exists()            # nothing written behind the core's back
        gate.set()
        qtbot.waitUntil(lambda: bool(made) and bool(made[0].saved), timeout=10_000)
        assert made[0].saved == [new] and app.controller.enclave.settings.threads == 3
        qtbot.waitUntil(lambda: settings_file.exists(), timeout=5000)
        assert json.loads(settings_file.read_text())["threads"] == 3
        qtbot.waitUntil(lambda: any(d.isVisible() for d in app.dialogs), timeout=5000)   # the queued dialog
    finally:
        gate.set()
        app.controller.shutdown()
        app.window.hide()
        for dialog in app.dialogs:
            dialog.hide()
