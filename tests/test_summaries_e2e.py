"""Summaries through the front door with the real SmolLM2, the real index and the real MiniLM embedder: the
generated contract and meeting note keep their key facts, no shown sentence is refused by the claim check,
suggested questions are answered by the library's own search, and the model's wording is checked."""
from __future__ import annotations

import pytest

from agents.answers.claims import keep_supported
from agents.api import Enclave, FinalAnswer
from agents.summaries.model_pass import is_deletion
from agents.summaries.modes import KEY_SENTENCES, plain
from tests.answer_docs import CONTRACT, MEETING, contains_fact, make_documents

pytestmark = [pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]

CONTRACT_FACTS = [("Margaret Okafor",), ("Daniel Reyes",), ("14 Larch Road",), ("1 April 2024",), ("£1,725",),
                  ("£2,070",), ("two (2) months",)]


@pytest.fixture(scope="module")
def enclave(tmp_path_factory, real_model, real_embedder):
    from agents.core import Core
    from agents.platform.paths import DataPaths

    front = Enclave(Core(DataPaths(tmp_path_factory.mktemp("summaries-home")), real_model))
    yield front
    front.core.library().close()          # not front.close(): the session's model stays loaded


def summarize(enclave, path, mode):
    events = list(enclave.summarize(path, mode=mode))
    return next(e for e in events if isinstance(e, FinalAnswer))


def test_the_contract_summary_keeps_its_facts_and_nothing_the_check_refuses(enclave, tmp_path):
    folder = make_documents(tmp_path / "docs")
    answer = summarize(enclave, folder / "rental_contract.pdf", "short")
    shown = plain(answer.text)
    assert [f for f in CONTRACT_FACTS if not contains_fact(shown, f)] == [], answer.text
    assert keep_supported(shown, CONTRACT)[1] == []
    assert {c.page for c in answer.citations} <= {1, 2, 3} and len(answer.citations) <= 4
    note = summarize(enclave, folder / "falcon_kickoff.md", "key-points")
    assert "€48,000" in note.text and "Priya Natarajan will lead the design review" in note.text
    assert keep_supported(plain(note.text), MEETING)[1] == []


def test_suggested_questions_are_answered_by_a_search_of_the_library(enclave, tmp_path):
    folder = make_documents(tmp_path / "docs")
    answer = summarize(enclave, folder / "rental_contract.pdf", "questions")
    shown = answer.text.split("\n")
    if shown[0] == KEY_SENTENCES:                  # no question passed: said plainly, key sentences shown
        assert len(shown) > 1 and keep_supported(plain(answer.text), CONTRACT)[1] == []
        return
    library = enclave.core.library()
    for line, citation in zip(shown, answer.citations):
        question = line[2:].rsplit(" [", 1)[0]
        assert question.endswith("?")
        hits = library.search(question, k=5)
        assert any(citation.snippet.replace(" ", "")[:60] in hit.text.replace(" ", "").replace("\n", "")
                   for hit in hits), (question, citation.snippet)


def test_the_real_models_shortenings_pass_the_check_or_are_replaced(enclave, tmp_path):
    folder = make_documents(tmp_path / "docs")
    summarizer = enclave.core.orchestrator().summarizer
    before = summarizer.strategy
    summarizer.strategy = "shorten"
    try:
        answer = summarize(enclave, folder / "rental_contract.pdf", "key-points")
    finally:
        summarizer.strategy = before
    body = plain(answer.text)
    assert body and keep_supported(body, CONTRACT)[1] == []
    assert "No summary could be checked" not in answer.text
    for line in body.splitlines():                # every point is a source sentence or words deleted from one
        assert any(is_deletion(line, sentence) for page in CONTRACT for sentence in page.split(". ")
                   if sentence) or any(line.rstrip(".") in page for page in CONTRACT), line
