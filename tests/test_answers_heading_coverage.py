"""A passage's section heading counts toward how much of the question its quotes cover: a user's question names
the topic the way the manual's heading does ("simple build systems"), while the answering sentence only says
what to run."""
from __future__ import annotations

from agents.answers import quotes
from agents.answers.answer_types import answer_type
from agents.answers.support import decide
from rag.types import Passage

SENTENCE = ("Also, you can usually run `make clean` (or better `make distclean`) to clean up the build directory. "
            "Sometimes there is even a `make uninstall` target.")
QUESTION = "How do I clean up the build directory of a simple Makefile-based program most thoroughly?"
HEADING = "Simple build systems for Makefile-based programs"


def _passage(section: str) -> Passage:
    return Passage("c1", "d", "/d/guide.html", None, None, 0, 0, SENTENCE, 1.0, section=section)


def test_the_heading_words_count_as_covered(monkeypatch):
    with_heading = quotes.windows(QUESTION, [_passage(HEADING)])[0]
    without = quotes.windows(QUESTION, [_passage("")])[0]
    assert with_heading.coverage > without.coverage
    assert with_heading.unexplained < without.unexplained
    monkeypatch.setattr(quotes, "HEADING_COVERS", False)
    assert quotes.windows(QUESTION, [_passage(HEADING)])[0].coverage == without.coverage


def test_a_question_asked_in_the_heading_s_words_is_answered_not_refused(monkeypatch):
    passages = [_passage(HEADING)]
    kind = answer_type(QUESTION)
    assert decide(QUESTION, kind, quotes.windows(QUESTION, passages)).window is not None
    monkeypatch.setattr(quotes, "HEADING_COVERS", False)
    assert decide(QUESTION, kind, quotes.windows(QUESTION, passages)).window is None    # too little of it covered


def test_a_heading_alone_is_no_answer():
    """The heading raises coverage; it does not become a quote or a candidate."""
    window = quotes.windows(QUESTION, [_passage(HEADING)])[0]
    assert HEADING not in window.quote and "Simple build" not in window.quote
