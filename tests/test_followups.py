"""Follow-ups that follow: a complete question is searched on its own words; only a request that depends on
the turn before (an ellipsis, a pronoun without its noun) is completed into a standalone question.

The symptom: in one chat over a rental contract, a meeting note and a budget review, "How much is the
deposit?" was answered "Two (2) months" (the previous answer) because the previous question and the new
one were searched glued together. The conversation tests ask nine questions in ONE conversation, through
the front door (agents.api.Enclave.ask with a conversation id) and through `enclave ask --continue`, with
the real SmolLM2 and a real index, and check every answer for its own fact and not the previous one's.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.routing.followup import standalone
from tests.answer_docs import contains_fact, make_documents

# The budget review of tests/answer_docs.py's documents (the same words as the answers' own tests use).
BUDGET_REVIEW = [
    "Project Falcon budget review, 2 July 2024.",
    "Project Falcon spent EUR 412,000 in Q2 2024, against a plan of EUR 380,000. The overspend came from the test "
    "hardware bought from Kestrel Systems. The review was chaired by Ana Lima.",
]

# (question, its own fact's spellings, rewritten as a follow-up?)
CONVERSATION: list[tuple[str, tuple[str, ...], bool]] = [
    ("What is the notice period for ending the tenancy?", ("two (2) months", "two months", "2 months"), False),
    ("How much is the deposit?", ("£2,070", "2,070"), False),
    ("When does the tenancy begin?", ("1 April 2024",), False),
    ("Who is the landlord?", ("Margaret Okafor",), False),
    ("And the tenant?", ("Daniel Reyes",), True),
    ("How much is the monthly rent?", ("£1,725", "1,725"), False),
    ("Who will lead the design review for Project Falcon?", ("Priya Natarajan",), False),
    ("When will she lead it?", ("26 March 2024",), True),
    ("Who chaired the budget review?", ("Ana Lima",), False),
]


def turns(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    out = []
    for question, answer in pairs:
        out += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return out


def test_a_complete_question_keeps_its_own_words():
    before = turns(("What is the notice period for ending the tenancy?", "Two (2) months [rental_contract.pdf p.3]"))
    for question in ("How much is the deposit?", "When does the tenancy begin?", "What did the meeting decide?",
                     "Is it allowed to keep pets?", "What time is it?", "Who is the landlord?"):
        assert standalone(question, before).query == question and not standalone(question, before).rewritten


def test_an_ellipsis_takes_the_rest_of_the_question_before():
    before = turns(("Who is the landlord?", "Margaret Okafor [rental_contract.pdf p.1]"))
    assert standalone("And the tenant?", before).query == "Who is the tenant?"
    before = turns(("What is the notice period for the landlord?", "Two (2) months [rental_contract.pdf p.3]"))
    assert standalone("What about the tenant?", before).query == "What is the notice period for the tenant?"
    assert standalone("for the tenant?", before).query == "What is the notice period for the tenant?"
    before = turns(("What was the budget of Project Falcon?", "€48,000 [falcon_kickoff.md p.1]"))
    assert standalone("And Project Eagle?", before).query == "What was the budget of Project Eagle?"
    assert standalone("And Project Eagle?", []).query == "And Project Eagle?"      # no turn before: as typed


def test_a_bare_question_word_asks_the_question_before_again():
    before = turns(("And who will we meet at the plant?", "Elena Novak [trip.eml message 1]"))
    assert standalone("What time?", before).query == "What time will we meet at the plant?"
    assert standalone("And where?", before).query == "Where will we meet at the plant?"
    before = turns(("Does Bash read the startup file?", "Yes. [bashref.pdf p.99]"))
    assert standalone("When?", before).query == "When does Bash read the startup file?"
    before = turns(("How much is the deposit?", "Two (2) months' rent [rental_contract.pdf p.3]"))
    assert standalone("When?", before).query == "When is the deposit?"
    # a complete question, or nothing before: as typed
    assert not standalone("What time is it?", before).rewritten
    assert standalone("What time?", []).query == "What time?"
    # a follow-up of a follow-up: the one before is completed first
    chain = turns(("Who will we meet at the plant?", "Elena Novak [trip.eml message 1]"),
                  ("What time?", "10:00 [trip.eml message 1]"))
    assert standalone("And where?", chain).query == "Where will we meet at the plant?"


def test_a_pronoun_without_its_noun_points_to_the_turn_before():
    before = turns(("Which project was approved at the kickoff?", "Project Falcon [falcon_kickoff.md p.1]"))
    follow = standalone("What was its budget?", before)
    assert follow.query == "What was the budget of Project Falcon?" and "“its” points to Project Falcon" in follow.reason
    before = turns(("When does the tenancy begin?", "1 April 2024 [rental_contract.pdf p.3]"))
    assert standalone("How long does it run?", before).query == "How long does the tenancy run?"
    before = turns(("Who is the landlord?", "Margaret Okafor [rental_contract.pdf p.1]"))
    assert standalone("Where does she live?", before).query == "Where does Margaret Okafor live?"
    # the noun is in the request itself: nothing to complete
    assert not standalone("When does the lease start and when does it end?", before).rewritten


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    from tests.rag_docs import make_docx

    folder = make_documents(tmp_path / "docs")
    make_docx(folder / "falcon_budget_review.docx", BUDGET_REVIEW)
    return folder


def check_conversation(answers: list[str]) -> None:
    """Every answer states its own fact, and none repeats the fact of the question before it."""
    for i, ((question, fact, _), answer) in enumerate(zip(CONVERSATION, answers)):
        shown = answer.split("\nFrom ", 1)[0]
        assert contains_fact(shown, fact), f"{question!r} -> {answer!r}"
        if i and not set(fact) & set(CONVERSATION[i - 1][1]):
            assert not contains_fact(shown, CONVERSATION[i - 1][1]), f"{question!r} answered the previous: {answer!r}"


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_nine_questions_in_one_conversation_through_the_front_door(real_model, real_embedder, documents):
    from agents.api import Enclave, FinalAnswer, QueryRewritten, RetrievalHits

    with Enclave(model=real_model) as enclave:
        assert all(p.record.status.value == "indexed" for p in enclave.index([documents]) if p.record)
        conversation, answers = None, []
        for question, _, follow_up in CONVERSATION:
            events = list(enclave.ask(question, conversation_id=conversation))
            final = next(e for e in events if isinstance(e, FinalAnswer))
            conversation = final.conversation_id
            answers.append(final.text)
            rewritten = [e for e in events if isinstance(e, QueryRewritten)]
            searched = [e.query for e in events if isinstance(e, RetrievalHits)]
            assert bool(rewritten) == follow_up, (question, rewritten)
            assert searched == [rewritten[0].query if rewritten else question], searched
        assert len(enclave.messages(conversation)) == 2 * len(CONVERSATION)
        enclave.core._model = None       # the session's model is closed by its fixture
    check_conversation(answers)


class _Kept:
    """The session's model for one CLI command, which closes its Enclave (and so its model) when done."""

    def __init__(self, model) -> None:
        self._model = model

    def __getattr__(self, name: str):
        return getattr(self._model, name)

    def close(self) -> None:
        """The fixture closes the real model at the end of the session."""


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_nine_questions_with_ask_continue(real_model, real_embedder, documents, monkeypatch, capsys):
    from agents.api import Enclave
    from app.cli import run_cli
    from app.commands import ask

    with Enclave(model=real_model) as enclave:
        list(enclave.index([documents]))
        enclave.core._model = None
    monkeypatch.setattr(ask, "Enclave", lambda: Enclave(model=_Kept(real_model)))
    answers = []
    for question, _, follow_up in CONVERSATION:
        assert run_cli(["ask", "--continue", "--trace", question]) == 0
        out, err = capsys.readouterr()
        answers.append(out.split("\nSources:\n", 1)[0].strip())
        assert ("[trace] Follow-up:" in err) == follow_up, err
    check_conversation(answers)
