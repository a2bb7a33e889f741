"""Capitalized one-word items of a comma list ("Chess, Puppet, Sleep, Cliff"), and which words belong together.

Why its own module: the name finder (agents/privacy/names.py) asks two questions of word positions alone - are two
words one name (only spaces between them), and is a capitalized word just an item of a list - and both read only
where the words stand and how they are written, not what the name finder knows of names.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from agents.privacy.ordinary import dictionary_word

LIST_MIN_ITEMS = 3   # "Chess, Puppet, Sleep": a run of this many one-word items separated by commas is a list
LIST_WORD_SHARE = 0.5   # more than this share of a list's items are dictionary words: a list of things, not of names


class Word(Protocol):
    """A word of the request where it stands (agents/privacy/names.py's tokens)."""
    start: int
    end: int

    @property
    def lower(self) -> str: ...

    @property
    def capitalized(self) -> bool: ...

    @property
    def acronym(self) -> bool: ...


def adjacent(text: str, left: Word, right: Word) -> bool:
    """Two words belong to one name only when separated by spaces (or a comma before a place)."""
    gap = text[left.end:right.start]
    return gap.strip(" ") in ("", ",") and "\n" not in gap and len(gap) <= 3


def common_list_item(text: str, tokens: Sequence[Word], i: int, organisation_words: Collection[str] = ()) -> bool:
    """ "Chess, Puppet, Sleep, Cliff", "Designs, Flyers, Shorts": in a list of one-word items, each capitalized,
    the capital marks the start of an item, as it marks the start of a sentence, and says nothing about a name.
    An item that is a common dictionary word (no listed name or city, dictionary form not a proper noun:
    agents/privacy/ordinary.py dictionary_word) is ordinary. Rare or listed items ("Noida", "Orlando", "Kevin")
    stay private, and so do words of a multi-word item ("Solid Rock, ..."): companies are named with common words
    put together, seldom with one alone. `organisation_words` ("Ltd", "University") are never list items."""
    tok = tokens[i]
    if not tok.capitalized or tok.acronym or tok.lower in organisation_words:
        return False
    first = last = i
    while first > 0 and _comma_between(text, tokens[first - 1], tokens[first]):
        first -= 1
    while last + 1 < len(tokens) and _comma_between(text, tokens[last], tokens[last + 1]):
        last += 1
    if last - first + 1 < LIST_MIN_ITEMS:
        return False
    # the other items say what the list is: mostly unknown words ("Zorblat, Quenvix, Harbor") make it a
    # list of names, where a common word is a name too
    if sum(dictionary_word(t.lower) for t in tokens[first:last + 1]) <= LIST_WORD_SHARE * (last - first + 1):
        return False
    # the item is one word: no capitalized word joined to it by a space on the side away from the commas
    for j, k in ((i - 1, i), (i, i + 1)):
        if 0 <= j and k < len(tokens) and not _comma_between(text, tokens[j], tokens[k]):
            other = tokens[j] if k == i else tokens[k]
            if (other.capitalized or other.acronym) and adjacent(text, tokens[j], tokens[k]):
                return False
    return dictionary_word(tok.lower)


def _comma_between(text: str, left: Word, right: Word) -> bool:
    """Two words that are neighbouring items of a list written on one line ("Chess, Puppet")."""
    return text[left.end:right.start].strip(" ") == "," and right.capitalized and left.capitalized
