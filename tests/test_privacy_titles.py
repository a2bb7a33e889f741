"""Round 10 (issue 26, content kept): job titles, headings and common words in capitals are task text, not names
(agents/privacy/titles.py); names of firms made of common words, plural bodies of people, short acronyms and
countries in capitals are still replaced. Each kept-word test also checks that the word goes with its rule off."""
from __future__ import annotations

import pytest

from agents.privacy import names
from agents.privacy.detect import Detector
from agents.privacy.sketch import make_sketch


def sent(text: str) -> str:
    """The text that would leave: the redacted request (no local model)."""
    return make_sketch(text, None, Detector()).text


@pytest.mark.parametrize("text, kept", [
    ("I worked at Kowalczyk Logistics as Customer Service Coordinator; rewrite this line of my CV.",
     "Customer Service Coordinator"),
    ("Please shorten the Compliance Management Policy that our team wrote last year for the staff at Kowalczyk Logistics.",
     "Compliance Management Policy"),
    ("Please review the attached Proposal from Kowalczyk Logistics and list its weak points.", "Proposal"),
    ("Kowalczyk Logistics hired me as a Warehouse Supervisor; write my LinkedIn summary.", "Warehouse Supervisor"),
])
def test_a_title_or_heading_of_common_words_is_kept_and_the_firm_goes(
        text: str, kept: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = sent(text)
    assert kept in out and "Kowalczyk" not in out, out
    monkeypatch.setattr(names, "ORDINARY_RULES", names.ORDINARY_RULES - {"title"})
    assert kept not in sent(text)


@pytest.mark.parametrize("text, private", [
    ("Crown Point Corporation reports under IFRS; prepare its statement of financial position.", "Crown Point"),
    ("Write a complaint letter about a loan I took from National Bank last spring.", "National Bank"),
    # a role in the plural is a body of people, often an organisation
    ("My union, the Legal Services Workers, asked me to draft a flyer about the strike.", "Legal Services"),
    ("Write a donation request to Mountain Rescue Volunteers for our school event.", "Mountain Rescue"),
    # a word the dictionary does not know before the role: a name
    ("Write a thank-you note to Zorvex Consultant for the audit.", "Zorvex"),
    # a listed surname before the role
    ("Send the minutes to Kowalczyk Manager before Friday.", "Kowalczyk"),
])
def test_a_firm_of_common_words_a_plural_body_or_a_name_before_a_role_stays_private(text: str, private: str) -> None:
    assert private not in sent(text)


# (not a heading noun in capitals: "CONCLUSION" is kept by the title rule as well)
@pytest.mark.parametrize("word", ["DISCLAIMER", "INGREDIENTS", "REDACTED"])
def test_a_common_word_in_capitals_is_kept_and_the_name_goes(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Rewrite the {word} part of the essay Rachel Zheng sent me so it is shorter."
    out = sent(text)
    assert word in out and "Zheng" not in out, out
    monkeypatch.setattr(names, "ORDINARY_RULES", names.ORDINARY_RULES - {"capitals"})
    assert word not in sent(text)


@pytest.mark.parametrize("text, private", [
    ("I bought the report from RAND last year; summarize what it says.", "RAND"),       # four letters: an acronym
    ("I moved from CHINA to study nursing; write my personal statement.", "CHINA"),     # a country: the place list
    ("Our supplier HYBRID SEEDS LTD is late; write a reminder.", "HYBRID SEEDS"),       # words in capitals in a run
    ("Ask IBM about the licence renewal.", "IBM"),                                      # no dictionary word
])
def test_a_short_acronym_a_country_or_a_firm_in_capitals_stays_private(text: str, private: str) -> None:
    assert private not in sent(text)
