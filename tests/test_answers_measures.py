"""Round fourteen's short answers: a measure ("How wide are terminals?"), a value behind a note's marker ("a minimum
size [17] of 12 characters"), "minimum" as a modifier of the head, a quoted value given with "of" ('a priority of
"optional"') and the object of the text's active verb for a passive question ("What should be added to CFLAGS?").
Each reading fails with its switch off (spans.MEASURE_QUESTIONS, value_fit.FOOTNOTE_MARKS, heads.EXTREME_MODIFIES,
continuation.PASSIVE_OBJECT); the real model states each in the answer line.
"""
from __future__ import annotations

import pytest

from agents.answers import continuation, heads, spans, value_fit
from agents.answers.answer_types import NUMBER, TERM, answer_type, candidates
from agents.answers.continuation import verb_object
from agents.answers.heads import head_spans, which_head
from agents.answers.spans import SHAPED_HEADS, asked_head
from tests.rag_docs import answer_line, text_library

TERMINALS = ("Terminal width\nTerminals are conventionally 80 columns wide so this shouldn't be longer than about 60 "
             "characters.")
PAM = ("Password security in PAM\nThe first line loads the cracklib PAM module, which provides password "
       "strength-checking, prompts for a new password with a minimum size [17] of 12 characters, and difference of at "
       "least 3 characters from the old password, and allows 3 retries.")
PRIORITY = ("Priorities\nUnless a package should be installed by default on standard Debian systems, it should have a "
            'priority of "optional". Packages with a priority of "optional" may conflict with each other.')
DEBUGGING = ('Debugging\nFor C programs, it is best to add "-O0" to "CFLAGS" (although this is usually the default). '
             'Some programs might fail to build at this level of optimization.')
ADDED = "What should be added to CFLAGS for C programs to make debugging easier?"
WIDE = "How wide are terminals conventionally?"
SIZE = "What minimum password size does the cracklib PAM module prompt for?"


def test_how_wide_asks_for_a_number_with_its_unit(monkeypatch):
    assert answer_type(WIDE) == TERM and asked_head(WIDE) == "wide"
    assert candidates(TERM, TERMINALS, WIDE, TERMINALS)[0] == "80 columns"
    monkeypatch.setattr(spans, "MEASURE_QUESTIONS", False)
    assert answer_type(WIDE) != TERM


def test_a_note_marker_is_no_number_and_does_not_part_a_head_from_its_value(monkeypatch):
    differ = "By how many characters must a new password differ from the old one?"
    assert "17" not in candidates(NUMBER, PAM, differ, PAM)
    assert head_spans(PAM, "size") == ["12 characters"]
    monkeypatch.setattr(value_fit, "FOOTNOTE_MARKS", False)
    assert "17" in candidates(NUMBER, PAM, differ, PAM)


def test_minimum_before_a_noun_modifies_the_head(monkeypatch):
    assert which_head(SIZE, SHAPED_HEADS) == "password size"
    assert which_head("What is the maximum?", SHAPED_HEADS) == ""
    monkeypatch.setattr(heads, "EXTREME_MODIFIES", False)
    assert which_head(SIZE, SHAPED_HEADS) == "minimum"


def test_a_passive_question_takes_the_object_of_the_texts_active_verb(monkeypatch):
    assert verb_object(ADDED, DEBUGGING) == "-O0"
    assert verb_object("What must be appended to the file name?", "You must append .gz to the file name.") == ".gz"
    assert verb_object("What should be added to LDFLAGS?", DEBUGGING) == ""
    monkeypatch.setattr(continuation, "PASSIVE_OBJECT", False)
    assert verb_object(ADDED, DEBUGGING) != "-O0"


def test_a_quoted_value_given_with_of():
    assert head_spans(PRIORITY, "priority") == ["optional", "optional"]


@pytest.fixture(scope="module")
def manuals(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "measures",
                            {"guide.txt": TERMINALS, "harden.txt": PAM, "policy.txt": PRIORITY, "debug.txt": DEBUGGING})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, fact", [
    (WIDE, "80 columns"),
    (SIZE, "12 characters"),
    ("What priority should a package have unless it should be installed by default on standard systems?", "optional"),
    (ADDED, "-O0"),
])
def test_the_real_model_states_the_value(real_model, manuals, question, fact):
    assert fact.lower() in answer_line(real_model, manuals, question).lower()      # the line opens with a capital
