"""A misspelled question word is read as the passage word it misspells; names and other words stay as typed.
Before, one typo ("fucntions") weighed as the rarest word of the question and the answer was refused."""
from __future__ import annotations

import pytest

from agents.answers.spelling import one_edit, respelled
from tests.rag_docs import final_answer, text_library

MANUAL = ("Autoloading functions\nWhen an autoloaded function is first executed, the shell searches for its "
          "definition using the elements of the `fpath` variable. A pipeline started in the background returns "
          "status zero.")


@pytest.mark.parametrize("a, b", [("fucntions", "functions"), ("pipline", "pipeline"), ("backround", "background"),
                                  ("directroy", "directory"), ("redirction", "redirection")])
def test_one_edit_apart(a, b):
    assert one_edit(a, b) and one_edit(b, a)


@pytest.mark.parametrize("a, b", [("function", "function"), ("fpath", "fetch"), ("coproc", "process"),
                                  ("abcd", "badc")])
def test_not_one_edit_apart(a, b):
    assert not one_edit(a, b)


def test_a_typo_is_read_as_the_passage_word():
    assert respelled("Which variable holds the directories searched for autoloaded fucntions?", [MANUAL]) == \
        "Which variable holds the directories searched for autoloaded functions?"
    assert respelled("What does a pipline in the backround return?", [MANUAL]) == \
        "What does a pipeline in the background return?"


def test_words_the_passages_hold_names_and_real_words_stay():
    assert respelled("What does fpath hold?", [MANUAL]) == "What does fpath hold?"
    assert respelled("Who is Wolfgnag?", [MANUAL]) == "Who is Wolfgnag?"            # no passage word one edit away
    assert respelled("Which lawyer signed it?", ["The layer is signed."]) == "Which lawyer signed it?"  # both English
    assert respelled("Is the pipe short?", ["A pipe is shorter."]) == "Is the pipe short?"    # short words stay
    assert respelled("Which service helps synchronise them?", ["It may help to synchronise them."]) == \
        "Which service helps synchronise them?"                 # a common word in another form is no typo


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "manual", {"functions.txt": MANUAL + "\n"})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_a_question_with_a_typo(real_model, manual, monkeypatch):
    """Answered with fpath; with the respelling switched off, the same question is refused (its two typos weigh
    as the two rarest words of the question, more than may stay unexplained)."""
    from agents.experts import retrieval
    from agents.experts.retrieval import NOT_FOUND

    question = "Which varible holds the directories searched for autoloaded fucntions?"
    answer = final_answer(real_model, manual, question)
    assert not answer.startswith(NOT_FOUND) and "fpath" in answer.split("\n", 1)[0]
    monkeypatch.setattr(retrieval, "respelled", lambda question, texts: question)
    assert final_answer(real_model, manual, question).startswith(NOT_FOUND)
