"""What replaces a private detail: a typed placeholder, or a generalization that keeps what a task needs.

Why (CoGenesis, PAPILLON): the cloud answers better when it knows that "Berlin" was a large
city in Germany, "14 March 1987" a date in March and "€2,150" about €2,000, and it needs
nothing more. A generalization is used only where it is safe and cheap to be sure: a place
after a locative word ("in", "from", "near"), a date that names its month, an amount with a
currency. Everything else gets a placeholder whose type comes from the context ("I work at
X" makes X an EMPLOYER), so "[EMPLOYER_1]" still tells the cloud what role X plays.
"""
from __future__ import annotations

import re

from agents.events import Replacement
from agents.privacy.spans import Span
from rag.text_stats import MONTHS, month_index

__all__ = ["Replacement", "generalize", "reason", "refine_kind"]

# Why each recognizer replaced something, in the words the consent dialog shows.
_KIND_REASONS = {
    "EMAIL": "an email address", "PHONE": "a phone number", "CARD": "a payment card number (checksum valid)",
    "IBAN": "a bank account number (IBAN, checksum valid)", "ID": "an identification number",
    "IP": "a network address", "URL": "a web address that can point to a person", "DATE": "a date",
    "ADDRESS": "a street address or postcode", "NUMBER": "a long number", "SECRET": "a password, key or token",
    "HOST": "the name of your own server", "PATH": "a folder path with a user name", "PERSON": "a person's name",
    "EMPLOYER": "where someone works", "SCHOOL": "a school or university", "ORG": "an organization",
    "PLACE": "a place", "AMOUNT": "an amount of money",
}
_SOURCE_REASONS = {
    "capitalized": "a capitalized word that is rare in English, probably a name",
    "rare": "a word that is rare in English", "library": "a name that occurs in your documents",
    "gazetteer": "a place name", "model": "the local model marked it as a name",
    "propagated": "the same value was found elsewhere in the request", "edit": "found in your edit",
    "context": "the words before it introduce a name", "label": "a form field that holds personal data",
}
_EMPLOYER_BEFORE = re.compile(r"(?:\bwork(?:s|ed|ing)?|\bemployed|\bjob|\bintern(?:ship|ed|ing)?|\bjoin(?:ed|ing)?|"
                              r"\bposition|\brole|\bhired)\s+(?:\w+\s+){0,2}(?:at|for|by|with|in)\s+(?:the\s+)?$", re.I)
_PERSON_BEFORE = re.compile(r"(?:\bmy name is|\bname\s*:|\bdear|\bi am|\bi'm|\bsigned|\bregards,?|\bsincerely,?|"
                            r"\bmr\.?|\bmrs\.?|\bms\.?|\bdr\.?)\s*$", re.I)
_PLACE_BEFORE = re.compile(r"(?:\bin|\bfrom|\bnear|\bto|\bat|\bvisit(?:ing)?|\bbased in|\blocated in|\blive in|"
                           r"\bmoved to)\s+(?:the\s+)?$", re.I)
_SCHOOL_WORDS = {"university", "college", "school", "academy", "institute", "polytechnic"}
_MAGNITUDES = ((10**9, "billions"), (10**6, "millions"), (10**5, "hundreds of thousands"),
               (10**4, "tens of thousands"), (10**3, "thousands"), (10**2, "hundreds"))


def refine_kind(text: str, span: Span) -> str:
    """A name's role from its context: EMPLOYER, PERSON, SCHOOL; other kinds are kept."""
    if span.kind not in ("NAME", "ORG", "TERM"):
        return span.kind
    before = text[max(0, span.start - 40):span.start]
    words = {w.lower() for w in span.text_of(text).split()}
    if words & _SCHOOL_WORDS:
        return "SCHOOL"
    if _EMPLOYER_BEFORE.search(before):
        return "EMPLOYER"
    if span.kind != "ORG" and _PERSON_BEFORE.search(before):
        return "PERSON"
    return span.kind


def reason(span: Span, kind: str) -> str:
    """Why this detail was replaced, for the user."""
    what = _KIND_REASONS.get(kind)
    why = _SOURCE_REASONS.get(span.source)
    if why is None or span.source == "gazetteer":
        return what or "personal data"
    return f"{what}: {why}" if what and kind not in ("ORG", "PLACE") else why


def generalize(text: str, span: Span, kind: str, avoid: frozenset[str] = frozenset()) -> str | None:
    """A phrase that says what the task needs of this detail, or None (a placeholder is used).

    `avoid`: the request's other private values (lowercase); a generalization never names one of them.
    """
    value = span.text_of(text)
    if kind == "DATE":
        return _month_of(value)
    if kind == "AMOUNT":
        return _amount(value)
    if kind in ("PLACE", "NAME") and _PLACE_BEFORE.search(text[max(0, span.start - 20):span.start]):
        from agents.privacy.gazetteer import describe_place
        return describe_place(value, avoid)
    return None


def _month_of(value: str) -> str | None:
    """ "14 March 1987" -> "a date in March"; a date without a month name stays a placeholder."""
    for word in re.findall(r"[A-Za-z]+", value):
        index = month_index(word) if len(word) >= 3 else -1
        if index >= 0:
            return f"a date in {MONTHS[index].capitalize()}"
    return None


def _amount(value: str) -> str | None:
    """ "€2,150" -> "about €2,000"; a round value is said by its size ("an amount in the thousands (€)")."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", value)
    if match is None:
        return None
    digits = match.group().replace(",", "")
    number = float(digits)
    symbol = (value[:match.start()] + value[match.end():]).strip()
    rounded = int(float(f"{number:.1g}"))
    if number >= 100 and rounded != int(number) and str(rounded) not in digits:
        return f"about {value[:match.start()]}{rounded:,}{value[match.end():]}".strip()
    size = next((name for limit, name in _MAGNITUDES if number >= limit), "units")
    return f"an amount in the {size}" + (f" ({symbol})" if symbol else "")
