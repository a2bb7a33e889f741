"""The model manager driven like a user (offscreen Qt): the catalog with its fit, Download with progress from
the stand-in hub on 127.0.0.1, Cancel and resume, Use (the status bar names the model), a bad .gguf dropped
on the window, and the download listed in Tools → Network activity."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.gui.model_manager import ModelManagerDialog
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, drop, make_app  # noqa: F401 - fixture
from tests.hub_server import Hub, hub  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL
NAME, FILE = "qwen2.5-0.5b", "qwen2.5-0.5b-instruct-q4_k_m.gguf"


def open_manager(qtbot, app) -> ModelManagerDialog:
    dialog = app.open_models()
    dialog.confirm = lambda question: True
    qtbot.waitUntil(lambda: dialog.catalog is not None, timeout=90_000)
    return dialog


def test_download_then_use_from_the_dialog(qtbot, make_app, hub: Hub, enclave_home: Path):
    core = FakeCore()
    app = make_app(core)
    qtbot.waitUntil(lambda: app.model_status.text() == "Model: SmolLM2 135M Instruct", timeout=10_000)
    dialog = open_manager(qtbot, app)
    names = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert names[0] == "SmolLM2 135M Instruct (built in)" and "Phi-3.5 mini Instruct" in names
    assert dialog.table.item(0, 4).text() == "active"
    assert "memory free" in dialog.machine.text() and "cores" in dialog.machine.text()
    dialog.select(NAME)
    assert dialog.download_button.isEnabled() and not dialog.use_button.isEnabled()
    seen: list[str] = []
    dialog.progress.valueChanged.connect(lambda _v: seen.append(dialog.progress_label.text()))
    dialog.download_button.click()
    qtbot.waitUntil(lambda: "downloaded and verified" in dialog.message.text(), timeout=120_000)
    assert any("MiB/s" in text and " of " in text for text in seen)
    installed = enclave_home / "models" / FILE
    assert installed.exists()
    qtbot.waitUntil(lambda: dialog.selected_row() is not None and dialog.selected_row().downloaded, timeout=30_000)
    assert core.settings.model_path == ""
    dialog.use_button.click()
    qtbot.waitUntil(lambda: "loaded and answers" in dialog.message.text(), timeout=30_000)
    assert Path(core.settings.model_path) == installed.resolve() and core.reloads == 1
    assert app.model_status.text().startswith("Model: ") and app.model_status.text() != "Model: "
    network = app.open_network()
    row = [network.table.item(0, col).text() for col in range(network.table.columnCount())]
    assert row[1] == "model download" and row[2] == "127.0.0.1" and row[3].endswith(FILE) and row[6] == "ok"


def test_cancel_keeps_the_part_and_download_resumes(qtbot, make_app, hub: Hub, enclave_home: Path):
    hub.state.bytes_per_s = 20 * 2**20
    dialog = open_manager(qtbot, make_app(FakeCore()))
    dialog.select(NAME)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() > 100, timeout=60_000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Download cancelled" in dialog.message.text(), timeout=30_000)
    part = enclave_home / "models" / f"{FILE}.part"
    kept = part.stat().st_size
    assert kept > 0 and not (enclave_home / "models" / FILE).exists()
    hub.state.bytes_per_s = 0
    qtbot.waitUntil(lambda: dialog.download_button.isEnabled(), timeout=30_000)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: "downloaded and verified" in dialog.message.text(), timeout=120_000)
    assert hub.resolve_requests()[-1][1] == f"bytes={kept}-"


@pytest.mark.parametrize("content", [b"not a model", b"GGUF\x03\x00\x00\x00"])
def test_a_bad_gguf_dropped_on_the_window_is_explained(qtbot, make_app, tmp_path: Path, content: bytes):
    core = FakeCore()
    app = make_app(core)
    bad = tmp_path / "mystery.gguf"
    bad.write_bytes(content)
    drop(app.window, [bad])
    dialog = next(d for d in app.dialogs if isinstance(d, ModelManagerDialog))
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Not switched:"), timeout=30_000)
    assert "not a GGUF model" in dialog.message.text() or "truncated" in dialog.message.text()
    assert core.settings.model_path == ""
    qtbot.waitUntil(lambda: dialog.catalog is not None, timeout=90_000)


def test_settings_opens_the_manager_and_a_switch_updates_its_model_field(qtbot, make_app):
    from PySide6.QtWidgets import QPushButton

    from agents.engine.model_source import embedded_model_path

    app = make_app(FakeCore())
    settings = app.open_settings()
    settings.findChild(QPushButton, "openModelManager").click()
    dialog = next(d for d in app.dialogs if isinstance(d, ModelManagerDialog))
    qtbot.waitUntil(lambda: dialog.catalog is not None, timeout=90_000)
    dialog.use(str(embedded_model_path()))
    qtbot.waitUntil(lambda: settings.model_path.text() == str(embedded_model_path().resolve()), timeout=30_000)
    qtbot.waitUntil(lambda: "loaded and answers" in dialog.message.text(), timeout=30_000)
