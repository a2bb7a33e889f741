"""What an abbreviation stands for: "What does FTBFS mean?" -> "Fails To Build From Source".

Why: a question about an abbreviation's meaning names no kind of span, so it fell through to the part of the best
sentence the question does not say ("Building a Debian package in this chroot environment verifies ...") while the
sentence spells the expansion out beside the abbreviation: "avoids FTBFS (Fails To Build From Source) bugs", "the
name is an acronym for the 'Bourne-Again SHell'". English writes an expansion as words whose initials (or
capitals, "SHell") spell the abbreviation, so that is what is looked for, near where the text writes the
abbreviation itself.
"""
from __future__ import annotations

import re

# "What does FTBFS mean?", "What does the name Bash stand for?", "What is DFSG short for?", "What is DFSG an
# abbreviation of?"
_ASKS = re.compile(
    r"^\s*what\s+(?:does|do|did|is|was)\s+(?:the\s+(?:name|acronym|abbreviation|term|initialism)\s+)?"
    r"[\"“‘'`]?(?P<short>[A-Za-z][A-Za-z0-9]{1,9})[\"”’'`]?\s+"
    r"(?:mean|stand\s+for|short\s+for|an?\s+(?:abbreviation|acronym)\s+(?:of|for))\b", re.I)
# small words an expansion may hold without a letter of its own ("Bourne Again SHell", "Department of Defense")
_FILLER = frozenset("of the and for a an in on to".split())
NEAR = 300           # characters: the expansion must stand this close to where the text writes the abbreviation
MIN_LETTERS = 3      # a two-letter abbreviation is spelled by too many word pairs by chance


def asked_abbreviation(question: str) -> str:
    """The abbreviation a "what does X mean / stand for" question asks about; '' for other questions."""
    match = _ASKS.match(question)
    return match.group("short") if match else ""


def _letters(word: str) -> list[str]:
    """The letters a word may give an abbreviation: its initial, or its initial and its inner capitals ("SHell":
    "sh"), lowercased."""
    capitals = word[0] + "".join(c for c in word[1:] if c.isupper())
    options = [word[0].lower()]
    if len(capitals) > 1:
        options.insert(0, capitals.lower())
    return options


def _spells(words: list[str], letters: str) -> int:
    """How many of `words` (from the first) spell `letters` exactly, filler words allowed between; 0 if they do
    not. The first and last words must give a letter."""
    def walk(i: int, at: int) -> int:
        if at == len(letters):
            return i
        if i == len(words):
            return 0
        for given in _letters(words[i]):
            if letters.startswith(given, at) and (end := walk(i + 1, at + len(given))):
                return end
        if i > 0 and words[i].lower() in _FILLER:
            return walk(i + 1, at)
        return 0
    return walk(0, 0)


def expansion(short: str, text: str) -> str:
    """The words of `text` whose initials spell `short`, nearest to where `text` writes `short`; '' where none."""
    letters = short.lower()
    if len(letters) < MIN_LETTERS:
        return ""
    written = [m.start() for m in re.finditer(rf"\b{re.escape(short)}\b", text, re.I)]
    if not written:
        return ""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+(?:'[A-Za-z]+)?(?:-[A-Za-z]+)*", text)]
    found: list[tuple[int, str]] = []
    for i, (token, start, _) in enumerate(tokens):
        if token[0].lower() != letters[0] or token.lower() == letters:
            continue
        parts: list[str] = []
        owner: list[int] = []           # the token each part comes from ("Bourne-Again": two parts, one token)
        for j in range(i, min(len(tokens), i + len(letters) + 4)):
            for part in tokens[j][0].split("-"):
                parts.append(part)
                owner.append(j)
        used = _spells(parts, letters)
        if not used or (used < len(parts) and owner[used] == owner[used - 1]):
            continue                    # spelled by half of a hyphenated word
        last = tokens[owner[used - 1]]
        distance = min(abs(start - w) for w in written)
        if distance <= NEAR:
            found.append((distance, " ".join(text[start:last[2]].split())))     # a PDF's line break inside it
    return min(found)[1] if found else ""


def expansion_in(question: str, texts: list[str]) -> str:
    """The expansion of the abbreviation the question asks about, from the first text that spells it out."""
    short = asked_abbreviation(question)
    if not short:
        return ""
    return next((found for text in texts if (found := expansion(short, text))), "")
