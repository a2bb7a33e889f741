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
