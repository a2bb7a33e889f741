"""The cloud switch: its state in words; not set up -> Settings at the cloud section; cloud messages stay."""
from __future__ import annotations

import dataclasses

from agents.events import ErrorEvent
from agents.platform.settings import Settings
from agents.privacy.gateway import CloudNotConfigured, cloud_target
from app.gui.cloud_switch import plain_cloud_message
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def core_message(settings: Settings, key: str | None = None) -> str:
    try:
        cloud_target(settings, lambda: key)
    except CloudNotConfigured as exc:
        return str(exc)
    raise AssertionError("expected the cloud to be off")


def test_the_cores_cli_wording_about_the_cloud_names_settings_instead():
    off = plain_cloud_message(core_message(Settings()))
    assert "enclave cloud" not in off and "Settings → Cloud & privacy" in off and off.startswith("The cloud is off")
    no_key = plain_cloud_message(core_message(Settings(cloud_endpoint="https://api.example.com/v1", cloud_model="m")))
    assert "enclave cloud" not in no_key and "keychain" in no_key


def test_unconfigured_switch_opens_settings_at_the_cloud_section(qtbot, make_app):
    enclave = make_app(FakeCore())
    switch = enclave.window.chat.cloud_button
    assert switch.text() == "Ask the cloud: off (not set up)"
    switch.click()
    assert not switch.isChecked()
    dialog = enclave.dialogs[-1]
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 2 and dialog.tabs.tabText(2).startswith("Cloud")
    dialog.cloud_endpoint.setText("https://api.example.com/v1")
    dialog.cloud_model.setText("big-model")
    dialog.save()
    assert switch.configured and switch.text() == "Ask the cloud: off"
    switch.click()
    assert switch.isChecked() and switch.text() == "Ask the cloud: on"
    assert "redacted sketch" in switch.toolTip()


def test_a_cloud_message_stays_visible_after_the_local_answer(qtbot, make_app):
    core = FakeCore(answer="A local answer.")
    core.settings = dataclasses.replace(core.settings, cloud_endpoint="https://api.example.com/v1", cloud_model="m")
    core.events_before_answer = [ErrorEvent(core_message(Settings()) + "; answering locally")]
    enclave = make_app(core)
    chat = enclave.window.chat
    chat.cloud_button.click()
    chat.input.setPlainText("a hard question")
    chat.send_button.click()
    qtbot.waitUntil(lambda: not enclave.window.session.busy and bool(chat.turns), timeout=10_000)
    turn = chat.turns[-1]
    assert turn.status == "done" and turn.answer == "A local answer."
    assert turn.note.startswith("The cloud is off") and "Settings" in turn.note
    assert "The cloud is off" in chat.transcript.toPlainText()
    assert not chat.cloud_button.isChecked() and chat.cloud_button.text() == "Ask the cloud: off"
