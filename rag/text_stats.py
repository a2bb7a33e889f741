"""Shared facts about English words: how common a word is, the calendar words, and stopwords.

Why one module: the entity extractor, the retriever, the claim check, the answer finder and the
privacy detector all judged "is this word common?" and "is this a month?" with their own copies
(and drifted). It lives in rag, the lowest layer, so agents and privacy can import it too.
"""
from __future__ import annotations

from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")

# Function words and request filler ("tell me", "according to the document"): never what a question is about.
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
out over own same she should so some such than that the their them then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your yours
tell show give please say says said document documents file files page pages my me find according mention
mentioned write wrote also know does did
""".split())


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common `word` is in English, on the Zipf scale (0 for unknown words, 7+ for "the"); wordfreq."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def month_index(word: str) -> int:
    """0–11 for a month's name or its abbreviation ("Sept" -> 8), else -1."""
    prefix = word.lower()[:3]
    return next((i for i, m in enumerate(MONTHS) if m.startswith(prefix)), -1)


def is_calendar_word(word: str) -> bool:
    """A weekday or a month, spelled out."""
    lower = word.lower()
    return lower in WEEKDAYS or lower in MONTHS
