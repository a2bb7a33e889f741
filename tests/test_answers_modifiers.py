"""'What HEAD ...?' is answered by the text's noun phrase with that head (agents/answers/modifiers.py).

The unit tests check the grammar on sentences written here; the end-to-end test asks the real SmolLM2
through the orchestrator over a PDF manual generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.modifiers import head_phrase, head_phrase_in
from tests.rag_docs import answer_line, pdf_library_fixture


def test_the_noun_phrase_that_ends_on_the_questions_head():
    assert head_phrase("What infrastructure is used for program messages?",
                       "For program messages, the gettext infrastructure is used most of the time.") == \
        "gettext infrastructure"
    assert head_phrase("What format must archive indexes use?",
                       "Archive indexes must be stored in the plain CSV table format.") == "plain CSV table format"


def test_no_phrase_where_the_modifiers_say_nothing_new_or_several_phrases_compete():
    # the modifier is the question's own word
    assert head_phrase("What format must archive indexes use?", "Indexes use the archive format.") == ""
    assert head_phrase("What format must archive indexes use?",
                       "Indexes use the CSV format or the JSON format.") == ""
    # the head is the compound's last noun: "key length" asks for a length, and "a key length" says nothing new
    assert head_phrase("What key length is preferred for a signing key?",
                       "A key length of 4096 bits is preferred over a smaller key.") == ""
    # a relative pronoun opens a clause about another noun: "a bug report whose severity" is no severity
    assert head_phrase("What severity must a new request have?",
                       "A new request is filed as a bug report whose severity must be set to wishlist.") == ""
    # "what is ..." names no head
    assert head_phrase("What is the default?", "The new default is off.") == ""


def test_the_phrase_may_stand_in_the_quotes_next_sentence():
    quote = "The archiver speaks several languages. For its messages, the gettext infrastructure is used."
    assert head_phrase_in("What infrastructure is used for the archiver's messages?",
                          "The archiver speaks several languages.", quote) == "gettext infrastructure"


MANUAL = [
    "Archiver Manual. Chapter 1: Indexes 1 Every archive carries an index of its files. Archive indexes must be "
    "stored in the plain CSV table format. An index is rewritten after each run.",
    "Chapter 2: Messages 4 The archiver speaks several languages. For its messages, the gettext infrastructure is "
    "used most of the time; some tools print English only.",
]


manual = pdf_library_fixture("archiver", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("What format must archive indexes be stored in?", "Plain CSV table format [archiver.pdf p.1]"),
    ("What infrastructure is used for the archiver's messages?", "Gettext infrastructure [archiver.pdf p.2]"),
])
def test_the_answer_line_is_the_heads_noun_phrase(real_model, manual, question, line):
    assert answer_line(real_model, manual, question) == line
