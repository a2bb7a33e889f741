"""The claim check checks claims: a value must be in a source sentence that says the same thing about it.

The values below all occur in the generated documents (tests/answer_docs.py, the contract with its signing line);
only their relation is wrong:
15 March 2024 is when the contract was signed, not when anyone leaves; £2,070 is the deposit, not the rent;
Tom Becker orders the hardware, he does not lead the review. The old check (is the value somewhere in the
source?) passed every one of them.
"""
from __future__ import annotations

import pytest

from agents.answers.claims import keep_supported, unsupported
from tests.answer_docs import BUDGET_REVIEW, CONTRACT, MEETING

SIGNED = "This agreement was signed by both parties on 15 March 2024."      # the contract's last line
SOURCES = [*CONTRACT[:2], f"{CONTRACT[2]} {SIGNED}", *MEETING, " ".join(BUDGET_REVIEW)]


@pytest.mark.parametrize("sentence, value", [
    ("The tenant will be leaving the tenancy on 15 March 2024.", "15 March 2024"),      # signed, not leaving
    ("The tenancy begins on 15 March 2024.", "15 March 2024"),
    ("The monthly rent is £2,070.", "2,070"),                                           # the deposit's amount
    ("The landlord returns the deposit within twelve months.", "twelve"),               # the fixed term's length
    ("Tom Becker will lead the design review.", "Tom Becker"),                          # Priya leads it
    ("Kestrel Systems chaired the budget review.", "Kestrel Systems"),                  # Ana Lima chaired it
])
def test_a_value_taken_from_another_sentence_of_the_same_document_fails(sentence, value):
    assert any(claim.text in value for claim in unsupported(sentence, SOURCES))     # "Becker": "Tom" opens a sentence


@pytest.mark.parametrize("sentence", [
    "The agreement was signed on 15 March 2024.",
    "The tenancy begins on 1 April 2024.",
    "The security deposit is £2,070.",
    "The monthly rent is £1,725.",
    "Priya Natarajan will lead the design review on 26 March 2024.",
    "Tom Becker will order the test hardware from Kestrel Systems.",
    "The review was chaired by Ana Lima.",
    "Project Falcon spent EUR 412,000 in Q2 2024.",
    "The landlord Margaret Okafor returns the deposit within ten days.",    # the landlord, named once, by role
])
def test_a_value_stated_with_what_its_source_sentence_says_passes(sentence):
    assert unsupported(sentence, SOURCES) == []


def test_keep_supported_drops_the_misattributed_key_point_and_keeps_the_right_ones():
    summary = ("- The tenancy begins on 1 April 2024.\n- The tenant will be leaving the tenancy on 15 March 2024.\n"
               "- The security deposit is £2,070.")
    kept, dropped = keep_supported(summary, SOURCES[:3])
    assert kept == "- The tenancy begins on 1 April 2024.\n- The security deposit is £2,070."
    assert dropped == ["- The tenant will be leaving the tenancy on 15 March 2024."]
