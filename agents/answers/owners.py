"""Whose value is it? What a text says after naming another person belongs to that person.

Why: a text that lists several people, each followed by what belongs to them ("Brian Fox, Free Software
Foundation ... Chet Ramey, Case Western Reserve University"), holds the asked word ("university") for every
question about any of them: "Which university did Brian Fox attend?" was answered with Chet Ramey's. English
attaches an attribute to the nearest name before it (apposition, a list's entries, "X's Y"), so when the
question asks about a named person and the quote names that person, the focus words must be said in the
person's own stretch of the quote: from a mention of them to the next mention of someone else. A pronoun
("He attended ...") names nobody else and keeps the stretch going. Read by rules, no parser: a person's name is
two or three capitalized words led by a listed first name, ended by a listed surname, or made of words rare in
English ("Chet Ramey"); "Free Software Foundation" is none.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from agents.answers.evidence import content_lemmas, split_sentences
from agents.answers.predicate import held
from rag.entities import normalize, split_camel

# two or three capitalized words ("Brian Fox", "Chet Ramey", "Jennifer Moore")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}\b")
_CAPITAL = re.compile(r"\b[A-Z][a-z]+\b")
RARE = 3.5               # zipf below which every word of a capitalized pair reads as a name


def _is_person(span: str) -> bool:
    from agents.privacy.name_list import is_first_name, is_surname
    from rag.text_stats import zipf

    words = span.replace("-", " ").split()
    if is_first_name(words[0]) or is_surname(words[-1]):
        return True
    return all(zipf(w.lower()) < RARE for w in words)


def full_name(span: str) -> bool:
    """Is the span a person's full name by the name lists: a first name, then a surname ("Brian Fox"), two or three
    words? Stricter than _is_person: "Santa Clara" or "New York" must not read as someone."""
    from agents.privacy.name_list import is_first_name, is_surname

    words = span.replace("-", " ").split()
    return 2 <= len(words) <= 3 and is_first_name(words[0]) and is_surname(words[-1])


def _plain(span: str) -> str:
    return " ".join(span.lower().replace("-", " ").split())


def people(text: str) -> set[str]:
    """The persons' names in `text`, lowercase ("brian fox")."""
    return {_plain(m.group(0)) for m in _NAME.finditer(split_camel(text)) if _is_person(m.group(0))}


def own_stretch(quote: str, question: str) -> str | None:
    """The parts of `quote` that speak of the question's named persons: from each mention of one of them to the next
    mention of another person; the text before any person is named counts too. None when the question names no
    person or the quote never names one of the question's persons (then the rule says nothing)."""
    subjects = people(question)
    if not subjects:
        return None
    words = {w for s in subjects for w in s.split()}
    text = split_camel(quote)
    # the question's persons first, by any of their words ("Fox", "Brian Fox"); then everyone else in what is left,
    # so that a name run on from the word before it ("University Brian Fox") is still theirs
    mine = [m for m in _CAPITAL.finditer(text) if m.group(0).lower() in words]
    blanked = text
    for m in mine:
        blanked = blanked[:m.start()] + " " * len(m.group(0)) + blanked[m.end():]
    marks = [(m.start(), True) for m in mine]
    marks += [(m.start(), False) for m in _NAME.finditer(blanked) if _is_person(m.group(0))
              or _is_person(" ".join(m.group(0).split()[:2]))]     # "Chet Ramey The Gnu ...": a title runs on
    marks.sort()
    if not any(own for _, own in marks):
        return None
    parts, owned, start = [], True, 0
    for at, own in marks:
        if owned:
            parts.append(text[start:at])
        owned, start = own, at
    if owned:
        parts.append(text[start:])
    return " ".join(parts)


def relation_held(quote: str, relation: str, names: Sequence[str]) -> bool:
    """Does one sentence of the quote hold the relation ("charge") and the names of what it is about ("MIA")? A
    relation said in a sentence about something else ("Paul Weber, in charge of the build servers") relates that."""
    return any(held(relation, content_lemmas(s)) and all(n in normalize(s) for n in names)
               for s in split_sentences(quote))
