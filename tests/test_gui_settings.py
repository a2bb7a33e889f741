"""Settings dialog: model facts and validation, saving through the core, the API key in the keychain."""
from __future__ import annotations

import json

import keyring
import pytest

from app.gui.settings_dialog import HOTKEY_HELP, SettingsDialog
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture
from tests.keyring_backends import MemoryKeyring

pytestmark = QT_WARNINGS_FAIL


@pytest.fixture
def memory_keychain(monkeypatch):
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("ENCLAVE_CLOUD_API_KEY", raising=False)
    yield backend
    keyring.set_keyring(previous)


def open_settings(qtbot, make_app) -> tuple[object, SettingsDialog]:
    enclave = make_app(FakeCore())
    dialog = enclave.open_settings()
    return enclave, dialog


def test_embedded_model_facts_and_hotkey_note(qtbot, make_app):
    _, dialog = open_settings(qtbot, make_app)
    facts = dialog.model_info.text()
    assert facts.startswith("embedded model:") and "Q4_1" in facts and "llama" in facts and "MiB" in facts
    assert dialog.findChild(type(dialog.model_info), "hotkeyNote").text() == HOTKEY_HELP
    # no X11 display in this test (offscreen Qt): the setting-level message says the hotkey is off and why
    assert dialog.hotkey_state.text().startswith("Off: there is no desktop session")
    dialog.hotkey.setText("Space")
    dialog.save()
    assert "global hotkey" in dialog.problems.text() and "a single key" in dialog.problems.text()


def test_a_bad_model_file_is_explained_and_not_saved(qtbot, make_app, tmp_path, enclave_home):
    _, dialog = open_settings(qtbot, make_app)
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"not a model at all")
    dialog.model_path.setText(str(bogus))
    assert "not a GGUF model" in dialog.model_info.text()
    dialog.save()
    assert dialog.isVisible() and "Not saved: model file:" in dialog.problems.text()
    assert not (enclave_home / "settings.json").exists()


def test_saving_writes_the_settings_through_the_core(qtbot, make_app, enclave_home, tmp_path):
    enclave, dialog = open_settings(qtbot, make_app)
    dialog.threads.setValue(3)
    dialog.context_size.setValue(8192)
    dialog.watched.addItem(str(tmp_path))
    dialog.cloud_endpoint.setText("http://evil.example/v1")
    dialog.save()
    assert "must start with https://" in dialog.problems.text()
    dialog.cloud_endpoint.setText("https://api.example.com/v1")
    dialog.close_to_tray.setChecked(False)
    assert dialog.answer_style.currentData() == "auto"
    dialog.answer_style.setCurrentIndex(dialog.answer_style.findData("write"))
    dialog.save()
    assert not dialog.isVisible()
    settings_file = enclave_home / "settings.json"
    qtbot.waitUntil(settings_file.exists, timeout=5000)
    saved = json.loads(settings_file.read_text())
    assert (saved["threads"], saved["context_size"], saved["cloud_endpoint"]) == (3, 8192, "https://api.example.com/v1")
    assert saved["watched_folders"] == [str(tmp_path)] and saved["close_to_tray"] is False
    assert saved["answer_style"] == "write"
    assert enclave.controller.enclave.settings.threads == 3
    assert enclave.window.close_to_tray is False


@pytest.fixture
def no_keychain(monkeypatch):
    """What a headless Linux box without Secret Service has: keyring's fail backend."""
    from keyring.backends import fail
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("ENCLAVE_CLOUD_API_KEY", raising=False)
    yield
    keyring.set_keyring(previous)


def test_without_a_keychain_the_dialog_says_so(qtbot, make_app, no_keychain):
    _, dialog = open_settings(qtbot, make_app)
    assert "no OS keychain is available" in dialog.key_state.text()
    assert not dialog.store_key.isEnabled() and not dialog.key_input.isEnabled()


def test_api_key_is_stored_in_the_keychain_and_never_shown(qtbot, make_app, memory_keychain):
    secret = "sk-test-1234567890abcdef"
    _, dialog = open_settings(qtbot, make_app)
    assert dialog.key_state.text() == "No API key is stored."
    dialog.key_input.setText(secret)
    dialog.store_key.click()
    assert dialog.key_input.text() == ""
    assert dialog.key_state.text() == "An API key is stored in the OS keychain."
    assert list(memory_keychain.secrets.values()) == [secret]
    from PySide6.QtWidgets import QLabel, QLineEdit
    shown = [w.text() for w in dialog.findChildren(QLabel)] + [w.text() for w in dialog.findChildren(QLineEdit)]
    assert not any(secret in text for text in shown)
    dialog.remove_key.click()
    assert memory_keychain.secrets == {} and dialog.key_state.text() == "No API key is stored."
    dialog.key_input.setText("has spaces in it")
    dialog.store_key.click()
    assert dialog.key_state.text().startswith("The key was not stored:") and "spaces" in dialog.key_state.text()
