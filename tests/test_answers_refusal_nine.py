"""Round nine of "not in your documents": a value that belongs to another subject (agents/answers/owners.py,
predicate.relation_noun, support.OTHER_PERSON and RELATION).

A list of people each followed by what is theirs answers nothing about one of them with another's attribute; "who is
in charge of X" is answered only where one sentence says the charge and X. Each case fails with its rule switched off.
"""
from __future__ import annotations

import pytest

from agents.answers.owners import own_stretch, people
from agents.answers.predicate import relation_noun
from tests.rag_docs import final_answer, support_decision, text_library


def _decide(question: str, *pages: str):
    return support_decision(question, *pages, path="/d/manual.html")


AUTHORS = ("AUTHORS\nMaria Lopez, Open Mapping Foundation\nmaria@example.org\n"
           "Kenji Tanaka, Riverside State University\nkenji@example.edu")
PROSE = "AUTHORS\nMaria Lopez wrote the first parser. She attended Riverside State University before that."


def test_the_persons_own_stretch_ends_at_the_next_person():
    question = "Which university did Maria Lopez attend?"
    assert people(question) == {"maria lopez"}
    assert "University" not in own_stretch(AUTHORS.replace("\n", " "), question)
    assert "University" in own_stretch(PROSE, question)       # a pronoun names nobody else
    assert own_stretch(AUTHORS, "Which university does the Open Mapping Foundation fund?") is None


def test_another_persons_attribute_does_not_answer(monkeypatch):
    """"Kenji Tanaka, Riverside State University" is Kenji Tanaka's university, not Maria Lopez's."""
    from agents.answers import support

    question = "Which university did Maria Lopez attend?"
    assert _decide(question, AUTHORS).window is None
    assert _decide(question, PROSE).window is not None
    monkeypatch.setattr(support, "OTHER_PERSON", False)
    assert _decide(question, AUTHORS).window is not None


TEAMS = ("Build machines: Paul Weber, in charge of the build servers, can be reached at `build@example.org`. "
         "Anyone who wants to join the QA team can ask on the list.")
LEAD = "Teams: Anna Berg is in charge of the QA team. Anyone who wants to join the QA team can ask on the list."


def test_a_relation_is_held_with_what_it_is_about(monkeypatch):
    """"Paul Weber, in charge of the build servers": that charge is not the QA team's."""
    from agents.answers import support

    question = "Who is in charge of the QA team?"
    assert relation_noun(question) == "charge" and relation_noun("Who is the QA lead?") == ""
    assert _decide(question, TEAMS).window is None
    assert _decide(question, LEAD).window is not None
    monkeypatch.setattr(support, "RELATION", False)
    assert _decide(question, TEAMS).window is not None


@pytest.fixture(scope="module")
def authors(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """A real index of one manual page's AUTHORS section."""
    page = "MAPPER(1)\n\nNAME\nmapper - draws maps from survey files\n\n" + AUTHORS + "\n"
    yield from text_library(tmp_path_factory, real_embedder, "authors", {"mapper.txt": page})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_is_not_given_another_persons_university(real_model, authors, monkeypatch):
    """The expert refuses rather than answer with Kenji Tanaka's university (it did with OTHER_PERSON off)."""
    from agents.answers import support
    from agents.experts.retrieval import NOT_FOUND

    question = "Which university did Maria Lopez attend?"
    assert final_answer(real_model, authors, question).startswith(NOT_FOUND)
    monkeypatch.setattr(support, "OTHER_PERSON", False)
    assert not final_answer(real_model, authors, question).startswith(NOT_FOUND)
