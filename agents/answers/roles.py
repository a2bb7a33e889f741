"""The role check: a sentence that gives a person another person's role is not shown as fact.

Why: a summary of a rental contract called the landlord the tenant. Every name and
number in "Daniel Reyes, the landlord, ..." is in the contract, so the claim check
(agents/answers/claims.py) passes it; the error is the pairing. Documents state roles
in a few common shapes - "Margaret Okafor (the Landlord)", "Daniel Reyes, the tenant",
"the tenant Daniel Reyes", "Priya is the project lead", "Landlord: Margaret Okafor" -
and a sentence that pairs a name with a role in one of those shapes is checked against
the source's pairs. It is dropped only on a swap: the source gives that role to other
people and gives this person a different role. A pairing the source does not state
either way is left alone (the claim check already wants the name to be in the source).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from agents.answers.evidence import STOPWORDS, stem

_NAME = r"([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+){0,3})"
_ROLE = r"([A-Za-z][a-z]+(?:[ \t]+[a-z]+)?)"
_BE = r"(?:is|was|will be|acts as|serves as|is named|was named)"
_PAIRS = (
    re.compile(rf"{_NAME}[ \t]*\((?:the[ \t]+)?{_ROLE}\)"),               # Margaret Okafor (the Landlord)
    re.compile(rf"{_NAME},[ \t]+the[ \t]+{_ROLE}\b"),                      # Daniel Reyes, the tenant
    re.compile(rf"\b[Tt]he[ \t]+{_ROLE},?[ \t]+{_NAME}"),                  # the tenant Daniel Reyes
    re.compile(rf"{_NAME}[ \t]+{_BE}[ \t]+the[ \t]+{_ROLE}\b"),            # Priya is the project lead
    re.compile(rf"(?m)^[ \t]*{_ROLE}:[ \t]*{_NAME}"),                      # Landlord: Margaret Okafor
)


def _role_key(role: str) -> str:
    """'the project lead' -> 'project lead'; '' when a word is a function word ("flat to Daniel" is no role)."""
    words = role.lower().split()
    return "" if any(w in STOPWORDS for w in words) else " ".join(stem(w) for w in words)


def name_words(name: str) -> frozenset[str]:
    return frozenset(re.sub(r"['’]s$", "", w.lower()) for w in name.split() if len(w) > 2)


def _stated(text: str):
    """(name as written, its words, the role's key) for every name-role pairing the text states."""
    for index, pattern in enumerate(_PAIRS):
        for match in pattern.finditer(text):
            name, role = (match.group(2), match.group(1)) if index in (2, 4) else (match.group(1), match.group(2))
            key, words = _role_key(role), name_words(name)
            if key and words and not (words & {w.lower() for w in role.split()}):
                yield name, words, key


def role_pairs(text: str) -> set[tuple[frozenset[str], str]]:
    """(the name's words, the role's key) for every name-role pairing the text states."""
    return {(words, key) for _, words, key in _stated(text)}


def holders(text: str, role: str) -> list[str]:
    """The names the text gives `role` ("landlord" -> ["Margaret Okafor"]), as written, in text order."""
    key = _role_key(role)
    return list(dict.fromkeys(name for name, _, k in _stated(text) if key and k == key))


def _same_person(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b)


def swapped_roles(sentence: str, source_pairs: set[tuple[frozenset[str], str]]) -> list[str]:
    """The sentence's name-role pairs that contradict the source: "<name> as <role>" for each."""
    wrong = []
    for words, role in role_pairs(sentence):
        holders = [n for n, r in source_pairs if r == role]
        own = {r for n, r in source_pairs if _same_person(n, words)}
        if holders and not any(_same_person(n, words) for n in holders) and own and role not in own:
            wrong.append(f"{' '.join(sorted(words))} as {role}")
    return wrong


def source_pairs(sources: Iterable[str]) -> set[tuple[frozenset[str], str]]:
    pairs: set[tuple[frozenset[str], str]] = set()
    for text in sources:
        pairs |= role_pairs(text)
    return pairs
