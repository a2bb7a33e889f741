"""Values a manual states in ways the span readers did not see: the value it gives the question's head with "of"
("returns a status of zero"), a range of whole numbers ("sections 1 to 9"), and an operator the question names
("What is |& short for?"), which held no word, so the sentence that defines it covered too little of the question."""
from __future__ import annotations

import pytest

from agents.answers.answer_types import TERM, answer_type, candidates
from agents.answers.heads import head_spans
from agents.answers import quotes
from agents.answers.quotes import operators, term_weights, windows
from agents.answers.support import MIN_COVERAGE
from agents.answers.span_edges import with_range
from rag.types import Passage
from tests.rag_docs import answer_line, final_answer, text_library

MANUAL = ("Pipelines. A pipeline is a sequence of commands separated by the operators | or |&. A backgrounded "
          "pipeline returns a status of zero. The |& operator is shorthand for 2>&1 |, which connects standard error "
          "as well.\n\nManual pages. You should install manual pages in nroff source form. You should only use "
          "sections 1 to 9 for them.\n\nHere documents. If <<- is used, then all leading tabs are stripped from the "
          "document. The delimiter line is read as it is.\n")


@pytest.mark.parametrize("text, head, value", [
    ("A backgrounded pipeline returns a status of zero.", "status", "zero"),
    ("POSIX says df must output sizes in units of 512 bytes.", "units", "512 bytes"),
    ("All builtins return an exit status of 2 to indicate incorrect usage.", "exit status", "2"),
])
def test_the_value_a_text_gives_the_head_with_of(text, head, value):
    assert value in head_spans(text, head)


def test_of_with_no_number_after_it_gives_no_value():
    assert head_spans("The status of the bug is shown on its page.", "status") == []


def test_a_status_question_is_answered_by_the_value_of_its_head():
    question = "What status does a backgrounded pipeline return?"
    assert answer_type(question) == TERM
    assert "zero" in candidates(TERM, "A backgrounded pipeline returns a status of zero.", question)


@pytest.mark.parametrize("text, span, whole", [
    ("You should only use sections 1 to 9 for them.", "1", "1 to 9"),
    ("Exit status values are limited to 8 bits (0 through 255).", "0", "0 through 255"),
    ("Ports 1024-65535 are free.", "1024", "1024-65535"),
    ("Change the mode from 755 to 750.", "755", "755"),            # a change falls, it is no range
    ("It waits 7 days.", "7 days", "7 days"),                        # a number with its unit is left as it is
    ("Version 1.5 to 2 of the format.", "1", "1"),                   # "1" is not a whole number there
])
def test_a_whole_number_is_given_with_the_end_of_its_range(text, span, whole):
    assert with_range(text, span) == whole


def test_an_operator_is_a_term_of_the_question_and_of_the_text():
    assert operators("What gets stripped when I write <<- instead of <<?") == {"<<-", "<<"}
    assert operators("A list: a && b, then c || d; a -> b is no operator.") == {"&&", "||"}
    assert term_weights("What is |& short for?")["|&"] > max(
        w for t, w in term_weights("What is |& short for?").items() if t != "|&")


def test_the_sentence_that_defines_the_operator_covers_the_question(monkeypatch):
    text = "A pipeline is a sequence of commands. The |& operator is shorthand for 2>&1 |, which connects standard error."
    passage = Passage("p1", "d", "/d/manual.txt", None, None, 0, len(text), text, 1.0)
    best = windows("What is |& short for?", [passage])[0]
    assert "shorthand" in best.sentence and best.coverage >= MIN_COVERAGE
    monkeypatch.setattr(quotes, "OPERATOR_TERMS", False)     # before: "short" alone, which no sentence holds
    assert windows("What is |& short for?", [passage])[0].coverage < MIN_COVERAGE


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "values", {"shell.txt": MANUAL})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, gold", [
    ("What status do pipelines put in the background give back?", "zero"),
    ("Which status is returned by a backgrounded pipeline?", "zero"),
    ("Which manual page sections may a package use?", "1 to 9"),
])
def test_the_real_model_answers_with_the_value(real_model, manual, question, gold):
    line = answer_line(real_model, manual, question)
    assert gold in line.lower() and not line.startswith("The documents say")


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_from_the_sentence_that_defines_the_operator(real_model, manual):
    """Before, "What is |& short for?" was refused: the question's one telling term was no word."""
    text = final_answer(real_model, manual, "What is |& short for?")
    assert "do not contain" not in text and "shorthand for 2>&1" in text
