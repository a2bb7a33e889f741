"""A misspelled question word read as the word of the found passages it misspells ("fucntions" -> "functions").

Why: people type fast ("pipline", "backround", "directroy"). A word no English text uses weighs the most of all
question words (agents/answers/quotes.py: rarity), so one typo left the best quote "unexplained" and the question
was refused although the passage found answered it. Only a word that the passages do not hold, and that is one
edit (a letter added, dropped, changed, or two neighbours swapped) from exactly one passage word much more common
in English than itself, is read as that word: names and terms the passages hold stay as they are, and so do common
words and another form of the same word ("helps" where the passage says "help").
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from agents.answers.evidence import lemma
from rag.text_stats import zipf

MIN_LENGTH = 5          # shorter words are one edit from too many others ("tab" / "tap" / "tar")
MORE_COMMON = 1.0       # the passage word must be this much more common (Zipf) than the typed one
TYPO_ZIPF = 3.0         # a typed word this common is a word, not a typo ("helps" is no misspelled "help")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")


def one_edit(a: str, b: str) -> bool:
    """Are `a` and `b` one insertion, deletion, substitution or swap of neighbouring letters apart?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((n for n, (x, y) in enumerate(zip(short, long)) if x != y), len(short))
    return short[i:] == long[i + 1:]


def respelled(question: str, texts: Iterable[str]) -> str:
    """`question` with each misspelled word replaced by the one passage word it misspells (unchanged otherwise)."""
    vocabulary = {w.lower() for text in texts for w in _WORD.findall(text) if len(w) >= MIN_LENGTH - 1}

    def fix(match: re.Match) -> str:
        typed = match.group(0)
        low = typed.lower()
        if len(low) < MIN_LENGTH or low in vocabulary or (typed_zipf := zipf(low)) >= TYPO_ZIPF:
            return typed
        near = [w for w in vocabulary if abs(len(w) - len(low)) <= 1 and one_edit(low, w)
                and zipf(w) >= typed_zipf + MORE_COMMON and lemma(w) != lemma(low)]
        return near[0] if len(near) == 1 else typed

    return _WORD.sub(fix, question)
