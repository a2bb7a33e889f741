"""One chat through the real core (embedded SmolLM2 in its engine, real index): five complete questions over
generated documents, each answered with its own fact and page, the view on each new answer, and Stop clicked
mid-answer at its place on screen with xdotool. Run by tests/test_gui_on_screen.py under Xvfb (xcb)."""
from __future__ import annotations

import pytest

from tests.answer_docs import contains_fact, make_documents
from tests.gui_fakes import QT_WARNINGS_FAIL, make_app  # noqa: F401 - fixture
from tests.on_screen.screen import click_with_xdotool, last_visible, on_screen
from tests.test_gui_e2e import SharedModelCore

pytestmark = [*QT_WARNINGS_FAIL, pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]

# (question, the fact in one of its spellings, the source label the answer must cite)
CONVERSATION = [
    ("How much is the monthly rent?", ("£1,725", "1,725", "1725"), "rental_contract.pdf p.1"),
    ("How much is the security deposit?", ("£2,070", "2,070", "2070"), "rental_contract.pdf p.2"),
    ("What is the notice period for ending the tenancy?", ("two (2) months", "2 months", "two months"),
     "rental_contract.pdf p.3"),
    ("Who will lead the design review for Project Falcon?", ("Priya Natarajan",), "falcon_kickoff.md"),
    ("When does the tenancy begin?", ("1 April 2024", "April 1, 2024", "2024-04-01"), "rental_contract.pdf p.3"),
]
STORY = "Write a long story about a lighthouse keeper and his cat, in ten chapters."


def send(qtbot, chat, question: str) -> None:
    chat.input.setPlainText(question)
    chat.send_button.click()


def test_one_chat_five_questions_each_with_its_fact_and_page_and_stop_clicked_on_screen(qtbot, make_app, tmp_path,
                                                                                       real_model, real_embedder):
    docs = make_documents(tmp_path / "documents")
    enclave = make_app(SharedModelCore(model=real_model))
    window = enclave.window
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.stage_label.text() == "Ready", timeout=120_000)
    enclave.indexer.add([str(docs)])
    expected = len(list(docs.iterdir()))
    qtbot.waitUntil(lambda: not enclave.indexer.running and len(enclave.indexer.documents) == expected, timeout=300_000)
    chat = window.chat
    conversation = None
    for number, (question, fact, label) in enumerate(CONVERSATION):
        if number == 2:                       # mid-conversation: a long answer, stopped by a click on Stop
            send(qtbot, chat, STORY)
            qtbot.waitUntil(lambda: len(chat.turns[-1].answer.split()) >= 3, timeout=180_000)
            turns = len(chat.turns)
            click_with_xdotool(on_screen(chat.stop_button))
            qtbot.waitUntil(lambda: chat.turns[-1].status == "stopped", timeout=10_000)
            shown = chat.turns[-1].answer
            qtbot.waitUntil(lambda: not window.session.busy, timeout=30_000)
            assert len(chat.turns) == turns and chat.turns[-1].question == STORY     # not Regenerate
            assert chat.turns[-1].answer == shown and chat.status.text() == "Stopped"
        send(qtbot, chat, question)
        qtbot.waitUntil(lambda: chat.turns[-1].status in ("done", "failed"), timeout=240_000)
        turn = chat.turns[-1]
        assert turn.status == "done", turn.note
        answer_line = turn.answer.split("\nFrom ", 1)[0]
        assert contains_fact(answer_line, fact), f"{question!r} was answered {turn.answer!r}"
        labels = [c.label for c in turn.citations]           # "file p.N", or "file § section" without pages
        assert any(cited == label or cited.startswith(label + " § ") for cited in labels), (question, labels)
        qtbot.wait(150)
        assert last_visible(chat.transcript, answer_line.split(" [", 1)[0][:20]), f"{question!r}: answer off screen"
        bar = chat.transcript.verticalScrollBar()
        assert bar.value() == bar.maximum()
        conversation = conversation or window.session.conversation_id
        assert window.session.conversation_id == conversation                  # one chat throughout
    assert [t.question for t in chat.turns] == [q for q, _f, _l in CONVERSATION[:2]] + [STORY] + \
        [q for q, _f, _l in CONVERSATION[2:]]
    assert enclave.controller.errors.history == []
