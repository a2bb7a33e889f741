"""First names that are also everyday words, found by the role they play in the sentence, in any case.

Why: "mark", "max", "bill", "grace" pass every rarity test, and the capitalized-word rules let such a word
through when the request also uses it as a word ("Max replied ... max 200 words") or is typed in lowercase
("dear mark, ..."). English grammar still says when the word is a person: it is the one greeted ("Dear Mark,",
"hi john,"), the subject of a verb of speech or of a past action ("Max replied", "bill said", "Mark came"), or
the owner in a possessive ("wendy's franchise", "mike's birthday"). Only words of the first-name list count, so
"the bill said", "the mark's position" (a determiner before them) and "Mark the dates" stay.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from agents.privacy.name_list import is_first_name, is_surname
from agents.privacy.spans import Span
from rag.text_stats import is_calendar_word, zipf

NAME_WORD_LIMIT = 5.5    # a listed name this common is still a name in these roles (the capitalized rule's limit)
GREETED_RARE_LIMIT = 3.0  # a greeted word in no list counts when rarer than this ("Dear Morwared", not "Dear Participants")
_TITLE = r"(?:(?:mr|ms|mrs|miss|dr|prof|engr)\b\.?[ \t]*)?"
_GREETING = re.compile(r"(?:^|(?<=[.!?]))[ \t]*(?:dear|hi|hello|hey)\b[ \t]*,?[ \t]*" + _TITLE, re.I | re.M)
_AFTER_GREETED = re.compile(r"[ \t]*(?:[,!:/\n-]|$)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Verbs whose subject is a person: speech, and a few everyday past actions.
_PERSON_VERBS = re.compile(
    r"([^\W\d_]+)[ \t]+(?:said|says|told|tells|asked|asks|replied|replies|wrote|texted|emailed|called|mentioned|"
    r"explained|answered|thinks|thought|wants|wanted|came|went|joined|left)\b", re.I)
_POSSESSIVE = re.compile(r"(?<![\w'’])([a-z]+)['’]s\b")
_DETERMINERS = {"the", "a", "an", "this", "that", "my", "your", "our", "their", "his", "her", "its", "each", "every",
                "no", "any", "some", "to"}
_ARTICLES = {"the", "this", "that", "its", "each", "every"}   # "a wendy's franchise": a chain is owned too


def _listed(word: str) -> bool:
    low = word.lower()
    return not is_calendar_word(low) and (is_first_name(low) or is_surname(low)) and zipf(low) < NAME_WORD_LIMIT


def _after_determiner(text: str, start: int, words: set[str] = _DETERMINERS) -> bool:
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 20):start])
    return bool(before) and before[-1].lower() in words


def _greeted(text: str) -> Iterator[Span]:
    """ "Dear Mark,", "hi john\\n", "Hello Dr. Okonkwo:": one or two listed (or rare) words after a greeting that
    opens a line or sentence, and nothing else before the comma or line end."""
    for m in _GREETING.finditer(text):
        end, count = m.end(), 0
        for w in _WORD.finditer(text, m.end()):
            if count == 2 or text[end:w.start()].strip(" \t") or not (_listed(w.group()) or zipf(w.group().lower()) < GREETED_RARE_LIMIT):
                break
            end, count = w.end(), count + 1
        if count and _AFTER_GREETED.match(text, end):
            yield Span(m.end(), end, "PERSON", "greeting")


def find_role_names(text: str) -> Iterator[Span]:
    """Spans of listed first names greeted, speaking or acting, or owning (any case)."""
    yield from _greeted(text)
    for m in _PERSON_VERBS.finditer(text):
        if is_first_name(m.group(1).lower()) and _listed(m.group(1)) and not _after_determiner(text, m.start(1)):
            yield Span(m.start(1), m.end(1), "PERSON", "role")
    for m in _POSSESSIVE.finditer(text):
        if is_first_name(m.group(1)) and _listed(m.group(1)) and not _after_determiner(text, m.start(1), _ARTICLES):
            yield Span(m.start(1), m.end(1), "PERSON", "role")
