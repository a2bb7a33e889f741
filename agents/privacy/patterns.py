"""Pattern recognizers for structured identifiers, with checksums where one exists.

Why our own: Presidio's pattern recognizers are the model here, but presidio-analyzer
pulls spaCy, thinc and tldextract (about 80 MB, and tldextract may fetch its suffix
list over the network). A checksum (Luhn for cards, mod-97 for IBANs) keeps
random digit runs from being called cards; phone numbers are validated with
`phonenumbers` (Google's libphonenumber metadata, offline).
"""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from collections.abc import Iterator

import phonenumbers

from agents.privacy.spans import Span

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b")
_UK_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.I)
_AADHAAR = re.compile(r"\b[2-9]\d{3} \d{4} \d{4}\b")
_PAN = re.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b")
_LABELLED_ID = re.compile(
    r"\b(?:passport|id|identity|licen[cs]e|ssn|social security|nin|national insurance|aadhaar|pan|tax|"
    r"account|acct|policy|member(?:ship)?|customer|employee|student|patient|order|reference|ref)"
    r"\s*(?:no\.?|number|num|#|id)?\s*(?:is|:|#)?\s*([A-Z0-9][A-Z0-9-]{3,}[0-9][A-Z0-9-]*)", re.I)
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_URL = re.compile(r"\b(?:https?://|wss?://|s?ftps?://|www\.)[^\s<>\"')\]]+", re.I)
_DOMAIN = re.compile(r"(?<![\w.-])(?:[A-Za-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|ca|mx|de|fr|in|au|cn|ru|jp|"
                     r"info|biz|me|app|dev|ai|us|eu|nl|es|it|ch|se|no|br)\b(?!\.\w)", re.I)
# A host name of three labels or more ("bisw87.misc.t-mobile.pl") under any country's domain: _DOMAIN lists only
# the commonest endings. Written in lowercase, as hosts are ("Session.User.Id" is a member chain in C#), and not
# before "(", "[", "=" or "_": "self.model.to(device)" is code, not a host.
_HOST = re.compile(r"(?<![\w.-])[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+){1,}\.(?P<tld>[A-Za-z]{2})\b"
                   r"(?![.(\[=_]?\w|\(|\[|=)")
_MIXED_ID = re.compile(r"(?<![\w/-])(?=[\w/-]*\d)(?=[\w/-]*[^\W\d_])[^\W_][\w/-]{6,}[^\W_](?![\w/-])")
_HASH_NUMBER = re.compile(r"#\d+\b")
_TITLE_NAME = re.compile(r"\b(?:mr|mrs|ms|dr|prof|mx)(?:\.\s*|\s+)([^\W\d_][\w'’-]+)", re.I)
_HOME_PATH = re.compile(r"(?:/home/|/Users/|[A-Za-z]:\\Users\\)[^\s/\\]+(?:[/\\][^\s]*)?")
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATES = [
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
]
_BORN = re.compile(r"\b(?:born|dob|date of birth|birthday)\b[^.\n]{0,12}?(\d{1,4}(?:[^\n.]{0,20}?\d{2,4})?)", re.I)
_STREET_SUFFIX = (r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|square|sq|"
                  r"terrace|close|crescent|highway|hwy|parkway|pkwy|circle|cir|trail|alley|row|gardens|marg|nagar)")
_STREET = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){{1,4}}{_STREET_SUFFIX}\b\.?(?:,?\s*(?:apt|apartment|suite|unit|flat|#)\.?\s*\w+)?",
    re.I)
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.I)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_US_ZIP = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
# Money: a currency sign or code and a number of at least four digits ("€2,150", "USD 35000", "3,000 dollars").
_AMOUNT = re.compile(r"(?:[$€£¥₹]\s?|\b(?:USD|EUR|GBP|INR|AED|SAR|CAD|AUD|Rs\.?)\s?)\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"
                     r"|(?:[$€£¥₹]\s?|\b(?:USD|EUR|GBP|INR|AED|SAR|CAD|AUD|Rs\.?)\s?)\d{4,}(?:\.\d{1,2})?"
                     r"|\b\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?\s?(?:dollars|euros|pounds|rupees|riyals|dirhams)\b")
_LONG_NUMBER = re.compile(r"(?<![\w.])\+?\d(?:[\d ./-]{3,}\d)(?![\w])")


_FUNCTION_WORDS = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "with", "is", "was", "who", "and"}


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    """ISO 13616 mod-97 check: a typo or a random string fails it."""
    s = candidate.replace(" ", "").upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _ip_ok(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _has_personal_path(url: str) -> bool:
    """A URL with a path or query beyond the site itself can name a person, an account or a document."""
    rest = re.sub(r"^(?:https?://|wss?://|s?ftps?://|www\.)", "", url, flags=re.I)
    host, sep, path = rest.partition("/")
    return bool(sep and path.strip("/")) or "?" in rest or "@" in host


def _worded_quantity(token: str) -> bool:
    """ "18-year-old", "12-month", "mid-2022", "covid-19": a short number joined to lowercase English words is a
    quantity or a date, not an identifier (identifiers mix capitals, long digit runs or letters in between)."""
    from rag.text_stats import zipf
    parts = re.split(r"[-/]", token)
    words = [p for p in parts if not p.isdigit()]
    return (len(parts) >= 2 and all(len(p) <= 4 for p in parts if p.isdigit()) and bool(words)
            and all(p.isalpha() and p.islower() and len(p) >= 3 and zipf(p) >= 3.0 for p in words))


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """ISO 3166 two-letter codes, lowercase (every country-code top-level domain; "uk" as used for GB)."""
    import pycountry
    return frozenset({c.alpha_2.lower() for c in pycountry.countries} | {"uk", "eu"})


def find_patterns(text: str) -> Iterator[Span]:
    """Every structured identifier in `text` (overlaps allowed; the detector merges them)."""
    for m in _EMAIL.finditer(text):
        yield Span(m.start(), m.end(), "EMAIL", "pattern")
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            yield Span(m.start(), m.end(), "CARD", "pattern")
    for m in _IBAN.finditer(text):
        if iban_ok(m.group()):
            yield Span(m.start(), m.end(), "IBAN", "pattern")
    for rx in (_SSN, _UK_NINO, _AADHAAR, _PAN):
        for m in rx.finditer(text):
            yield Span(m.start(), m.end(), "ID", "pattern")
    for m in _LABELLED_ID.finditer(text):
        if any(ch.isdigit() for ch in m.group(1)):
            yield Span(m.start(1), m.end(1), "ID", "pattern")
    for rx in (_IPV4, _IPV6):
        for m in rx.finditer(text):
            if _ip_ok(m.group()):
                yield Span(m.start(), m.end(), "IP", "pattern")
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        if _has_personal_path(url):
            yield Span(m.start(), m.start() + len(url), "URL", "pattern")
    for m in _DOMAIN.finditer(text):
        yield Span(m.start(), m.end(), "URL", "pattern")
    for m in _HOST.finditer(text):
        if m.group().islower() and m.group("tld") in _country_codes():
            yield Span(m.start(), m.end(), "URL", "pattern")
    for m in _MIXED_ID.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) >= 2 and not re.fullmatch(r"\d+(?:st|nd|rd|th|s|am|pm|k|m|kg|km|gb|mb)", m.group(), re.I) \
                and not _worded_quantity(m.group()):
            yield Span(m.start(), m.end(), "ID", "pattern")
    for m in _HASH_NUMBER.finditer(text):
        yield Span(m.start(), m.end(), "NUMBER", "pattern")
    for m in _TITLE_NAME.finditer(text):
        if m.group(1).lower() not in _FUNCTION_WORDS:
            yield Span(m.start(1), m.end(1), "PERSON", "pattern")
    for m in _HOME_PATH.finditer(text):
        yield Span(m.start(), m.end(), "PATH", "pattern")
    yield from _phones(text)
    for rx in _DATES:
        for m in rx.finditer(text):
            yield Span(m.start(), m.end(), "DATE", "pattern")
    for m in _BORN.finditer(text):
        yield Span(m.start(1), m.end(1), "DATE", "pattern")
    for rx in (_STREET, _PO_BOX):
        for m in rx.finditer(text):
            yield Span(m.start(), m.end(), "ADDRESS", "pattern")
    for rx in (_UK_POSTCODE, _US_ZIP):
        for m in rx.finditer(text):
            if any(ch.isdigit() for ch in m.group()):
                yield Span(m.start(), m.end(), "ADDRESS", "pattern")
    for m in _AMOUNT.finditer(text):
        yield Span(m.start(), m.end(), "AMOUNT", "pattern")
    for m in _LONG_NUMBER.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) >= 5:
            yield Span(m.start(), m.end(), "NUMBER", "pattern")


def _phones(text: str) -> Iterator[Span]:
    """Phone numbers in international form or in the format of a few common regions."""
    seen: set[tuple[int, int]] = set()
    for region in ("US", "GB", "IN", "DE", "FR", "AU", "CN"):
        try:
            matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
            for match in matcher:
                key = (match.start, match.end)
                if key not in seen:
                    seen.add(key)
                    yield Span(match.start, match.end, "PHONE", "pattern")
        except Exception:  # noqa: BLE001 - a metadata quirk for one region must not stop detection
            continue
