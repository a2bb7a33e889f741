"""The claim check: every number, amount, date, duration and name in a sentence must be in its source,
in a source sentence that says the same thing about it (agents/answers/relations.py).

Why: a small model copies a real citation onto an invented figure as readily as
onto a true one ("notice period 12 months [p.3]" where p.3 says two months). The
words of a sentence may be paraphrased, but its checkable facts may not: each is
reduced to a normal form and looked up in the cited passage's normal forms.
"two (2) months" = "2 months", "£1,725" = "1725 GBP", "1 April 2024" = "2024-04-01"
= "April 1st, 2024"; names compare letters only ("Li Hua's" = "LiHua").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rag.entities import NAME_TYPES, WORK, extract, normalize
from rag.text_stats import MONTHS

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "dozen": 12, "first": 1, "second": 2, "third": 3})
_MONTHS = MONTHS
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_CURRENCY = {"£": "gbp", "gbp": "gbp", "pound": "gbp", "pounds": "gbp", "$": "usd", "usd": "usd", "dollar": "usd",
             "dollars": "usd", "€": "eur", "eur": "eur", "euro": "eur", "euros": "eur", "¥": "jpy", "yen": "jpy"}
_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
          "year": "year", "years": "year", "hour": "hour", "hours": "hour", "minute": "minute", "minutes": "minute",
          "percent": "percent", "%": "percent", "km": "km", "kilometres": "km", "kilometers": "km"}

_DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(20\d{2}|19\d{2})(\d{2})(\d{2})(?:[_T ]\d{1,2}:?\d{2})?\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"), ("d", "m", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?", re.IGNORECASE),
     ("d", "M", "y")),
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE), ("M", "d", "y")),
)
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b|\b(\d{1,2}):(\d{2})\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_TOKEN = re.compile(r"[£$€¥%]|[A-Za-z]+|\d[\d,]*(?:\.\d+)?")


def _month(word: str) -> int:
    prefix = word.lower()[:3]
    return next((i + 1 for i, m in enumerate(_MONTHS) if m.startswith(prefix)), 0)


def dates(text: str) -> list[tuple[str, str]]:
    """(token, matched text) per date: 'date:MM-DD' always, 'year:YYYY' when the year is given."""
    out: list[tuple[str, str]] = []
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts: dict[str, str] = {}
            for key, value in zip(order, match.groups()[: len(order)]):
                parts[key] = value or ""
            if "M" in parts:
                month = _month(match.group(0).split()[0] if order[0] == "M" else
                               re.search(_MONTH, match.group(0), re.IGNORECASE).group(0))
                day = parts["d"]
            else:
                month, day = int(parts["m"] or 0), parts["d"]
            if not (1 <= month <= 12 and day.isdigit() and 1 <= int(day) <= 31):
                continue
            out.append((f"date:{month:02d}-{int(day):02d}", match.group(0)))
            if parts.get("y"):
                out.append((f"year:{parts['y']}", match.group(0)))
    return out


def times(text: str) -> list[str]:
    """Clock times as 'time:HH:MM' (24-hour): '2 PM' = '14:00' = '2:00 p.m.'."""
    out = []
    for match in _TIME.finditer(text.replace("_", " ")):     # "20260301_10:00": a stamp's clock time
        if match.group(4) is not None:
            hour, minute = int(match.group(4)), int(match.group(5))
        else:
            hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
            hour += 12 if match.group(3).lower() == "p" else 0
        if hour < 24 and minute < 60:
            out.append(f"time:{hour:02d}:{minute:02d}")
    return out


def _number_value(raw: str) -> str:
    whole, _, fraction = raw.replace(",", "").partition(".")
    fraction = fraction.rstrip("0")
    return f"{int(whole)}.{fraction}" if fraction else str(int(whole))


def normalized_tokens(text: str) -> set[str]:
    """Every comparable token of a text: words (lowercased, plural -s dropped), numbers by value (number
    words too), currencies and units by code, dates, years and clock times."""
    tokens: set[str] = set()
    found_dates = dates(text)
    found_times = times(text)
    rest = text
    for _, written in found_dates:          # a date's digits count as the date, not as loose numbers
        rest = rest.replace(written, " ")
    rest = _TIME.sub(" ", rest)
    for raw in _TOKEN.findall(rest):
        low = raw.lower()
        if raw[0].isdigit():
            tokens.add(_number_value(raw))
        elif low in _NUMBER_WORDS:
            tokens.add(str(_NUMBER_WORDS[low]))
        elif low in _CURRENCY:
            tokens.add(_CURRENCY[low])
        elif low in _UNITS:
            tokens.add(_UNITS[low])
        else:
            tokens.add(low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low)
    tokens.update(token for token, _ in found_dates)
    tokens.update(found_times)
    return tokens


@dataclass(frozen=True)
class Claim:
    kind: str           # number, amount, date, time, name
    text: str           # as written in the sentence
    needs: tuple[str, ...]   # normalized tokens (or "name:<key>") that the source must contain


def _common_words(name: str) -> bool:
    """'The answer is' (read as a speaker label) is no name: it holds a function word that names never
    hold (names may hold 'of', 'the', 'and': "Bank of England")."""
    from agents.answers.evidence import STOPWORDS

    words = [w.lower() for w in re.findall(r"[A-Za-z]+", name)]
    return any(w in STOPWORDS and w not in ("of", "the", "and", "for", "on", "at", "in") for w in words)


_CITATION = re.compile(r"\[[^\[\]\n]{1,160}\]")


def claims(sentence: str) -> list[Claim]:
    """The checkable facts of a sentence (its bracketed citations are not claims)."""
    sentence = _CITATION.sub(" ", sentence)
    out: list[Claim] = []
    spent: list[tuple[int, int]] = []
    for token, written in dates(sentence):
        out.append(Claim("date", written, (token,)))
        start = sentence.find(written)
        spent.append((start, start + len(written)))
    for match in _TIME.finditer(sentence):
        out.append(Claim("time", match.group(0), tuple(times(match.group(0)))))
        spent.append(match.span())
    for match in _NUMBER.finditer(sentence):
        if any(a <= match.start() < b for a, b in spent):
            continue
        value = _number_value(match.group(0))
        before = sentence[max(0, match.start() - 4):match.start()].lower()
        after = sentence[match.end():match.end() + 12].lower()
        currency = next((code for sign, code in _CURRENCY.items() if sign in before.split()[-1:] or
                         (len(sign) == 1 and sign in before[-2:]) or re.match(rf"\s*{re.escape(sign)}\b", after)),
                        None)
        out.append(Claim("amount" if currency else "number", match.group(0),
                         (value, currency) if currency else (value,)))
    for word, value in _NUMBER_WORDS.items():
        if value >= 2 and word not in ("second", "third", "first") and \
                re.search(rf"\b{word}\b", sentence, re.IGNORECASE):
            out.append(Claim("number", word, (str(value),)))
    for entity in extract(sentence):
        if (entity.type in NAME_TYPES or entity.type == WORK) and entity.key not in _CURRENCY \
                and entity.key not in _UNITS and not _common_words(entity.name):
            out.append(Claim("name", entity.name, (f"name:{entity.key}",)))
    return out


def unsupported(sentence: str, sources: Iterable[str]) -> list[Claim]:
    """The claims of `sentence` that no source contains, or that no source sentence relates to what
    `sentence` says about them (agents/answers/relations.py: "leaving ... 15 March 2024" is not
    supported by "signed ... 15 March 2024")."""
    from agents.answers.relations import related, relation_words

    texts = list(sources)
    tokens = set().union(*(normalized_tokens(t) for t in texts)) if texts else set()
    letters = "".join(normalize(t) for t in texts)
    found = claims(sentence)
    written = [claim.text for claim in found]
    missing = []
    for claim in found:
        ok = all((need[5:] in letters) if need.startswith("name:") else need in tokens for need in claim.needs)
        if not ok or not related(relation_words(_CITATION.sub(" ", sentence), claim.text, written),
                                 _holder(claim, texts), texts):
            missing.append(claim)
    return missing


def _holder(claim: Claim, texts: list[str]):
    """Does a source sentence (its text, its letters) hold this claim's value? A person named once and
    then called by the role the source gives them ("Margaret Okafor (the Landlord)" ... "The Landlord will
    return the deposit") is held by a sentence with that role as well."""
    from agents.answers.evidence import content_terms

    roles = [role.split() for role in _roles_of(claim.text, tuple(texts))] if claim.kind == "name" else []

    def holds(sentence: str, letters: str) -> bool:
        if all((need[5:] in letters) if need.startswith("name:") else need in _tokens(sentence)
               for need in claim.needs):
            return True
        return bool(roles) and any(set(words) <= content_terms(sentence) for words in roles)
    return holds


@lru_cache(maxsize=256)
def _roles_of(name: str, texts: tuple[str, ...]) -> tuple[str, ...]:
    from agents.answers.roles import name_words, source_pairs

    words = name_words(name)
    return tuple(sorted({role for person, role in source_pairs(texts) if person & words}))


@lru_cache(maxsize=8192)
def _tokens(sentence: str) -> frozenset[str]:
    return frozenset(normalized_tokens(sentence))


def keep_supported(text: str, sources: Iterable[str]) -> tuple[str, list[str]]:
    """The text without its sentences that carry a claim no source contains, or that give a person a role
    the source gives someone else (agents/answers/roles.py); and those sentences.

    Lines are kept as lines (a list of key points stays a list)."""
    from agents.answers.evidence import split_sentences
    from agents.answers.roles import source_pairs, swapped_roles

    texts = list(sources)
    roles = source_pairs(texts)
    kept_lines: list[str] = []
    dropped: list[str] = []
    for line in text.split("\n"):
        kept = []
        for sentence in split_sentences(line):
            if unsupported(sentence, texts) or swapped_roles(sentence, roles):
                dropped.append(sentence)
            else:
                kept.append(sentence)
        if kept:
            kept_lines.append(" ".join(kept))
        elif not line.strip():
            kept_lines.append("")
    return "\n".join(kept_lines).strip(), dropped
