"""Requests typed in capitals (issue 26): the capitalized-word rules are off there, so a full name from the name
list and an organization defined by its acronym must still be replaced, and the request's other words kept."""
from __future__ import annotations

import pytest

from agents.privacy import names
from agents.privacy.detect import Detector
from agents.privacy.sketch import make_sketch


def sent(text: str) -> str:
    """The text that would leave: the redacted request (no local model)."""
    return make_sketch(text, None, Detector()).text


def test_a_full_name_typed_in_capitals_is_replaced_and_the_task_kept() -> None:
    out = sent("PLEASE WRITE A WARM THANK YOU NOTE TO OUR VOLUNTEERS RAVI CHOPRA AND MEERA PATEL FOR THE SPRING FAIR.")
    for private in ("RAVI", "CHOPRA", "MEERA", "PATEL"):
        assert private not in out, out
    for task in ("WRITE A WARM THANK YOU NOTE", "VOLUNTEERS", "SPRING FAIR"):
        assert task in out, out


def test_an_organization_defined_by_its_acronym_in_capitals_is_replaced() -> None:
    out = sent("DRAFT A PRESS RELEASE ABOUT OUR NEW PARTNERSHIP WITH NORTHERN RIVERS TRUST (NRT). "
               "NRT WILL FUND THE SUMMER READING PROGRAM.")
    assert "NORTHERN RIVERS TRUST" not in out and "NRT" not in out, out
    for task in ("DRAFT A PRESS RELEASE", "PARTNERSHIP", "SUMMER READING PROGRAM"):
        assert task in out, out


def test_everyday_words_in_capitals_stay() -> None:
    text = "SEND THE QUARTERLY REPORT TO THE SALES TEAM BY FRIDAY AND MARK IT URGENT. KEEP IT SHORT."
    assert sent(text) == text


def test_a_concept_defined_by_its_acronym_in_ordinary_text_stays() -> None:
    out = sent("Explain how the body mass index (BMI) is computed and why doctors still use it.")
    assert "body mass index" in out, out


@pytest.mark.parametrize("rule, text, private", [
    ("shouted", "PLEASE WRITE A WARM THANK YOU NOTE TO OUR VOLUNTEERS RAVI CHOPRA AND MEERA PATEL.", "CHOPRA"),
    ("acronym", "DRAFT A PRESS RELEASE ABOUT OUR NEW PARTNERSHIP WITH NORTHERN RIVERS TRUST (NRT).", "NORTHERN RIVERS TRUST"),
])
def test_each_rule_is_what_replaces_its_value(monkeypatch: pytest.MonkeyPatch, rule: str, text: str, private: str) -> None:
    monkeypatch.setattr(names, "LEAK_RULES", names.LEAK_RULES - {rule})
    assert private in sent(text)
