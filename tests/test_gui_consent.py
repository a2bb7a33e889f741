"""Cloud consent from a worker thread, the consent dialog's content, and the ledger viewer."""
from __future__ import annotations

import json
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from agents.platform.cancel import CancelToken
from agents.events import ConsentRequest
from app.gui.consent import ConsentBroker, ConsentDialog, highlight_placeholders
from agents.api import Enclave
from app.gui.ledger import LedgerDialog
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL

BODY = json.dumps({"model": "gpt-x", "messages": [{"role": "user", "content": "Draft a letter to [PERSON_1] about [DATE_1]"}]}).encode()
REQUEST = ConsentRequest("https://api.example.com/v1/chat/completions", "gpt-x", BODY,
                         "Draft a letter to [PERSON_1] about [DATE_1]", ("[PERSON_1]", "[DATE_1]"))


def test_placeholders_are_highlighted_and_text_escaped():
    html = highlight_placeholders("<b>Hi</b> [PERSON_1] and [PERSON_10]", ("[PERSON_1]", "[PERSON_10]"))
    assert "&lt;b&gt;Hi&lt;/b&gt;" in html
    assert html.count("background-color:#ffd54f") == 2
    assert ">[PERSON_10]</span>" in html    # the longer placeholder is not split by the shorter one


def test_dialog_shows_endpoint_and_exact_bytes(qtbot):
    dialog = ConsentDialog(REQUEST)
    qtbot.addWidget(dialog)
    assert dialog.sketch_view.toPlainText().strip() == REQUEST.sketch
    assert json.loads(dialog.body_view.toPlainText()) == json.loads(BODY)
    assert "api.example.com/v1/chat/completions" in dialog.intro.text() and "gpt-x" in dialog.intro.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.deny_button.isDefault() and not dialog.send_button.isDefault()
    with qtbot.waitSignal(dialog.finished, timeout=2000) as finished:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)              # Enter means "Don't send"
    assert finished.args == [ConsentDialog.DialogCode.Rejected.value]


def _answer_dialog(broker: ConsentBroker, send: bool) -> None:
    def press() -> None:
        dialog = broker.last_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press)
            return
        (dialog.send_button if send else dialog.deny_button).click()
    QTimer.singleShot(20, press)


def test_dialog_shows_what_was_replaced_and_warns_when_the_task_is_lost(qtbot):
    from agents.events import Replacement
    replaced = (Replacement("Rachel Zheng", "[PERSON_1]", "PERSON", "a person's name"),
                Replacement("14 March 2024", "a date in March", "DATE", "a date"))
    request = ConsentRequest(REQUEST.endpoint, REQUEST.model, BODY, REQUEST.sketch, REQUEST.placeholders, replaced,
                             task_note='The redacted request no longer says what you want (missing: "Hamlet"). '
                                       "Edit it before sending?")
    dialog = ConsentDialog(request)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.replaced_view.toPlainText()
    assert "Rachel Zheng" in table and "[PERSON_1]" in table and "a person's name" in table
    assert "a date in March" in table and dialog.tabs.tabText(1) == "Replaced (2)"
    assert dialog.task_warning.isVisible() and "no longer says what you want" in dialog.task_warning.text()
    assert "recommended" in dialog.edit_button.text() and not dialog.edit_note.isVisible()
    plain = ConsentDialog(REQUEST)
    qtbot.addWidget(plain)
    assert not plain.task_warning.isVisible() and "Nothing was replaced" in plain.replaced_view.toPlainText()


def test_editing_returns_the_users_text_for_a_recheck(qtbot):
    from agents.events import EditedSketch
    broker = ConsentBroker()
    answers: list = []

    def edit_and_send() -> None:
        dialog = broker.last_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, edit_and_send)
            return
        dialog.edit_button.click()
        assert dialog.editor.isVisible() and not dialog.sketch_view.isVisible()
        assert dialog.send_button.text() == "Check edited text"
        dialog.editor.setPlainText("Draft a letter to [PERSON_1] about Hamlet")
        dialog.send_button.click()
    QTimer.singleShot(20, edit_and_send)
    worker = threading.Thread(target=lambda: answers.append(broker.ask(REQUEST, CancelToken())))
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=5000)
    assert answers == [EditedSketch("Draft a letter to [PERSON_1] about Hamlet")]


def test_editing_without_a_change_sends_the_proposal(qtbot):
    dialog = ConsentDialog(REQUEST)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edit_button.click()
    assert dialog.decision() is True


def test_worker_thread_blocks_until_the_user_answers(qtbot):
    broker = ConsentBroker()
    answers: list[bool] = []
    for send in (True, False):
        worker = threading.Thread(target=lambda: answers.append(broker.ask(REQUEST, CancelToken())))
        _answer_dialog(broker, send)
        worker.start()
        qtbot.waitUntil(lambda: not worker.is_alive(), timeout=5000)
    assert answers == [True, False]


def test_cancelling_the_run_unblocks_a_pending_consent_as_denied(qtbot):
    decided = threading.Event()
    broker = ConsentBroker(decide=lambda request: decided.wait(5) or False)
    cancel = CancelToken()
    answers: list[bool] = []
    worker = threading.Thread(target=lambda: answers.append(broker.ask(REQUEST, cancel)))
    worker.start()
    cancel.cancel()
    worker.join(2)
    decided.set()
    assert answers == [False]


def test_orchestrator_consent_goes_through_the_dialog(qtbot, make_app):
    core = FakeCore(answer="finished locally")
    core.consent_request = REQUEST
    seen: list[ConsentRequest] = []
    enclave = make_app(core, consent_decider=lambda request: seen.append(request) or False)
    enclave.window.chat.input.setPlainText("hard question")
    enclave.window.chat.send_button.click()
    qtbot.waitUntil(lambda: enclave.window.chat.turns[-1].status == "done", timeout=5000)
    assert seen == [REQUEST]
    assert "not sent (denied)" in dict(enclave.window.chat.trace.rows())["Cloud"]


def test_ledger_viewer_lists_everything_sent(qtbot, enclave_home):
    from agents.privacy.ledger import Ledger
    ledger_file = enclave_home / "cloud-ledger.jsonl"
    ledger = Ledger(ledger_file)
    first = ledger.record_request("https://a.example/v1", "m1", b'{"sketch": "first"}')
    ledger.record_result(first, "ok", 120, 0.5)
    ledger.record_request("https://b.example/v1", "m2", b'{"sketch": "second"}')   # died mid-send
    dialog = LedgerDialog(Enclave().ledger_entries(), ledger_file)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    newest = [dialog.table.item(0, c).text() for c in range(5)]
    assert newest[1:] == ["https://b.example/v1", "m2", "20", "unknown"]     # newest first
    assert dialog.payload.toPlainText() == '{"sketch": "second"}'
    dialog.table.selectRow(1)
    assert dialog.payload.toPlainText() == '{"sketch": "first"}'
    assert dialog.table.item(1, 4).text() == "ok"
    assert "2 requests have left" in dialog.summary.text()


def test_empty_ledger_says_nothing_was_sent(qtbot, enclave_home):
    dialog = LedgerDialog(Enclave().ledger_entries(), enclave_home / "cloud-ledger.jsonl")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert "Nothing has ever been sent" in dialog.summary.text()
    QApplication.processEvents()


def test_every_control_of_the_consent_dialog_has_a_name_and_a_description(qtbot):
    """A screen reader can name and explain every control Tab reaches, before and while editing."""
    from app.gui.a11y import unnamed
    dialog = ConsentDialog(REQUEST)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == []
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert unnamed(dialog) == [], dialog.tabs.tabText(tab)
    dialog.start_editing()
    assert unnamed(dialog) == []
    assert "checked" in dialog.send_button.accessibleDescription()
