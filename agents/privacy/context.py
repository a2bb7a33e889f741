"""Names that only their context gives away: "my name is amer", "a company called tech stop", "in pune".

Why: people type names in lowercase, and then capitalization says nothing. The words that
introduce a name still do. After "my name is", "named" or "called" the next words up to
punctuation are a name unless they are everyday words; after "work at" or "developed by"
an organization; after a locative ("in", "from", "near") a known city of 15,000+ people
(GeoNames) whose name is not an everyday English word.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from agents.privacy.spans import Span
from rag.text_stats import STOPWORDS, zipf

_NAME_CUE = re.compile(r"\b(?:my name is|name is|named|called|"
                       r"(?:my|his|her|our|their) (?:brother|sister|wife|husband|son|daughter|friend|mother|father|"
                       r"mom|dad|boss|colleague|manager|partner|boyfriend|girlfriend|cousin|uncle|aunt|teacher|"
                       r"student|client|neighbou?r|grandma|grandpa|grandmother|grandfather))\s+", re.I)
# Weaker cues ("I am applying", "this is urgent"): only a rarer word that is not a verb or adverb form.
_WEAK_NAME_CUE = re.compile(r"\b(?:i am|i'm|i m|this is|ms\.?,?|mr\.?,?|mrs\.?,?)\s+", re.I)
_NOT_A_NAME = re.compile(r"(?:ing|ed|ly)$", re.I)
_ORG_CUE = re.compile(r"\b(?:work(?:s|ed|ing)? (?:at|for)|employed (?:at|by)|intern(?:ed|ing|ship)? at|"
                      r"company (?:is|called|named)|developed by|made by|founded)\s+", re.I)
# Whom a message goes to ("a complaint to vodacom", "an email to ravindra"): a person or an organization.
_RECIPIENT_CUE = re.compile(r"\b(?:e-?mail|letter|mail|complaint|message|note|reply|memo|invitation)\s+to\s+"
                           r"(?:(?:mr|ms|mrs|miss|dr|prof)\b\.?,?\s*)?", re.I)   # the title stays: "Ms." is no name
_PLACE_CUE = re.compile(r"\b(?:in|from|near|to|at|located in|based in|live in|lives in|living in|moved to)\s+", re.I)
# A lowercase or all-caps organization: rare words before an organization word ("anna university", "MGS HOSPITAL").
_ORG_TAIL = re.compile(r"((?:[^\W\d_][\w'’&.-]*\s+){1,3})(?:university|institute|college|hospital|clinic|inc\.?|ltd\.?|"
                       r"llc|corp\.?|corporation|company|group|bank|academy|school|foundation|agency)\b"
                       r"(?:\s+of(?:\s+[^\W\d_]+){1,3})?", re.I)
ORG_TAIL_LIMIT = 4.5  # every word before the organization word must be rarer than this
# Business head words that also end ordinary phrases ("operating systems", "express delivery"): an organization
# only after a preposition that introduces one ("at excel systems", "with tunisair express").
_CUED_ORG_TAIL = re.compile(r"\b(?:at|for|with|from|by|join|joined|joining)\s+((?:[^\W\d_][\w'’&.-]*\s+){1,2})"
                            r"(?:systems|solutions|technologies|technology|tech|express|airlines?|airways|consulting|"
                            r"services|partners|labs|studios?|holdings|enterprises|industries|ventures|motors|"
                            r"media|logistics|fund|store|shop|restaurant|cafe|hotel)\b", re.I)
# Labelled values in forms and pasted data: "Name: Rachel Zheng", {"first_name": "John"}, "Address": "...".
_LABELS = {"name": "PERSON", "first name": "PERSON", "last name": "PERSON", "middle name": "PERSON",
           "full name": "PERSON", "surname": "PERSON", "khmer name": "PERSON", "latin name": "PERSON",
           "address": "ADDRESS", "home address": "ADDRESS", "city": "PLACE", "nationality": "PLACE",
           "place of birth": "PLACE", "birthplace": "PLACE", "company": "EMPLOYER", "employer": "EMPLOYER",
           "school": "SCHOOL", "university": "SCHOOL", "location": "PLACE"}
_LABEL_RX = "|".join(sorted((k.replace(" ", r"[_ ]?") for k in _LABELS), key=len, reverse=True))
_QUOTED_VALUE = re.compile(rf"[\"“](?P<key>{_LABEL_RX})[\"”]\s*:\s*[\"“](?P<value>[^\"”\n]{{1,80}})[\"”]", re.I)
_LINE_VALUE = re.compile(rf"^[ \t*•-]*(?P<key>{_LABEL_RX})[ \t]*[:=][ \t]*(?P<value>[^\n]{{1,80}}?)[ \t]*$", re.I | re.M)
_EMPTY = {"null", "none", "n/a", "na", "", "-", "true", "false"}
_WORDS = re.compile(r"[^\W\d_][\w'’&.-]*")
WEAK_NAME_LIMIT = 3.5 # after a weak cue ("i am"), only rarer words
NAME_LIMIT = 4.5      # after a name cue, a word rarer than this (in English) is taken as a name
RECIPIENT_LIMIT = 3.0 # after "a letter to", a word rarer than this is the addressee's name (not "landlord", 3.9)
ORG_LIMIT = 5.5       # after an employer cue, a word rarer than this is taken as an organization's name
BIG_CITY = 1_000_000
BIG_CITY_LIMIT = 4.5  # a big city's name counts anywhere unless it is this common an English word
CITY_LIMIT = 4.0      # a lowercase city name counts only when it is rarer than this as an English word


def _run(text: str, start: int, limit: float, most: int) -> tuple[int, int] | None:
    """The span of up to `most` words from `start` that are all rarer than `limit`, stopping at punctuation."""
    end, count = start, 0
    for m in _WORDS.finditer(text, start):
        if count == most or text[end:m.start()].strip() or m.group().lower() in STOPWORDS:
            break
        if zipf(m.group().lower().strip(".")) >= limit:
            break
        end, count = m.end(), count + 1
    return (start, end) if count else None


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    from agents.privacy.gazetteer import city_names
    return frozenset(n for n in city_names() if n.isalpha() and len(n) >= 4 and zipf(n) < CITY_LIMIT)


@lru_cache(maxsize=1)
def big_cities() -> "KnownTerms":
    """Cities of a million people or more, found anywhere in any case ("that dubai has no postcodes")."""
    from agents.privacy.gazetteer import city_names
    from agents.privacy.names import KnownTerms
    names = [n for n in city_names(BIG_CITY) if len(n) >= 4 and zipf(n) < BIG_CITY_LIMIT]
    return KnownTerms(names, kind="PLACE", source="gazetteer", parts=False)


def find_context_names(text: str) -> Iterator[Span]:
    """Spans of names introduced by their context (any case)."""
    for m in _NAME_CUE.finditer(text):
        run = _run(text, m.end(), NAME_LIMIT, 2)
        if run:
            yield Span(run[0], run[1], "PERSON", "context")
    for m in _WEAK_NAME_CUE.finditer(text):
        run = _run(text, m.end(), WEAK_NAME_LIMIT, 2)
        if run and not _NOT_A_NAME.search(text[run[0]:run[1]].split()[0]):
            yield Span(run[0], run[1], "PERSON", "context")
    for m in _RECIPIENT_CUE.finditer(text):
        run = _run(text, m.end(), RECIPIENT_LIMIT, 2)
        if run:
            yield Span(run[0], run[1], "NAME", "context")
    for m in _ORG_CUE.finditer(text):
        run = _run(text, m.end(), ORG_LIMIT, 3)
        if run:
            yield Span(run[0], run[1], "ORG", "context")
    for m in (*_ORG_TAIL.finditer(text), *_CUED_ORG_TAIL.finditer(text)):
        start = m.end(1)     # the rare words just before the organization word ("by anna university")
        for w in reversed(list(re.finditer(r"\S+", m.group(1)))):
            if w.group().lower() in STOPWORDS or zipf(w.group().lower()) >= ORG_TAIL_LIMIT:
                break
            start = m.start(1) + w.start()
        if start < m.end(1):
            yield Span(start, m.end(), "ORG", "context")
    for rx in (_QUOTED_VALUE, _LINE_VALUE):
        for m in rx.finditer(text):
            if m.group("value").strip().lower() not in _EMPTY:
                key = re.sub(r"[_ ]", " ", m.group("key").lower())
                kind = _LABELS.get(key) or _LABELS.get(key.replace(" ", ""), "NAME")
                yield Span(m.start("value"), m.end("value"), kind, "label")
    yield from big_cities().find(text)
    cities = _cities()
    for m in _PLACE_CUE.finditer(text):
        word = _WORDS.match(text, m.end())
        name = word.group().rstrip(".") if word else ""
        if name.lower() in cities:
            yield Span(word.start(), word.start() + len(name), "PLACE", "context")
