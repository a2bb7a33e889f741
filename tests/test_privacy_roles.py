"""First names that are everyday words, found by their role (agents/privacy/roles.py): each request below let the
name through before the rule, and the everyday use of the same word still passes unchanged."""
from __future__ import annotations

import re

import pytest

from agents.privacy import roles
from agents.privacy.detect import Detector
from agents.privacy.sketch import make_sketch


def sent(text: str) -> str:
    """The text that would leave: the redacted request (no local model)."""
    return make_sketch(text, None, Detector()).text


CASES = [   # (request, the private name, task words that must stay, the rule's pattern that finds it)
    ("dear mark, thanks for the invite to the launch. write a reply saying i can't come.", "mark",
     ["thanks for the invite to the launch", "write a reply"], "_GREETING"),
    ("hi john,\nthe quarterly report is attached. rewrite this email to be more formal.", "john",
     ["quarterly report is attached", "more formal"], "_GREETING"),
    ("Max replied that the budget is fine. Summarize his answer in max 50 words.", "Max",
     ["replied that the budget is fine", "max 50 words"], "_PERSON_VERBS"),
    ("yesterday grace told me the deadline moved to june. write a short note to the team.", "grace",
     ["told me the deadline moved", "short note to the team"], "_PERSON_VERBS"),
    ("Write a complaint to head office about a wendy's branch that closed without notice.", "wendy",
     ["complaint to head office", "branch that closed without notice"], "_POSSESSIVE"),
]


@pytest.mark.parametrize("text, name, kept, rule", CASES)
def test_a_name_in_its_role_is_replaced_and_the_task_kept(text: str, name: str, kept: list[str], rule: str) -> None:
    out = sent(text)
    assert not re.search(rf"\b{name}\b", out), out
    for words in kept:
        assert words in out, out


@pytest.mark.parametrize("text, name, kept, rule", CASES)
def test_without_the_rule_the_name_leaks(monkeypatch: pytest.MonkeyPatch, text: str, name: str, kept: list[str], rule: str) -> None:
    monkeypatch.setattr(roles, rule, re.compile(r"(?!x)x"))
    assert re.search(rf"\b{name}\b", sent(text))


@pytest.mark.parametrize("text", [
    "the bill said nothing about taxes, so explain which taxes a freelancer pays.",
    "Mark the dates in this plan that fall on a weekend.",
    "Hello, can you help me write a cover letter for a nursing job?",
    "Hey there, write me a short poem about cats.",
    "In june's heat the pond dries out; explain why fish survive.",
    "The grant said nothing about travel costs; draft a question to the funder.",
])
def test_everyday_uses_of_the_same_words_stay(text: str) -> None:
    assert sent(text) == text
