"""Is a candidate of the kind of value the question asks for? A city, an amount of money, a number that is no note.

Why: a value of the wrong kind answering an absent fact is the commonest way a wrong answer looks right: "In which
city ...?" answered "Copyright", "How much does it cost ...?" answered "8" (of "Debian 8"), "How many jobs ...?"
answered "1234 indicating". Each test here is a switch, measured on the dev corpora (README, rounds fourteen and
fifteen), used by answer_types.candidates wherever an answer is read.
"""
from __future__ import annotations

import re
from functools import lru_cache

from agents.answers.focus import focus
from agents.answers.qualifiers import counts_something_else, is_reference
from rag.entities import PLACE
from rag.text_stats import zipf

# Round fourteen: "In which city / country ..." asks for a region of the world, which a mail or web address, a path,
# "in the BTS", an organisation or a person's full name never is ("In which city is the Free Software Foundation's
# office?" was answered "chet.ramey@case.edu"). Places are mostly typed as plain names, so those stay candidates.
REGION_HEADS = True
_REGION = re.compile(r"\b(?:which|what)\s+(?:city|country|town|village|state|region|province|county|continent)\b", re.I)


def spelled_by_address(name: str, text: str) -> bool:
    """Does an e-mail address of `text` spell the name in its local part ("Chet Ramey" - chet.ramey@case.edu)? Then
    the name is its owner's, a person's."""
    words = name.lower().split()
    return len(words) > 1 and any(re.split(r"[._-]", m.group(1).lower()) == words
                                  for m in re.finditer(r"\b([\w.+-]+)@[\w-]+\.", text))


# Round fifteen: a city or a country is a place the gazetteer knows, or a name typed as a place by its head
# ("Franklin Street"); "Copyright" opening "Bash is Copyright (C) 1989-2022 by the ..." is none
KNOWN_REGIONS = True


def as_region(entity):
    """The entity as an answer to "in which city / country": itself where it is typed a place or the gazetteer knows
    it, else the country or region its name holds ("Canada" of a table's "French Canada ISO"; not a town that is also
    a common word, "University" of "Example University John Smith"), else None. Any name where the switch is off."""
    from dataclasses import replace

    from agents.privacy.gazetteer import describe_place
    if not KNOWN_REGIONS or entity.type == PLACE or describe_place(entity.name):
        return entity
    words = entity.name.replace(",", " ").split()
    runs = [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words) - n + 1)]
    known = next((run for run in runs if _written_as_place(run) and
                  (describe_place(run) or "").startswith(("a country", "a region"))), "")
    return replace(entity, name=known) if known else None


def _written_as_place(run: str) -> bool:
    """Is the run written as a place's name is: capitalized, in capitals only when short ("USA"), so that a table's
    "DATE" heading is no town in Japan?"""
    return run[:1].isupper() and (not run.isupper() or len(run) <= 3)


# Round fifteen: the checks that decide whether a passage answers (support.py) also bound what the answer line may
# say, wherever it is read: a "who" name must name someone ("POSIX" never does), "how many jobs" is not answered by
# "1234 indicating" nor by a reference ("page 106"). Not the bound's side: "int will be less than 32 bits" under
# "You need not cater to the possibility that ..." answers "What is the smallest int size?" (realdocs dev -1)
CHECKED_EVERYWHERE = True

# Round fifteen: a question about money ("How much does it cost ...?", "What fee ...?") is answered by an amount
# of money, never by a bare number ("8" of "Debian 8"); "how much memory" still takes "512 MB"
MONEY_NEEDS_CURRENCY = True
_MONEY_ASKED = re.compile(r"\b(?:costs?|price[sd]?|fees?|charge[sd]?|pays?|paid|salar(?:y|ies)|wages?|spen[dt]|"
                          r"budgets?)\b", re.I)


def asks_money(question: str) -> bool:
    """Does the question ask for an amount of money (so a number with no currency is no answer)?"""
    return MONEY_NEEDS_CURRENCY and bool(_MONEY_ASKED.search(question))


def asks_region(question: str) -> bool:
    """Does the question ask for a city, a country or another region by its name (never an address or a path)?"""
    return REGION_HEADS and bool(_REGION.search(question))


# Round fourteen: a PDF's text layer glues a footnote's marker to the word after it ("an 1The Linux Standard Base ...",
# "1⁵Version strings", "⁴Despite"): digits, then a capitalized word, in one token, are a marker and a word, never a
# number or an amount
FOOTNOTE_MARKS = True
_FOOTNOTE = re.compile(r"[\d\u2070-\u2079\u00b9\u00b2\u00b3]+[A-Z][a-z]+")     # the word: an English one ("10Gbps" no)


def footnote_marked(span: str, text: str = "") -> bool:
    """Is the span a footnote marker, glued to a capitalized word ("1The") or in brackets in `text` ("a minimum size
    [17] of 12 characters", as HTML manuals number their notes), so no number of the text?"""
    if not FOOTNOTE_MARKS:
        return False
    if span.isdigit() and re.search(rf"\[{span}\]", text):
        return True
    word = span.lstrip("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹")
    return bool(_FOOTNOTE.fullmatch(span)) and zipf(word.lower()) >= 3.5


def fails_support_checks(span: str, text: str, question: str) -> bool:
    """Would the support check reject this candidate (a count of another noun, a reference)?"""
    if not CHECKED_EVERYWHERE:
        return False
    wh, asked = _wh_and_asked(question)
    return wh == "how many" and (counts_something_else(span, question) or is_reference(span, text, asked))


@lru_cache(maxsize=64)
def _wh_and_asked(question: str) -> tuple[str, str]:
    """The question's wh-word and asked head, read once per question: candidates() asks for every span it finds."""
    wanted = focus(question)
    return wanted.wh, wanted.asked


def can_name_someone(name: str) -> bool:
    """May this name answer "who" (support.NAMED's test, wherever the answer is read)?"""
    from agents.answers.actors import names_someone
    return not CHECKED_EVERYWHERE or names_someone(name)


def wrong_shape(span: str, question: str) -> bool:
    """Is the span of another shape than the question's head asks for (a version without a number, a licence not
    named as one, a role for a company)?"""
    from agents.answers.spans import misfits_head

    return misfits_head(span, _shape_head(question))


@lru_cache(maxsize=64)
def _shape_head(question: str) -> str:
    """The last word of the question's "which / what X" head, read once per question."""
    from agents.answers.heads import which_head
    from agents.answers.spans import SHAPED_HEADS

    return (which_head(question, SHAPED_HEADS).split() or [""])[-1]


# Round fifteen: "What is the largest upload ...?", "the maximum length of X" ask for a magnitude, stated with a
# number (support.AMOUNT_NUMBER's test, as for "how much"); "the minimum severity" asks for a category ("important")
MAGNITUDES = True
# Round sixteen: "how deep can functions be nested", "how big may a file be" ask for a magnitude as "the largest" does
# (gate3 dev: an absent nesting depth was answered with a sentence about autoloading); "how long" asks for a length or
# a duration, read apart (answer_types.DURATION)
HOW_BIG = True
_HOW_BIG = re.compile(r"\bhow\s+(?:deep|wide|big|large|tall|high|far|heavy|thick|fast)\b", re.I)
_MAGNITUDE = re.compile(r"\b(?:largest|smallest|longest|shortest|biggest)\b|\b(?:maximum|minimum|max|min)\s+(?:[\w-]+\s+)?"
                        r"(?:length|size|number|value|depth|amount|count|width|height|delay|age|limit)s?\b", re.I)


def asks_magnitude(question: str) -> bool:
    """Does the question ask for a size, a length or a count by its extreme ("the largest upload")?"""
    return MAGNITUDES and bool(_MAGNITUDE.search(question) or HOW_BIG and _HOW_BIG.search(question))


_STATED_AMOUNT = re.compile(r"\d|\b(?:half|twice|double|triple|quarter|percent|unlimited)\b", re.I)
# a number standing as a word ("500 MB", "at most 10"), not a digit inside a file or version name
# ("gentoo_0.9.12-1_i386.changes" states no size)
_STANDALONE = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w.-]*[A-Za-z_])|\b(?:half|twice|double|unlimited)\b", re.I)


def states_amount(text: str, magnitude: bool = False) -> bool:
    """Does the text state an amount: a number in digits, or a word of proportion ("half", "twice", "unlimited")?
    For a magnitude, the number must stand as a word of its own and point nowhere: "Reference 5.6", "page 57" and a
    list's "1." are references (qualifiers.is_reference), "2.5 MB" with its unit is a size."""
    if not magnitude:
        return bool(_STATED_AMOUNT.search(text))
    for match in _STANDALONE.finditer(text):
        number = match.group(0)
        if not number[:1].isdigit() or re.match(r"\s?(?:%|[A-Za-z]+\b)", text[match.end():]) and "." in number or \
                not is_reference(number, text):
            return True
    return False
