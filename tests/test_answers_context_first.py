"""A question whose asker first says what they have ("My first upload has a Debian revision of 2. What option must I
give ...?") is read from its question proper: its kind and focus come from "What option ...", not from "My first".
Before, both were empty and the answer line was the whole sentence."""
from __future__ import annotations

import pytest

from agents.answers.answer_types import DATE, PLACE_T, TERM, YES_NO, answer_type
from agents.answers.focus import asked_part, focus
from tests.rag_docs import answer_line, text_library

GUIDE = ("Uploading a package. When you first upload the package to the archive, you need to include the original "
         "source too. If the revision number of this package is neither 1 nor 0, you must provide the build option "
         "-sa. Upstream versions. If you need to invent a version string, use the YYYYMMDD format such as 20110429 "
         "as the upstream version.")


@pytest.mark.parametrize("question, proper", [
    ("My first upload has a revision of 2. What option must I give the build?", "What option must I give the build?"),
    ("Upstream has no version number; what format should I use?", "what format should I use?"),
    ("My program needs a non-free package: which archive section can it go in?", "which archive section can it go in?"),
])
def test_the_question_proper_is_read_after_the_context(question, proper):
    assert asked_part(question) == proper
    assert answer_type(question) == TERM
    assert focus(question).asked == focus(proper).asked != ""


@pytest.mark.parametrize("question, proper, kind", [
    ("when my login shell exits which of my own dotfiles does the shell read",
     "which of my own dotfiles does the shell read", TERM),
    ("If ZDOTDIR isn't set, what directory does zsh use in its place?", "what directory does zsh use in its place?",
     TERM),
    ("if zsh gets started by su, where does it look for the shell's name", "where does it look for the shell's name",
     PLACE_T),
])
def test_a_question_that_opens_with_a_condition_asks_in_its_main_clause(question, proper, kind):
    """"when my login shell exits which ..." was read as a "when" question, asking for a date."""
    assert asked_part(question) == proper
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("When does the tenancy begin?", DATE),                  # "when" before an auxiliary asks for a time
    ("When and where does Jake propose to meet?", DATE),     # two question words, no clause
    ("If it rains, is the match cancelled?", YES_NO),
])
def test_a_question_word_before_its_auxiliary_is_what_is_asked(question, kind):
    assert answer_type(question) == kind


def test_which_of_names_its_head_after_of():
    assert focus("Which of the options sets the prompt?").asked == "option"
    assert focus("when my login shell exits which of my own dotfiles does zsh read").asked == "dotfiles"


@pytest.mark.parametrize("question", [
    "What severity should the O: bug have when orphaning a package?",     # a colon inside a question
    "When does a bug I listed with Closes: in the changelog get closed?",
    "Is it safe?",
    "My upload failed. Why?",                                             # too short to be read alone
])
def test_a_question_that_starts_as_one_is_left_whole(question):
    assert asked_part(question) == question


def test_what_else_names_no_head():
    """"what else do I have to do": "else" is no head a passage must hold (the question was refused for it)."""
    assert focus("I installed the update; what else do I have to do?").asked == ""


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "guide", {"guide.txt": GUIDE + "\n"})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, gold", [
    ("My first upload has a revision number of 2. What build option must I provide?", "-sa"),
    ("Upstream has no version number; what format should I use when I invent a version string?", "YYYYMMDD"),
    ("If the revision number of my package is neither 1 nor 0, which build option must I provide?", "-sa"),
])
def test_the_real_model_answers_the_question_proper(real_model, guide, question, gold):
    line = answer_line(real_model, guide, question)
    assert gold in line and not line.startswith("The documents say")
