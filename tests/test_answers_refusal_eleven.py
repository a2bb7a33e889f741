"""Round eleven of "not in your documents": two readings of English that questions by another hand need.

"What command finds out ..." names its verb with a particle after it (focus.PARTICLE_VERB); "the moment your
package is accepted" answers "when" as a condition does (kinds._TEMPORAL). Each case fails with its rule off.
"""
from __future__ import annotations

import pytest

from agents.answers import quotes
from agents.answers.answer_types import DATE, answer_type, candidates
from agents.answers.support import decide
from rag.types import Passage
from agents.answers.focus import focus
from agents.answers.kinds import temporal_spans
from tests.rag_docs import final_answer, support_decision, text_library

DEPENDS = ("Build dependencies\nTo see which packages your package needs to be built, run the command "
           "`depcheck -d ./configure` in the source tree.")
QUESTION = "What command finds out which packages my package needs in order to build?"


def test_a_word_in_s_before_a_particle_is_the_verb(monkeypatch):
    from agents.answers import focus as focus_module

    assert focus(QUESTION).phrase == "command"
    assert focus("Which option turns off the colour output?").phrase == "option"
    assert focus("Which files out of the archive are signed?").phrase == "files"    # "out of": a preposition
    monkeypatch.setattr(focus_module, "PARTICLE_VERB", False)
    assert focus(QUESTION).phrase == "command finds"


def test_what_command_finds_out_is_answered_by_the_command(monkeypatch):
    from agents.answers import focus as focus_module

    assert support_decision(QUESTION, DEPENDS, path="/d/guide.html").window is not None
    monkeypatch.setattr(focus_module, "PARTICLE_VERB", False)
    assert support_decision(QUESTION, DEPENDS, path="/d/guide.html").window is None   # no text "command finds"


def test_the_moment_opens_a_time_clause_at_the_moment_does_not():
    text = "The report is closed the moment your package gets accepted. At the moment it is still open."
    assert temporal_spans(text) == ["the moment your package gets accepted"]
    question = "When does the report get closed?"
    assert answer_type(question) == DATE
    assert candidates(DATE, text.split(". ")[0] + ".", question) == ["the moment your package gets accepted"]


FPATH = "When the function is first executed, the shell searches for its definition using the elements of the fpath variable."


def _best(question: str):
    passage = Passage("c1", "d", "/d/manual.html", None, None, 0, 0, FPATH, 1.0, section="Autoloading Functions")
    return quotes.windows(question, [passage])[0]


def test_a_question_in_the_asker_s_own_words_is_answered():
    """Its own words ("folders", "keep") leave 12.9 of its weight unexplained: refused at the old bound (12.25)."""
    question = "Which variable tells zsh which folders keep autoloaded functions?"
    window = _best(question)
    assert 12.25 < window.unexplained < 13.25
    assert decide(question, answer_type(question), [window]).window is not None
    assert decide(question, answer_type(question), [window], max_unexplained=12.25).window is None


def test_a_question_leaving_more_unexplained_is_still_refused():
    question = "Which variable tells zsh the folders holding autoloaded functions?"
    window = _best(question)
    assert window.unexplained > 13.25 and decide(question, answer_type(question), [window]).window is None


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    files = {"depends.txt": DEPENDS + "\n",
             "closing.txt": "Closing bugs\nA bug you list in the changelog is closed by the archive software the "
                            "moment your package gets accepted into the archive.\n"}
    yield from text_library(tmp_path_factory, real_embedder, "guide", files)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_with_the_command_and_the_moment(real_model, guide):
    from agents.experts.retrieval import NOT_FOUND

    answer = final_answer(real_model, guide, QUESTION)
    assert not answer.startswith(NOT_FOUND) and "depcheck" in answer.split("\n", 1)[0]
    line = final_answer(real_model, guide, "When does a bug I listed in the changelog get closed?").split("\n", 1)[0]
    assert "the moment your package gets accepted" in line.lower()
