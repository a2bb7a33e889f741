"""Round ten of "not in your documents": questions worded by another hand than the text's (focus.OBJECT_PRONOUN,
support.OCCASION_VERB and AMOUNT_NUMBER).

"Which tool tells me ..." names its verb with an object pronoun after it; an occasion answers "how often does X VERB"
only for that verb; "how much X" needs an amount. Each case fails with its rule switched off.
"""
from __future__ import annotations

import pytest

from agents.answers.focus import focus
from agents.answers.predicate import asked_verb
from tests.rag_docs import final_answer, support_decision, text_library


def _decide(question: str, *pages: str):
    return support_decision(question, *pages, path="/d/manual.html")


def test_a_word_in_s_before_an_object_pronoun_is_the_verb(monkeypatch):
    from agents.answers import focus as focus_module

    assert focus("Which tool tells me which files changed after an upgrade?").phrase == "tool"
    assert focus("Which command lets us edit a user's mail quota?").phrase == "command"
    assert focus("Which log files show the failed logins?").phrase == "log files"    # no pronoun: unchanged
    monkeypatch.setattr(focus_module, "OBJECT_PRONOUN", False)
    assert focus("Which tool tells me which files changed after an upgrade?").phrase == "tool tells"


CHANGED = ("Checking an upgrade\nAfter an upgrade you can run the `filediff` tool, which lists the files that changed "
           "since the previous upgrade.")


def test_which_tool_tells_me_is_answered_by_the_tool(monkeypatch):
    from agents.answers import focus as focus_module

    question = "Which tool tells me which files changed after an upgrade?"
    assert _decide(question, CHANGED).window is not None
    monkeypatch.setattr(focus_module, "OBJECT_PRONOUN", False)
    assert _decide(question, CHANGED).window is None        # no text says the tool "tells"


OTHER_EVENT = ("Newsletters\nAcme keeps a list of its newsletters. Whenever a mirror fails, a report on the "
               "newsletters list is sent to the mirror admins.")
OWN_EVENT = ("Newsletters\nAcme keeps a list of its newsletters. A newsletter is published whenever a new "
             "release is made.")


def test_an_occasion_answers_how_often_only_for_the_asked_verb(monkeypatch):
    from agents.answers import support

    question = "How often does Acme publish newsletters?"
    assert asked_verb(question) == "publish"
    assert _decide(question, OTHER_EVENT).window is None
    assert _decide(question, OWN_EVENT).window is not None
    monkeypatch.setattr(support, "OCCASION_VERB", False)
    assert _decide(question, OTHER_EVENT).window is not None


NO_AMOUNT = ("Mail quotas\nKeep the mail quota of each mail user small enough, as there are two "
             "different quota kinds: soft and hard.")
AMOUNT = "Mail quotas\nGive each mail user a mail quota of 200 MB."


def test_how_much_needs_an_amount(monkeypatch):
    from agents.answers import support

    question = "How much mail quota should each mail user get?"
    assert _decide(question, NO_AMOUNT).window is None
    assert _decide(question, AMOUNT).window is not None
    monkeypatch.setattr(support, "AMOUNT_NUMBER", False)
    assert _decide(question, NO_AMOUNT).window is not None


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """A real index of two short manual pages: an upgrade check and a newsletter page about another event."""
    files = {"upgrades.txt": CHANGED + "\n", "news.txt": OTHER_EVENT + "\n"}
    yield from text_library(tmp_path_factory, real_embedder, "manual", files)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_which_tool_tells_me(real_model, manual, monkeypatch):
    """The expert answers with the tool (it refused with OBJECT_PRONOUN off: no text says the tool "tells")."""
    from agents.answers import focus as focus_module
    from agents.experts.retrieval import NOT_FOUND

    question = "Which tool tells me which files changed after an upgrade?"
    answer = final_answer(real_model, manual, question)
    assert not answer.startswith(NOT_FOUND) and "filediff" in answer
    monkeypatch.setattr(focus_module, "OBJECT_PRONOUN", False)
    assert final_answer(real_model, manual, question).startswith(NOT_FOUND)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_is_not_given_another_events_occasion(real_model, manual, monkeypatch):
    """The expert refuses rather than answer "how often" with a mirror failure (it did with OCCASION_VERB off)."""
    from agents.answers import support
    from agents.experts.retrieval import NOT_FOUND

    question = "How often does Acme publish newsletters?"
    assert final_answer(real_model, manual, question).startswith(NOT_FOUND)
    monkeypatch.setattr(support, "OCCASION_VERB", False)
    assert not final_answer(real_model, manual, question).startswith(NOT_FOUND)


CHAT = "Chat log\nMia: Tom, do you want to go swimming together on Saturday?\nTom: Sure, see you at ten."
JOINED = ("Did Mia ask Tom if he wants to go swimming together before the coach reminded Mia to fill in the pool "
          "membership feedback survey for the club?")


def test_a_yes_no_claim_of_two_events_needs_less_coverage(monkeypatch):
    """The chat holds the asked event; the time clause's event is in another passage (or nowhere): still a yes/no."""
    from agents.answers import support

    assert _decide(JOINED, CHAT).window is not None
    assert _decide("Did the coach remind Mia to fill in the pool membership feedback survey for the club last "
                   "winter before the annual general meeting?", CHAT).window is None     # too little of it
    monkeypatch.setattr(support, "YES_NO_COVERAGE", None)
    assert _decide(JOINED, CHAT).window is None


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """A real index of one chat log."""
    yield from text_library(tmp_path_factory, real_embedder, "chat", {"chat.txt": CHAT + "\n"})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_a_yes_no_claim_of_two_events(real_model, chat, monkeypatch):
    """The expert answers the joined yes/no question (it refused with YES_NO_COVERAGE off: 37% coverage)."""
    from agents.answers import support
    from agents.experts.retrieval import NOT_FOUND

    assert not final_answer(real_model, chat, JOINED).startswith(NOT_FOUND)
    monkeypatch.setattr(support, "YES_NO_COVERAGE", None)
    assert final_answer(real_model, chat, JOINED).startswith(NOT_FOUND)
