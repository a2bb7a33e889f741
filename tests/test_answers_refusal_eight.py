"""Round eight of "not in your documents", second part (agents/answers/focus.py, predicate.py, qualifiers.py).

The focus read from the question's grammar: a participle after the noun opens a clause ("a source package developed
only for X"), a plural category head ("what kinds of flowers") names a category; "what kind of X" asks for a member
of X, named by its own name (tried, left off); "how long does X take to review" times the review; "how many X" is
answered by a quote that names X, not only its heading; "how long should X be" about a length by a length. Each case
fails with its rule switched off.
"""
from __future__ import annotations

import pytest

from agents.answers.focus import focus
from agents.answers.predicate import owner_terms, taken_verb
from agents.answers.qualifiers import counted_in
from tests.rag_docs import final_answer, support_decision, text_library


def _decide(question: str, *pages: str):
    return support_decision(question, *pages)


NATIVE = ("Source packages: If a package is made only for the archiver project, there is just one tarball; it is "
          "called a `native` source package. Other packages keep the upstream tarball apart.")


def test_a_participle_after_the_noun_ends_the_focus(monkeypatch):
    """'a source package developed only for X': "developed" opens a clause, it is no part of the asked noun."""
    from agents.answers import focus as focus_module

    question = "What is a source package developed only for the archiver project called?"
    assert focus(question).phrase == "source package"
    assert focus("How many compressed generations does the archiver keep?").phrase == "compressed generations"
    assert _decide(question, NATIVE).window is not None
    monkeypatch.setattr(focus_module, "PARTICIPLE", False)
    assert focus(question).phrase == "source package developed"
    assert _decide(question, NATIVE).window is None


FLOWERS = ("Time: 20260417_11:00\nAdam: Do you have any specific plants in mind for the beds?\n"
           "Ana: How about some lavender or coneflowers? They are great for pollinators.\nAdam: Lovely!")


def test_a_plural_category_head_names_a_category(monkeypatch):
    """'What kinds of flowers': no text says "kinds" beside the lavender."""
    from agents.answers import focus as focus_module

    question = "What kinds of flowers does Ana recommend to Adam for the beds?"
    assert focus(question).phrase == ""
    monkeypatch.setattr(focus_module, "PLURAL_CATEGORY", False)
    assert focus(question).phrase == "kinds"
    assert _decide(question, FLOWERS).window is None


GATHERING = ("Time: 20260709_10:00\nMalfurion: For the gathering we could set up games for kids and a flower "
             "planting workshop!\nArthas: Love it, and good food too.")


def test_kind_of_names_the_answers_class_not_an_owner(monkeypatch):
    """'What kind of activities ...' (predicate.KIND_OF, tried in round eight and left off): the games and the
    workshop are activities, the chat never says the word."""
    from agents.answers import predicate

    question = "What kind of activities does Malfurion suggest for the gathering?"
    assert owner_terms(question) == ("activity",)
    assert _decide(question, GATHERING).window is None
    monkeypatch.setattr(predicate, "KIND_OF", True)
    assert owner_terms(question) == ()
    assert owner_terms("What is the email address of the GNU translation team?") == ("translation", "team")
    assert _decide(question, GATHERING).window is not None


SALVAGE = ("Salvaging a package: After the 21 days delay, if no answer has been sent to the bug, you may upload the "
           "new release of the package into the DELAYED queue with a minimum delay of seven days.")


def test_how_long_it_takes_to_do_something_needs_that_doing(monkeypatch):
    """'How long does the archive team take to review a package ...': a delay for salvaging is no review time."""
    from agents.answers import support

    question = "How long does the archive team take to review a package in the upload queue?"
    assert taken_verb(question) == "review"
    assert taken_verb("How long does it take?") == ""
    assert _decide(question, SALVAGE).window is None
    assert _decide(question, "Reviews: The archive team takes about two weeks to review a package in the upload "
                             "queue.").window is not None
    monkeypatch.setattr(support, "TAKE_TO", False)
    assert _decide(question, SALVAGE).window is not None


ARCHIVE = ("When translations of this manual into languages other than English disagree, the English text wins.\n\n"
           "The archiver is distributed as a collection of packages. Since there are so many of them (currently well "
           "over 15000), they are split into sections.")


def test_how_many_needs_the_counted_noun_in_the_quote(monkeypatch):
    """'How many languages ...': a heading that names languages over a count of packages answers nothing."""
    from agents.answers import support

    question = "How many languages does the archiver support?"
    assert not counted_in("Since there are so many of them (well over 15000), they are split.", question)
    assert counted_in("The archiver supports 18 languages.", question)
    assert _decide(question, ARCHIVE).window is None
    monkeypatch.setattr(support, "COUNTED_IN", False)
    assert _decide(question, ARCHIVE).window is not None


CHANGELOG = ("Change logs: Follow the change log entry's header line with a description of the overall change. This "
             "should be as long as needed to give a clear description.")


def test_how_long_about_a_length_is_answered_by_a_length(monkeypatch):
    """'How long should the description be?' asks a length, not a stretch of time: "as long as needed ...", "79
    characters" answer it."""
    from agents.answers import qualifiers, support

    question = "How long should the description that follows a change log entry's header line be?"
    assert qualifiers.asks_length(question) and not qualifiers.asks_length("How long must log files be kept?")
    assert qualifiers.lengths("Lines should be at most 79 characters.") == ["79 characters"]
    assert _decide(question, CHANGELOG).window is not None
    monkeypatch.setattr(support, "LENGTH", False)
    assert _decide(question, CHANGELOG).window is None


CHATS = {
    "20260923_1600.txt": "Time: 20260923_16:00\nWolfgangSchulz: Hey! Wanna hit the grocery store after work today? We "
                         "can grab some snacks for our next jam!\nLiHua: Sounds great! What time are you thinking?\n"
                         "WolfgangSchulz: How about around 5:30?\nLiHua: 5:30 works for me!",
    "20260417_1100.txt": "Time: 20260417_11:00\nAdamSmith: Do you have any specific plants in mind for the flower "
                         "beds?\nLiHua: How about some lavender or coneflowers? They are great for pollinators.\n"
                         "AdamSmith: Lovely, let's plant them in May.",
}


@pytest.fixture(scope="module")
def chats(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """A real index of two chat logs (plain text, one "Name: ..." line per turn, a "Time:" header first)."""
    yield from text_library(tmp_path_factory, real_embedder, "chats", CHATS)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_a_plural_category_question(real_model, chats):
    """'What kinds of flowers ...': the chat never says "kinds" (PLURAL_CATEGORY); it was refused."""
    from agents.experts.retrieval import NOT_FOUND

    answer = final_answer(real_model, chats, "What kinds of flowers does Li Hua recommend to Adam Smith for the beds?")
    assert not answer.startswith(NOT_FOUND) and "lavender" in answer.lower()
