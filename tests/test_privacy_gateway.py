"""The cloud route end to end against a real HTTP server on 127.0.0.1.

What reaches the server is compared with the planted personal data, the consent
event and the ledger, byte for byte; denial and every fault end in a local answer.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken
from agents.events import CloudExchange, ConsentRequest, ErrorEvent, FinalAnswer, Route
from agents.experts.cloud import run_cloud_expert
from agents.platform.paths import data_paths
from agents.privacy.ledger import Ledger
from agents.privacy.sketch import SELECT_SYSTEM
from agents.platform.settings import Settings
from rag.types import Passage
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401
from tests.fakes import ScriptedModel

KEY = "sk-live-9fQ2wRtY7uIoP3aSdF"
REQUEST = ("Please draft a complaint from Rachel Zheng (rachel.zheng@mailbox.example, +44 20 7946 0958) to "
           "Kowalczyk Logistics: my card 4111 1111 1111 1111 was charged twice, refund to IBAN "
           "GB82 WEST 1234 5698 7654 32. I live at 17 Larkspur Road, Leeds.")
PLANTED = ["Rachel", "Zheng", "rachel.zheng@mailbox.example", "7946", "4111", "GB82", "Kowalczyk", "Larkspur",
           "Leeds", "Brandauer", "Okonkwo"]
LIBRARY_NAMES = {"Kowalczyk Logistics", "Ilse Brandauer", "Leeds"}


class NamesOnlyLibrary:
    """Just the part of Library the gateway reads (the real one is used in the CLI tests' path)."""

    def entity_names(self) -> set[str]:
        return set(LIBRARY_NAMES)


def passages() -> list[Passage]:
    text = "Invoice 2231 from Kowalczyk Logistics, approved by Ilse Brandauer and Dr Amara Okonkwo."
    return [Passage("c1", "d1", "/docs/invoice.pdf", 2, 2, 0, len(text), text, 0.9)]


def copying_model(final: str = "Here is your complaint.") -> ScriptedModel:
    """A local model that removes no sentence: the whole redacted request is what would leave."""
    def reply(messages: Sequence[dict]) -> dict | str:
        if messages[0]["content"] == SELECT_SYSTEM:
            return {"remove": []}
        return final
    return ScriptedModel(default=reply)


def settings_for(server: CloudServer, **extra: object) -> Settings:
    values: dict = {"cloud_endpoint": server.base_url, "cloud_model": "test-model", "cloud_timeout_s": 3.0, **extra}
    return Settings(**values)


def run(model, settings: Settings, consent, request: str = REQUEST) -> list:
    return list(run_cloud_expert(request, passages(), core_model=model, library=NamesOnlyLibrary(),
                                 settings=settings, paths=data_paths().ensure(), consent=consent,
                                 cancel=CancelToken()))


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ENCLAVE_CLOUD_API_KEY", KEY)
    return KEY


def test_only_the_redacted_sketch_reaches_the_cloud(cloud_server: CloudServer) -> None:
    model = copying_model()
    asked: list[ConsentRequest] = []
    events = run(model, settings_for(cloud_server), lambda r: asked.append(r) or True)
    [received] = cloud_server.received
    wire = cloud_server.all_bytes.lower()
    for datum in PLANTED:
        assert datum.lower().encode() not in wire, datum
    # The consent event showed exactly the bytes that were sent; the ledger holds the same bytes.
    assert [e for e in events if isinstance(e, ConsentRequest)] == asked
    assert asked[0].body == received.body
    [entry] = Ledger(data_paths().ledger_file).entries()
    assert entry.payload.encode("utf-8") == received.body and entry.outcome == "ok"
    assert entry.endpoint == asked[0].endpoint == cloud_server.base_url + "/chat/completions"
    assert "<NAME_1>" in asked[0].sketch and "<EMAIL_1>" in asked[0].sketch
    # The draft came back with placeholders restored locally, for the local model to finish.
    finish_prompt = model.calls[-1][-1]["content"]
    assert "Draft:" in finish_prompt and "Rachel Zheng" in finish_prompt and "<NAME_1>" not in finish_prompt
    assert any(isinstance(e, CloudExchange) and e.sent and e.outcome == "ok" for e in events)
    final = events[-1]
    assert isinstance(final, FinalAnswer) and final.route == Route.CLOUD and final.text


@pytest.mark.parametrize("consent", [lambda request: False, None])
def test_denial_sends_nothing_and_still_answers(cloud_server: CloudServer, consent) -> None:
    events = run(copying_model("A local answer."), settings_for(cloud_server), consent)
    assert cloud_server.received == []
    assert not data_paths().ledger_file.exists()
    assert CloudExchange(cloud_server.base_url + "/chat/completions", False, "denied") in events
    assert isinstance(events[-1], FinalAnswer) and events[-1].text == "A local answer."


def test_cloud_off_answers_locally_without_asking(cloud_server: CloudServer) -> None:
    events = run(copying_model("Local."), Settings(), lambda r: True)
    assert not [e for e in events if isinstance(e, ConsentRequest)]
    assert any(isinstance(e, ErrorEvent) and "set-endpoint" in e.message for e in events)
    assert cloud_server.received == [] and events[-1].text == "Local."


def test_missing_key_is_reported(cloud_server: CloudServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENCLAVE_CLOUD_API_KEY")
    events = run(copying_model("Local."), settings_for(cloud_server), lambda r: True)
    assert any(isinstance(e, ErrorEvent) and "set-key" in e.message for e in events)
    assert cloud_server.received == [] and isinstance(events[-1], FinalAnswer)


@pytest.mark.parametrize("mode, outcome", [("unauthorized", "http 401"), ("error", "http 500"),
                                           ("malformed", "malformed"), ("slow", "timeout"),
                                           ("stream-forever", "timeout")])
def test_faults_fall_back_to_a_local_answer(cloud_server: CloudServer, mode: str, outcome: str) -> None:
    cloud_server.mode, cloud_server.delay = mode, 10
    events = run(copying_model("Local fallback."), settings_for(cloud_server, cloud_timeout_s=1.5),
                 lambda r: True)
    errors = [e.message for e in events if isinstance(e, ErrorEvent)]
    assert len(errors) == 1 and "answering locally" in errors[0]
    for datum in [*PLANTED, KEY]:
        assert datum.lower() not in errors[0].lower()
    exchange = next(e for e in events if isinstance(e, CloudExchange))
    assert exchange.sent and (exchange.outcome == outcome or (mode == "stream-forever" and exchange.outcome == "too large"))
    assert events[-1].text == "Local fallback."
    [entry] = Ledger(data_paths().ledger_file).entries()
    assert entry.outcome == exchange.outcome
    assert entry.payload.encode() == cloud_server.received[0].body


def test_the_key_never_lands_in_files_or_logs(cloud_server: CloudServer, caplog: pytest.LogCaptureFixture,
                                              enclave_home: Path) -> None:
    caplog.set_level(logging.DEBUG)
    run(copying_model(), settings_for(cloud_server), lambda r: True)
    cloud_server.mode = "unauthorized"
    run(copying_model(), settings_for(cloud_server), lambda r: True)
    assert len(cloud_server.received) == 2
    assert f"Bearer {KEY}".encode() in cloud_server.received[0].raw   # it was used...
    files = [p for p in enclave_home.rglob("*") if p.is_file()]
    assert files   # the ledger at least
    for path in files:                                                 # ...and stored nowhere
        assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in caplog.text


@pytest.mark.model
def test_real_model_sketch_keeps_planted_data_local(real_model, cloud_server: CloudServer) -> None:
    asked: list[ConsentRequest] = []
    settings = settings_for(cloud_server, max_answer_tokens=48)
    events = run(real_model, settings, lambda r: asked.append(r) or True)
    [received] = cloud_server.received
    for datum in PLANTED:
        assert datum.lower().encode() not in cloud_server.all_bytes.lower(), datum
    assert asked[0].body == received.body
    assert 10 <= len(asked[0].sketch) <= 402
    [entry] = Ledger(data_paths().ledger_file).entries()
    assert entry.payload.encode() == received.body
    assert isinstance(events[-1], FinalAnswer) and events[-1].text.strip()


def test_opt_in_model_detection_hides_names_the_rules_miss(cloud_server: CloudServer) -> None:
    request = "please write a polite reminder to the accounts team of bluefinch dairy about an unpaid bill"

    def reply(messages: Sequence[dict]) -> dict | str:
        if messages[0]["content"] == SELECT_SYSTEM:
            return {"remove": []}
        if "names" in messages[0]["content"].lower() or "name" in messages[0]["content"].lower():
            return {"names": ["bluefinch dairy"]}
        return "Done."
    run(ScriptedModel(default=reply), settings_for(cloud_server, cloud_model_detection=True), lambda r: True,
        request=request)
    [received] = cloud_server.received
    assert b"bluefinch" not in received.body.lower() and b"unpaid bill" in received.body


def test_cancel_while_asking_sends_nothing(cloud_server: CloudServer) -> None:
    from agents.platform.cancel import Cancelled

    cancel = CancelToken()

    def consent(request: ConsentRequest) -> bool:
        cancel.cancel()          # the user pressed Stop while the dialog was open
        return True
    events = []
    with pytest.raises(Cancelled):
        for event in run_cloud_expert(REQUEST, passages(), core_model=copying_model(), library=NamesOnlyLibrary(),
                                      settings=settings_for(cloud_server), paths=data_paths().ensure(),
                                      consent=consent, cancel=cancel):
            events.append(event)
    assert cloud_server.received == [] and not data_paths().ledger_file.exists()
    assert not [e for e in events if isinstance(e, FinalAnswer)]


def test_an_edit_is_rechecked_and_shown_again_before_anything_is_sent(cloud_server: CloudServer) -> None:
    from agents.events import EditedSketch

    asked: list[ConsentRequest] = []
    edit = ("Please draft a complaint from Rachel Zheng to my bank about a double charge; "
            "call me on +44 20 7946 0958.")
    answers = iter([EditedSketch(edit), True])
    events = run(copying_model(), settings_for(cloud_server), lambda r: asked.append(r) or next(answers))
    first, second = asked
    assert first.replacements and not first.edit_note
    assert {r.kind for r in first.replacements} >= {"EMAIL", "CARD", "IBAN", "PHONE"}
    # The edit went through the same detector: the name it re-typed and the new phone number were replaced.
    assert "Rachel" not in second.sketch and "7946" not in second.sketch
    assert second.sketch.startswith("Please draft a complaint from <NAME_1> to my bank about a double charge")
    assert "<PHONE_" in second.sketch and "replaced" in second.edit_note
    [received] = cloud_server.received
    assert received.body == second.body and json_user(received.body) == second.sketch
    for datum in PLANTED:
        assert datum.lower().encode() not in cloud_server.all_bytes.lower(), datum
    [entry] = Ledger(data_paths().ledger_file).entries()
    assert entry.payload.encode("utf-8") == second.body
    assert [e for e in events if isinstance(e, ConsentRequest)] == asked


def test_an_edit_that_is_then_refused_sends_nothing(cloud_server: CloudServer) -> None:
    from agents.events import EditedSketch

    answers = iter([EditedSketch("Draft a complaint about a double charge."), False])
    events = run(copying_model("Local."), settings_for(cloud_server), lambda r: next(answers))
    assert cloud_server.received == [] and not data_paths().ledger_file.exists()
    assert len([e for e in events if isinstance(e, ConsentRequest)]) == 2
    assert events[-1].text == "Local."


def test_the_consent_request_says_when_the_task_was_lost(cloud_server: CloudServer) -> None:
    asked: list[ConsentRequest] = []
    run(copying_model(), settings_for(cloud_server), lambda r: asked.append(r) and False,
        request="Summarize Kowalczyk Logistics for my manager.")
    [question] = asked
    assert question.sketch.startswith("Summarize <NAME_1>") and "Kowalczyk" not in question.sketch
    assert "no longer says what you want" in question.task_note and '"Kowalczyk"' in question.task_note
    assert cloud_server.received == []


def json_user(body: bytes) -> str:
    import json
    return json.loads(body)["messages"][-1]["content"]
