"""Which candidate stands nearest to the question's words (agents/answers/answer_types.by_proximity): a span is
found as a whole token, its own words are no nearness, and a part of a longer span at the same place is no rival.

The unit tests rank candidates in sentences written here; the end-to-end test asks the real SmolLM2 through the
orchestrator over a real PDF manual generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.answer_types import TERM, by_proximity, candidates
from agents.answers.focus import focus
from agents.answers.span_edges import numbered_sibling, question_numbers
from tests.rag_docs import answer_line, pdf_library_fixture


def test_a_one_letter_span_is_found_as_a_token_not_inside_a_word():
    # "F" used to be found in "if" right after "uploaded": nearer than the tool the sentence names
    sentence = "A package should not be uploaded if it causes `tarcheck` to emit errors (they start with `F`)."
    ranked = by_proximity(["F", "tarcheck"], sentence, {"package", "upload", "run", "tool"})
    assert [span for span, _ in ranked] == ["tarcheck", "F"]
    assert ranked[0][1] * 2 < ranked[1][1]


def test_a_question_word_inside_the_span_is_no_nearness():
    # "greet_banner" holds the question's "banner", yet the banner asked about is the one the text names
    sentence = "Its ssh banner reads Proto-2, and the mail greeting is set in greet_banner by the admin."
    ranked = by_proximity(["Proto-2", "greet_banner"], sentence, {"ssh", "banner", "part", "keep"})
    assert ranked[0][0] == "Proto-2"


def test_a_part_of_a_longer_span_at_the_same_place_is_no_rival():
    # "mkuser" of "mkuser --system" is the same answer: one span, so nearness decides alone
    sentence = "Packages that need a user should use `mkuser --system` to create it; `mkuser` checks the ranges."
    ranked = by_proximity(["mkuser --system", "mkuser"], sentence, {"package", "use", "create", "user", "system"})
    assert [span for span, _ in ranked] == ["mkuser --system"]


def test_another_numbered_member_of_the_questions_series_is_no_answer():
    question = "What is the code name of Release 11?"
    assert numbered_sibling("Release 9", question) and numbered_sibling("release 12", question)
    assert not numbered_sibling("Release 9", "What is the code name of the next release?")
    assert not numbered_sibling("stretch", question)
    sentence = "Every release has a `code name`: Release 9 is called `oak`; Release 10, `elm`; Release 11, `ash`."
    assert not any(s.startswith("Release") for s in candidates(TERM, sentence, question))


def test_the_questions_number_ties_the_answer_to_its_member_of_the_series():
    question = "What is the code name of Release 11?"
    sentence = "Every release has a `code name`: Release 9 is called `oak`; Release 10, `elm`; Release 11, `ash`."
    assert question_numbers(question) == {"11"}
    ranked = by_proximity(["oak", "elm", "ash"], sentence, {"code", "name"} | question_numbers(question))
    assert ranked[0][0] == "ash" and ranked[0][1] * 2 < ranked[1][1]


def test_a_field_name_answers_a_question_that_asks_for_a_field():
    # the passage's "X-Bts-Notify:" line makes it a field name: no answer to most questions, but "which header" asks
    # for exactly that
    context = "X-Bts-Notify: crate-devel@lists.example.org\nSubject: ITP: foo"
    sentence = "Send a copy to `crate-devel@lists.example.org` by putting the address in the X-Bts-Notify: header."
    assert "X-Bts-Notify" in candidates(TERM, sentence, "Which header should I use to copy a bug to crate-devel?",
                                          context)
    assert "X-Bts-Notify" not in candidates(TERM, sentence, "Which address should I copy the bug to?", context)


def test_a_preposition_before_which_leaves_the_head_asked_for():
    # "In which order ...": the question asks for an order, as "Which order ..." does
    assert focus("In which order does a login shell look for its startup files?").asked == "order"
    assert focus("As which user does the indexer run?").terms == ("user",)
    assert focus("Which order does a login shell use?").asked == "order"


MANUAL = [
    "Crate Manual. Chapter 1: Testing 1 Before you publish anything, check it. A crate should not be uploaded if "
    "it causes `tarcheck` to emit errors (they start with `F`). Warnings start with `W` and may be ignored.",
    "Chapter 2: Releases 2 Every crate release has a `code name`: Crate 9 is called `oak`; Crate 10, `elm`; "
    "Crate 11, `ash`; the next one, Crate 12, will be called `fir`.",
]


manual = pdf_library_fixture("crate", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_answer_line_names_the_tool_not_a_letter(real_model, manual):
    assert answer_line(real_model, manual, "Which tool should I run over a crate before uploading it?") == \
        "tarcheck [crate.pdf p.1]"


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_answer_line_names_the_member_the_questions_number_picks(real_model, manual):
    assert answer_line(real_model, manual, "What is the code name of Crate 11?").lower() == "ash [crate.pdf p.2]"

