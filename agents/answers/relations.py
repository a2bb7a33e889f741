"""The relation check: a value is supported only by a source sentence that says the same thing about it.

Why: the claim check found each date, amount and name somewhere in the document, so a summary
saying the tenant "will be leaving the tenancy on 15 March 2024" passed because the contract was
*signed* on 15 March 2024. A claim is the value together with what its sentence says about it: the
content words of the value's clause (its subject and predicate: "tenant", "leave", "tenancy").
One source sentence must hold the value and at least MIN_SHARE of those words (lemmatized, so
"signed" meets "sign" and "begins" meets "begin"). No parser: the clause is the stretch of the
sentence between commas, semicolons, brackets and conjunctions that holds the value; a value with
no words of its own in its clause is judged by the whole sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from agents.answers.evidence import content_lemmas, split_sentences
from rag.entities import normalize
from rag.text_stats import MONTHS, WEEKDAYS

# Chosen by reasoning, not on a benchmark: half the words of a two-word relation ("notice period" over
# "two months' written notice"), and no sentence passes on its subject alone when its verb differs and
# it names two more things ("tenant ... leaving the tenancy" over "the agreement was signed").
MIN_SHARE = 0.5
_CLAUSE_BREAK = re.compile(r"[.!?][\"”]?\s+(?=[\"“]?[A-Z])|[;:()\[\]]|,\s|\s[-–—]\s|"
                           r"\b(?:and|but|while|whereas|although|because)\b")
_SENTENCE_END = re.compile(r"[.!?][\"”]?\s+(?=[\"“]?[A-Z])|;\s")      # a summary joins two sentences with "; "
_NOT_RELATION = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(
    "day days week weeks month months year years hour hours minute minutes per percent euro euros pound pounds "
    "dollar dollars eur gbp usd".split())


def _clause(sentence: str, value: str, breaks: re.Pattern[str] = _CLAUSE_BREAK) -> str:
    """The stretch of `sentence` between the breaks around `value` (a text of several sentences: its sentence)."""
    at = sentence.find(value)
    if at < 0:
        return sentence
    start = 0
    for match in breaks.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at + len(value):
            return sentence[start:match.start()]
    return sentence[start:]


def relation_words(sentence: str, value: str, values: Sequence[str] = ()) -> set[str]:
    """What the sentence says about `value`: its clause's content lemmas, without the values themselves
    (`values`: every claim's text in the sentence), calendar words and units."""
    spent = content_lemmas(" ".join(values)) | content_lemmas(value)
    for text in (_clause(sentence, value), _clause(sentence, value, _SENTENCE_END)):
        words = {w for w in content_lemmas(text) if w not in spent and w not in _NOT_RELATION and not w[0].isdigit()}
        if words:
            return words
    return set()


@lru_cache(maxsize=2048)
def _source_sentences(text: str) -> tuple[tuple[str, frozenset[str], str], ...]:
    """Each sentence of a source: (its text, its content lemmas, its letters for name lookups)."""
    return tuple((s, frozenset(content_lemmas(s)), normalize(s)) for s in split_sentences(text))


def related(words: set[str], holds: Callable[[str, str], bool], sources: Sequence[str]) -> bool:
    """Does one source sentence that `holds` the value (a predicate of its text and letters) also hold
    MIN_SHARE of `words`? True as well when no single sentence holds the value (a value read across a
    line or sentence break cannot be judged by its sentence; the value check has already passed it)."""
    if not words:
        return True
    seen = False
    for text in sources:
        for sentence, terms, letters in _source_sentences(text):
            if holds(sentence, letters):
                if len(words & terms) >= MIN_SHARE * len(words):
                    return True
                seen = True
    return not seen
