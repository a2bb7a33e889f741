"""Names in requests typed in capitals, where a capital says nothing about a word.

Why: the capitalized-word rules (agents/privacy/names.py) switch off when most letters are capitals, since then
every word is capitalized. Two signals survive: a first name or surname from the name list beside a rare word
("ABHI BHALLA"), and a run of words whose initials spell the acronym that follows it in brackets ("GLOBAL
HERITAGE FUND (GHF)"): a name defined with its own acronym is an organization's name. Only in capitals: in
ordinary text the capitalized-word rules already take such names, and a lowercase definition is a concept
("body mass index (BMI)"), not a name (dev: applied to all text it cost 0.1 point of content).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from agents.privacy.name_list import is_first_name, is_surname
from agents.privacy.spans import Span
from rag.text_stats import zipf

RARE_PART_LIMIT = 3.0   # the other word of a shouted name pair is this rare (the lowercase pair rule's LOWER_LIMIT + 1)
NAME_PART_LIMIT = 4.5   # a listed first name or surname counts when rarer than this (the lowercase pair rule's surname limit)
_SKIPPED = {"of", "and", "&", "the", "for", "de", "la", "du", "des"}   # not spelled in an acronym: "Bank of America (BOA)"


class _Word(Protocol):
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str: ...


def shouted_full_names(tokens: Sequence[_Word], flags: list[bool], adjacent: Callable[[_Word, _Word], bool]) -> Iterator[Span]:
    """ "ABHI BHALLA" in a request typed in capitals: two adjacent capitalized words, one a listed first name
    (first) or surname (second), the other listed too or rare."""
    for i in range(len(tokens) - 1):
        first, last = tokens[i], tokens[i + 1]
        if flags[i] or flags[i + 1] or not (first.text.isupper() and last.text.isupper()) or not adjacent(first, last):
            continue
        first_listed = is_first_name(first.lower) and zipf(first.lower) < NAME_PART_LIMIT
        last_listed = is_surname(last.lower) and zipf(last.lower) < NAME_PART_LIMIT
        first_rare, last_rare = zipf(first.lower) < RARE_PART_LIMIT, zipf(last.lower) < RARE_PART_LIMIT
        if (first_listed and (last_listed or last_rare)) or (last_listed and first_rare):
            flags[i] = flags[i + 1] = False
            yield Span(first.start, last.end, "NAME", "name list")


def defined_acronyms(text: str, tokens: Sequence[_Word], flags: list[bool]) -> Iterator[Span]:
    """ "GLOBAL HERITAGE FUND (GHF, an NGO)": the words whose initials spell a bracketed acronym right after
    them, and the acronym, are one organization's name."""
    for k, acr in enumerate(tokens):
        letters = acr.text.lower()
        if not (2 <= len(letters) <= 6 and acr.text.isupper() and acr.text.isalpha()) or text[:acr.start].rstrip()[-1:] != "(":
            continue
        j, spelled = k - 1, ""
        while j >= 0 and len(spelled) < len(letters):
            word = tokens[j].lower
            if word not in _SKIPPED or not spelled:
                spelled = word[:1] + spelled
            j -= 1
        first = j + 1
        if spelled != letters or first >= k or tokens[first].lower in _SKIPPED or "\n" in text[tokens[first].start:acr.start]:
            continue
        for i in range(first, k + 1):
            flags[i] = False
        yield Span(tokens[first].start, tokens[k - 1].end, "ORG", "acronym")
        yield Span(acr.start, acr.end, "ORG", "acronym")
