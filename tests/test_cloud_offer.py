"""Hard requests: the local estimate, the offer (never an automatic send), accepting and declining.

Unit tests use the scripted model and a small deterministic embedding; the end-to-end test runs
the real embedded SmolLM2, the real library and embedding model, and the recording cloud stand-in.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.events import CloudOffer, ConsentRequest, FinalAnswer, Route
from agents.routing.hardness import Attempt, Exemplars, HardnessEstimator, private_share
from agents.routing.offer import OfferPolicy
from agents.orchestrator import Orchestrator
from agents.platform.paths import data_paths
from agents.privacy.detect import Detector
from agents.privacy.ledger import Ledger
from agents.privacy.sketch import SELECT_SYSTEM
from agents.platform.settings import Settings
from tests.cloud_server import CloudServer, cloud_server  # noqa: F401
from tests.fakes import ScriptedModel

KEY = "sk-test-offer-key-123456"
EXEMPLARS = Exemplars(
    texts=("explain how photosynthesis works", "write a cover letter for a job", "explain the causes of the war",
           "hello there", "what time is it", "thanks a lot",
           "what does my contract say about the rent", "when is my invoice due"),
    labels=("large", "large", "large", "local", "local", "local", "documents", "documents"),
    threshold=0.5)


def bag_of_words(texts: Sequence[str]) -> list[list[float]]:
    """A deterministic stand-in embedding: hashed word counts (enough to tell these requests apart)."""
    vectors = []
    for text in texts:
        vector = [0.0] * 64
        for word in re.findall(r"\w+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        vectors.append(vector)
    return vectors


def estimator(k: int = 3) -> HardnessEstimator:
    return HardnessEstimator(bag_of_words, EXEMPLARS, k=k)


def test_the_estimate_votes_and_reads_the_attempt():
    hard = estimator().estimate("explain how photosynthesis works in plants")
    assert hard.hard and "beyond the local model" in hard.reason and "photosynthesis" in hard.reason
    assert not estimator().estimate("hello there, thanks").hard
    supported = estimator().estimate("explain how photosynthesis works", Attempt("documents", "It uses light.", True))
    assert not supported.hard and supported.reason == "answered from your documents"
    echo = estimator().estimate("what time is it", Attempt("direct", "what time is it", True))
    assert "repeated the question" in echo.reason


def test_mostly_private_requests_are_measured():
    request = "Rachel Zheng, rachel.zheng@mail.example, +44 20 7946 0958"
    assert private_share(request, Detector().detect(request)) > 0.8
    assert private_share("explain photosynthesis", Detector().detect("explain photosynthesis")) == 0.0


def settings_for(server: CloudServer | None, **extra) -> Settings:
    values = {"cloud_endpoint": server.base_url if server else "", "cloud_model": "m" if server else "", **extra}
    return Settings(**values)


def policy(settings: Settings) -> OfferPolicy:
    return OfferPolicy(settings, bag_of_words, estimator=estimator())


def test_no_endpoint_or_never_means_no_offer(cloud_server: CloudServer):
    assert policy(settings_for(None)).judge("explain how photosynthesis works") is None
    assert policy(settings_for(cloud_server, cloud_offer="never")).judge("explain how photosynthesis works") is None
    offer = policy(settings_for(cloud_server)).judge("explain how photosynthesis works",
                                                     Attempt("direct", "Plants.", True))
    assert offer is not None and offer.offered
    private = policy(settings_for(cloud_server)).judge("explain Rachel Zheng rachel.zheng@mail.example 4111 1111 1111 1111")
    assert private is not None and not private.offered and "private details" in private.reason


def copying_model(final: str = "A short local answer.") -> ScriptedModel:
    def reply(messages):
        if messages[0]["content"] == SELECT_SYSTEM:
            return {"remove": []}
        return final
    return ScriptedModel(default=reply)


@pytest.fixture
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENCLAVE_CLOUD_API_KEY", KEY)


@pytest.mark.usefixtures("api_key")
def test_the_offer_follows_the_local_answer_and_accepting_asks_consent(cloud_server: CloudServer):
    orchestrator = Orchestrator(copying_model(), None, settings=settings_for(cloud_server), embed=bag_of_words)
    orchestrator.offers = policy(orchestrator.settings)
    events = list(orchestrator.run("explain how photosynthesis works", route=None))
    kinds = [type(e).__name__ for e in events]
    assert kinds.index("FinalAnswer") < kinds.index("CloudOffer") and cloud_server.received == []

    asked: list[ConsentRequest] = []
    events = list(orchestrator.run("explain how photosynthesis works", accept_offer=lambda offer: True,
                                   consent=lambda request: asked.append(request) or True))
    [received] = cloud_server.received
    assert received.body == asked[0].body
    [entry] = Ledger(data_paths().ledger_file).entries()
    assert entry.payload.encode() == received.body
    assert isinstance(events[-1], FinalAnswer) and events[-1].route == Route.CLOUD

    events = list(orchestrator.run("explain how photosynthesis works", accept_offer=lambda offer: True,
                                   consent=lambda request: False))
    assert len(cloud_server.received) == 1          # declined at the consent dialog: nothing more was sent


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.usefixtures("api_key")
def test_end_to_end_with_the_real_model_and_library(real_model, real_embedder, cloud_server: CloudServer,
                                                    tmp_path: Path):
    from agents.orchestrator import library_embedder
    from rag.library import Library

    notes = tmp_path / "docs" / "boiler.txt"
    notes.parent.mkdir()
    notes.write_text("Service record. The Orion boiler in the cellar was serviced by Nordlicht Heating on "
                     "12 March 2024. The warranty for the Orion boiler lasts seven years.\n", encoding="utf-8")
    library = Library(tmp_path / "library", embedder=real_embedder)
    try:
        list(library.index([notes.parent]))
        orchestrator = Orchestrator(real_model, library, settings=settings_for(cloud_server, max_answer_tokens=48),
                                    embed=library_embedder(library))
        doc_events = list(orchestrator.run("How long does the warranty for the Orion boiler last?"))
        assert not any(isinstance(e, CloudOffer) and e.offered for e in doc_events)
        assert cloud_server.received == []

        asked: list[ConsentRequest] = []
        events = list(orchestrator.run("Explain in detail how photosynthesis works in plants.",
                                       accept_offer=lambda offer: True,
                                       consent=lambda request: asked.append(request) or True))
        offers = [e for e in events if isinstance(e, CloudOffer)]
        assert offers and offers[0].offered, [type(e).__name__ for e in events]
        [received] = cloud_server.received
        assert received.body == asked[0].body
        [entry] = Ledger(data_paths().ledger_file).entries()
        assert entry.payload.encode() == received.body

        off = Orchestrator(real_model, library, settings=settings_for(None, max_answer_tokens=32),
                           embed=library_embedder(library))
        events = list(off.run("Explain in detail how photosynthesis works in plants."))
        assert not any(isinstance(e, CloudOffer) for e in events) and len(cloud_server.received) == 1
    finally:
        library.close()


def test_naming_people_from_the_documents_marks_a_documents_question():
    from agents.routing.hardness import mentioned_names

    names = {"Anna Berg", "Li Hua", "Acme", "2024 Budget"}
    assert mentioned_names("What did anna berg say about the draft?", names) == ["Anna Berg"]
    assert mentioned_names("Did LiHua reply?", names) == ["Li Hua"]
    assert mentioned_names("Explain the annals of history", names) == []
    plain = estimator().estimate("explain how photosynthesis works")
    named = estimator().estimate("explain how photosynthesis works", known_names={"Photosynthesis Club"})
    assert named.score == plain.score
    lowered = estimator().estimate("explain what Anna Berg wrote about photosynthesis", known_names=names)
    assert "Anna Berg from your documents" in lowered.reason
    assert lowered.score < estimator().estimate("explain what Anna Berg wrote about photosynthesis").score
