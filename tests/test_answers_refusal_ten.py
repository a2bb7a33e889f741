"""Round ten of "not in your documents": questions worded by another hand than the text's (focus.OBJECT_PRONOUN,
support.OCCASION_VERB and AMOUNT_NUMBER).

"Which tool tells me ..." names its verb with an object pronoun after it; an occasion answers "how often does X VERB"
only for that verb; "how much X" needs an amount. Each case fails with its rule switched off.
"""
from __future__ import annotations

from agents.answers.answer_types import answer_type
from agents.answers.focus import focus
from agents.answers.predicate import asked_verb
from agents.answers.quotes import windows
from agents.answers.support import decide
from rag.types import Passage


def _decide(question: str, *pages: str):
    passages = [Passage(f"p{n}", "d", "/d/manual.html", n, n, 0, 0, text, 1.0) for n, text in enumerate(pages, 1)]
    return decide(question, answer_type(question), windows(question, passages))


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
