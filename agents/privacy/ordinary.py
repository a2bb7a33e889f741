"""Words that look private to the frequency rules but are ordinary task text: code identifiers, misspellings,
and sentence-opening words with an English derivational ending.

Why (the content the sketch lost on the dev split, classified): after capitalized words, the largest loss was
lowercase "rare" words redacted as TERMs, and most of those were not private at all: identifiers in pasted
code ("appendChild", "JSON.stringify", `charset=`) and misspelled common words ("provied", "gramamr", "wrds").
Code has a syntax that says a word is an identifier; a misspelling is one edit away from a common word.
Neither applies to a word that is a listed first name or surname, so "johnSmith" or "smithe" stay private.
A capitalized word opening a sentence ("Exploring", "Motivated", "Luckily", "Interactive") was private when
rarer than zipf 4.5; an English -ing/-ed/-ly/-ive/... form of a known word rarely names anyone. Likewise an
inflection of a common English word ("Indexes", "Purchased"; simplemma's English dictionary): names are not
inflected (round 7); and a sentence-opening dictionary word before "the"/"your" is an imperative verb.
"""
from __future__ import annotations

import re
from functools import lru_cache

from agents.privacy.name_list import is_first_name, is_surname

_CAMEL = re.compile(r"[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,}(?![a-z])|\d+)+")
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
CAMEL_PART_LIMIT = 3.0    # every part of a camelCase identifier is an English word at least this common
CAMEL_MOST_PARTS = 4      # longer compounds ("addNewDocumentBufferWindow") name a project's own classes (dev)
TYPO_LIMIT = 4.0          # a misspelling is one edit from a word at least this common (zipf)
TYPO_MIN_LENGTH = 4
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Derivational endings of English words; not "-ous" (dev: "Anonymous" is a forum handle in PUPA_TNB).
_DERIVED = re.compile(r"(?:ing|ed|ly|ful|ive|ence|ance|ics|ology|ism|able|ible)$")
INFLECTED_LIMIT = 3.0     # the base of an inflected capitalized word is at least this common (as DERIVED_LIMIT)
INFLECTED_MIN_LENGTH = 4
DICTIONARY_LIMIT = 3.0    # an opening imperative verb is at least this common (as DERIVED_LIMIT)
DERIVED_LIMIT = 3.0       # an opening word with such an ending is ordinary when at least this common


def code_identifier(text: str, start: int, end: int) -> bool:
    """ "appendChild", "obj.textContent", "stringify(", "charset=": the word is a name in code, not a person's.
    camelCase made of common English words, or a word written as a member (after "x.") or as a call or
    attribute (directly before "(" or "=")."""
    word = text[start:end]
    if _CAMEL.fullmatch(word):
        parts = [p.lower() for p in _PARTS.findall(word)]
        if len(parts) <= CAMEL_MOST_PARTS and not is_first_name(parts[0]) and all(_zipf(p) >= CAMEL_PART_LIMIT for p in parts if len(p) > 1):
            return True
    member = start >= 2 and text[start - 1] == "." and text[start - 2].isalnum()
    called = text[end:end + 1] in ("(", "=")
    return word[:1].islower() and (member or called)


def misspelled(word: str) -> bool:
    """A lowercase word one edit (a letter added, dropped, changed, or two swapped) from a common English word,
    and neither itself a listed name nor one edit from one: "provied", "unqiue", "wrds", not "jhonny"."""
    if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or not word.islower() or is_first_name(word) or is_surname(word):
        return False
    edits = _edits(word)
    return any(_common(w) for w in edits) and not any(is_first_name(w) or is_surname(w) for w in edits)


def derived_opening(word: str) -> bool:
    """A sentence-opening word ("exploring", "luckily") that is an English derived form, not a listed name or city."""
    from agents.privacy.gazetteer import city_names
    low = word.lower()
    return (bool(_DERIVED.search(low)) and _zipf(low) >= DERIVED_LIMIT and not is_first_name(low)
            and not is_surname(low) and low not in city_names())


def inflected_word(word: str) -> bool:
    """A capitalized word that is an English inflection of a common English word ("Indexes", "Purchased",
    "Conclusions", "Tenders"): names of people, companies and places are not inflected, so the ending shows
    the writer used a word of the language (in a heading, a list, for emphasis). Not when the dictionary's form
    is itself a proper noun ("Fedex", "Latino") or the word or its base is a listed name or city."""
    from agents.privacy.gazetteer import city_names
    low = word.lower()
    if not low.isalpha() or len(low) < INFLECTED_MIN_LENGTH:
        return False
    base = _lemma(low)
    if base == low or not base.islower() or _zipf(base) < INFLECTED_LIMIT:
        return False
    return not any(is_first_name(w) or is_surname(w) or w in city_names() for w in (low, base))


def inflected_term(word: str) -> bool:
    """A lowercase word rarer than the TERM limit that simplemma's English dictionary reads as an inflection of
    one of its own words ("photocopiers", "localizations", "rerunning", "mentees"): a technical or rare word of
    the language, not a name, since names are not inflected (as `inflected_word`, whose base must be common;
    here the base must be in the dictionary, as rare words' bases are rare too). Not when the word or its base
    is a listed name or city."""
    import simplemma

    from agents.privacy.gazetteer import city_names
    if not word.isalpha() or not word.islower() or len(word) < INFLECTED_MIN_LENGTH:
        return False
    base = _lemma(word)
    if base == word or not base.islower() or not simplemma.is_known(base, lang="en"):
        return False
    return not any(is_first_name(w) or is_surname(w) or w in city_names() for w in (word, base))


def dictionary_word(word: str) -> bool:
    """A common word of simplemma's English dictionary whose dictionary form is not a proper noun, and that is
    no listed name or city ("assist", "upload"; not "fedex", "nate", "paris")."""
    import simplemma

    from agents.privacy.gazetteer import city_names
    low = word.lower()
    if not low.isalpha() or not simplemma.is_known(low, lang="en") or not _lemma(low).islower() or _zipf(low) < DICTIONARY_LIMIT:
        return False
    return not (is_first_name(low) or is_surname(low) or low in city_names())


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    import simplemma
    return simplemma.lemmatize(word, lang="en")


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
            | {a + c + b for a, b in splits for c in _LETTERS}) - {word}


def _common(word: str) -> bool:
    return len(word) >= TYPO_MIN_LENGTH - 1 and _english().get(word, 0.0) >= 10 ** (TYPO_LIMIT - 9)


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict
    return get_frequency_dict("en")


def _zipf(word: str) -> float:
    from rag.text_stats import zipf
    return zipf(word)
