"""Chat in the main window against the scripted fake core: streaming, sources, trace, stop, history, errors."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QGuiApplication

from agents.engine.runtime import ModelError
from app.gui import documents
from tests.gui_fakes import QT_WARNINGS_FAIL, FakeCore, ask, make_app  # noqa: F401 - fixture

pytestmark = QT_WARNINGS_FAIL


def test_answer_streams_with_sources_snippets_and_trace(qtbot, make_app, tmp_path):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    core = FakeCore(answer="The total is **42 euros**.", sources=[(str(pdf), 3, "Total due: 42 euros, payable by March.")])
    enclave = make_app(core)
    window = enclave.window
    ask(qtbot, enclave, "What is the invoice total?")
    turn = window.chat.turns[-1]
    assert turn.status == "done"
    assert turn.answer == "The total is **42 euros**."
    text = window.chat.transcript.toPlainText()
    assert "What is the invoice total?" in text and "42 euros" in text and "**" not in text  # rendered Markdown
    assert "invoice.pdf p.3" in text
    assert [c.label for c in window.sources.citations] == ["invoice.pdf p.3"]
    assert "Total due: 42 euros" in window.sources.list.item(0).text()
    rows = dict(window.chat.trace.rows())
    assert rows["Route"].startswith("documents") and "search_documents" in rows["Tool call"]
    assert "invoice.pdf p.3" in rows["Retrieval"]
    assert window.session.conversation_id  # the core stored it and told us its id


def test_clicking_a_source_previews_it_and_the_system_viewer_opens_it_at_its_page(qtbot, make_app, tmp_path,
                                                                                  monkeypatch):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 fake")
    opened = []
    monkeypatch.setattr(documents, "opener", lambda url: opened.append(url.toString()) or True)
    enclave = make_app(FakeCore(sources=[(str(pdf), 5, "the figures")]))
    ask(qtbot, enclave, "figures?")
    item = enclave.window.sources.list.item(0)
    enclave.window.sources.list.itemActivated.emit(item)
    pane = enclave.window.preview
    assert enclave.window.side_tabs.currentWidget() is pane
    qtbot.waitUntil(lambda: pane.status.text().startswith("Cannot show this source"), timeout=10_000)
    assert "cannot be opened as a PDF" in pane.status.text()
    pane.open_button.click()
    assert opened == [f"file://{pdf}#page=5"]
    pdf.unlink()
    pane.open_button.click()
    assert opened == [f"file://{pdf}#page=5"]
    assert "no longer exists" in enclave.controller.errors.history[-1].message


def test_question_typed_while_model_loads_is_answered_once_ready(qtbot, make_app):
    gate = threading.Event()
    enclave = make_app(FakeCore(answer="ready now", load_gate=gate), wait_ready=False)
    window = enclave.window
    qtbot.waitUntil(lambda: window.stage_label.text() == "Loading model…", timeout=5000)
    assert window.stage_busy.isVisible()
    window.chat.input.setPlainText("hello?")
    window.chat.send_button.click()
    assert "Waiting for the model" in window.chat.status.text()
    assert window.chat.turns[-1].status == "waiting"
    gate.set()
    qtbot.waitUntil(lambda: window.chat.turns[-1].status == "done", timeout=10_000)
    assert window.chat.last_answer() == "ready now"
    qtbot.waitUntil(lambda: window.stage_label.text() == "Ready", timeout=5000)
    assert not window.stage_busy.isVisible()


def test_stop_cancels_within_one_token(qtbot, make_app):
    core = FakeCore(answer=" ".join(f"w{i}" for i in range(200)))
    core.token_delay = 0.02
    enclave = make_app(core)
    chat = enclave.window.chat
    chat.input.setPlainText("long answer please")
    chat.send_button.click()
    qtbot.waitUntil(lambda: len(chat.turns[-1].answer.split()) >= 3, timeout=5000)
    assert chat.stop_button.isEnabled()
    chat.stop_button.click()
    shown = chat.turns[-1].answer
    yielded_at_stop = core._orchestrator.tokens_yielded
    qtbot.waitUntil(lambda: not enclave.window.session.busy, timeout=5000)
    assert chat.turns[-1].status == "stopped"
    assert core._orchestrator.tokens_yielded - yielded_at_stop <= 1
    assert chat.turns[-1].answer == shown          # nothing rendered after Stop
    assert "(stopped)" in chat.transcript.toPlainText()


def test_regenerate_and_copy(qtbot, make_app):
    core = FakeCore(answer="first answer")
    enclave = make_app(core)
    ask(qtbot, enclave, "question one")
    chat = enclave.window.chat
    chat.copy_button.click()
    assert QGuiApplication.clipboard().text() == "first answer"
    core.answer = "second answer"
    chat.regenerate_button.click()
    qtbot.waitUntil(lambda: chat.turns[-1].status == "done" and chat.last_answer() == "second answer", timeout=5000)
    assert len(chat.turns) == 1
    assert [r for r, _ in core._orchestrator.requests] == ["question one", "question one"]


def test_conversation_list_comes_from_the_stored_history(qtbot, make_app):
    core = FakeCore(answer="stored answer")
    enclave = make_app(core)
    window = enclave.window
    ask(qtbot, enclave, "first conversation")
    first_id = window.session.conversation_id
    ask(qtbot, enclave, "follow-up")
    assert core._orchestrator.requests[-1] == ("follow-up", first_id)
    window.new_chat_action.trigger()
    assert window.chat.turns == [] and window.session.conversation_id is None
    ask(qtbot, enclave, "second conversation")
    qtbot.waitUntil(lambda: window.conversations.list.count() == 2, timeout=5000)
    titles = [window.conversations.list.item(i).text().split("\n") for i in range(2)]
    assert [t[0] for t in titles] == ["second conversation", "first conversation"]
    assert all(t[1].startswith("Today ") for t in titles)          # chats are listed with their dates
    window.conversations.list.itemClicked.emit(window.conversations.list.item(1))
    qtbot.waitUntil(lambda: len(window.chat.turns) == 2, timeout=5000)
    assert [t.question for t in window.chat.turns] == ["first conversation", "follow-up"]
    assert window.chat.turns[0].answer == "stored answer"
    assert window.session.conversation_id == first_id
    window.conversations.list.setCurrentRow(1)
    window.conversations.delete_action.trigger()            # the list's context menu / Delete key
    qtbot.waitUntil(lambda: window.conversations.list.count() == 1, timeout=5000)
    assert window.conversations.list.item(0).text().split("\n")[0] == "second conversation"
    assert window.chat.turns == [] and window.session.conversation_id is None    # it was the open one
    assert not core.history().exists(first_id)


@pytest.mark.parametrize("error, expected, is_bug", [
    (ModelError("model.gguf: the model needs 9 GiB of memory"), "the model needs 9 GiB", False),
    (KeyError("oops"), "This is a bug in Enclave", True),
])
def test_core_errors_reach_the_user_through_one_channel(qtbot, make_app, error, expected, is_bug):
    core = FakeCore()
    core.fail_with = error
    enclave = make_app(core)
    ask(qtbot, enclave, "anything")
    qtbot.waitUntil(lambda: bool(enclave.controller.errors.history), timeout=5000)   # reported after the job ends
    info = enclave.controller.errors.history[-1]
    assert expected in info.message and info.is_bug is is_bug
    assert "Traceback" not in info.message
    if is_bug:
        assert "Traceback" in info.details and "KeyError" in info.details
    assert enclave.window.chat.turns[-1].status == "failed"
    assert expected in enclave.window.chat.transcript.toPlainText()


def test_ask_the_cloud_forces_the_cloud_route_for_one_question(qtbot, make_app):
    from agents.events import Route
    core = FakeCore()
    enclave = make_app(core)
    chat = enclave.window.chat
    chat.cloud_button.setChecked(True)
    ask(qtbot, enclave, "a hard question")
    assert not chat.cloud_button.isChecked()
    ask(qtbot, enclave, "an easy one")
    assert core._orchestrator.routes == [Route.CLOUD, None]


def test_stopping_a_queued_question_leaves_other_queued_work_alone(qtbot, make_app, tmp_path):
    gate = threading.Event()
    core = FakeCore(answer="only the second", load_gate=gate)
    enclave = make_app(core, wait_ready=False)
    chat = enclave.window.chat
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("a")
    enclave.indexer.add([docs])                     # queued until the model is ready
    chat.input.setPlainText("first, then stopped")
    chat.send_button.click()
    chat.stop_button.click()
    assert chat.turns[-1].status == "stopped"
    chat.input.setPlainText("second")
    chat.send_button.click()
    gate.set()
    qtbot.waitUntil(lambda: chat.turns[-1].status == "done", timeout=10_000)
    qtbot.waitUntil(lambda: enclave.window.library.table.rowCount() == 1, timeout=10_000)
    assert [r for r, _ in core._orchestrator.requests] == ["second"]


def test_streaming_re_renders_only_the_last_turn_and_matches_a_full_render(qtbot):
    from app.gui.chat_panel import ChatPanel
    from agents.events import Citation
    live, full = ChatPanel(), ChatPanel()
    qtbot.addWidget(live)
    qtbot.addWidget(full)
    for n in range(3):
        live.start_turn(f"question {n}")
        for word in ("Some ", "**bold** ", "answer ", f"{n}."):
            live.append_token(word)
            live.render_tail()
        live.finish_turn("done", citations=[Citation(f"doc{n}.pdf p.{n + 1}", f"/d/doc{n}.pdf", n + 1, "snip")])
    live.start_turn("regenerated soon")
    live.finish_turn("stopped")
    live.turns.pop()                                   # what Regenerate does before asking again
    live.start_turn("regenerated soon")
    live.append_token("again")
    live.finish_turn("done")
    full.turns = live.turns
    full.render()
    assert live.transcript.toPlainText() == full.transcript.toPlainText()
    assert live.transcript.toPlainText().count("question 1") == 1
    assert live.transcript.toPlainText().count("regenerated soon") == 1 and "(stopped)" not in live.transcript.toPlainText()
    clicked = []
    live.citation_clicked.connect(clicked.append)
    from PySide6.QtCore import QUrl
    live.transcript.anchorClicked.emit(QUrl("cite:1/0"))
    assert clicked[0].label == "doc1.pdf p.2"


def test_a_cloud_offer_shows_under_the_answer_and_accepting_asks_again_through_the_cloud(qtbot, make_app):
    from agents.events import CloudOffer, Route

    core = FakeCore(answer="Plants use light.")
    core.cloud_offer = CloudOffer(True, "This looks beyond the local model: it asks for an explanation.", 0.8)
    enclave = make_app(core)
    ask(qtbot, enclave, "Explain photosynthesis in detail")
    panel = enclave.window.chat
    assert panel.turns[-1].offer.startswith("This looks beyond the local model")
    assert "Ask the cloud with a redacted sketch" in panel.transcript.toPlainText()
    assert core.orchestrator().routes == [None]
    panel.offer_accepted.emit(len(panel.turns) - 1)
    qtbot.waitUntil(lambda: not enclave.window.session.busy and len(core.orchestrator().routes) == 2, timeout=10_000)
    assert core.orchestrator().routes[-1] == Route.CLOUD
    assert core.orchestrator().requests[-1][0] == "Explain photosynthesis in detail"
    assert panel.turns[0].offer == ""        # the offer was taken: its link is gone


def test_how_i_answered_starts_with_one_plain_sentence(qtbot, make_app):
    core = FakeCore(answer="It lasts seven years.", sources=[("/docs/report.pdf", 2, "The warranty lasts seven years.")])
    enclave = make_app(core)
    ask(qtbot, enclave, "How long is the warranty?")
    how = enclave.window.chat.how
    assert how.isVisibleTo(enclave.window) and how.text() == "Answered from report.pdf p.2."


def test_ask_first_asks_before_answering_locally(qtbot, make_app):
    """Setting "ask first": the offer comes before the local answer; yes sends the question the cloud way."""
    from agents.events import CloudOffer, Route

    asked: list[object] = []
    core = FakeCore(answer="Plants use light.")
    core.cloud_offer = CloudOffer(True, "This looks beyond the local model.", 0.9, before_local=True)
    enclave = make_app(core, consent_decider=lambda request: asked.append(request) or True)
    ask(qtbot, enclave, "Explain photosynthesis in detail")
    assert asked == [core.cloud_offer]
    assert core.orchestrator().routes == [Route.CLOUD]


def test_the_offer_question_defaults_to_no(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from agents.events import CloudOffer
    from app.gui.consent import ask_about_offer

    def press_enter() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "cloudOfferBox" and w.isVisible())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.defaultButton().click()
    QTimer.singleShot(100, press_enter)
    assert ask_about_offer(CloudOffer(True, "Hard.", 0.9, before_local=True), None) is False
