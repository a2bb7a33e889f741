"""Fast named-entity extraction with rules and word statistics (no model call per chunk).

What it finds, by the structure of the text rather than a model:
- speakers of chat/transcript lines ("JaneDoe: ...") -> person;
- dates in the common written forms (ISO 8601 extended and basic, with or without a
  clock time: "2026-09-21", "20260921", "20260921T1000", "2026-09-21 10:00"; "21 September",
  "Sept. 21st"), weekday and month names -> date;
- quoted titles ("The Old Man and the Sea") -> work;
- runs of capitalized words ("Jane Doe", "Windows 11", "University of Leeds"),
  minus sentence-initial common words ("Well", "Thanks") judged by English word
  frequency (wordfreq), typed by their head word (org, place, event) or as a name.
Names are normalized to one key so "Li Hua", "LiHua" and "Li Hua's" meet in one node.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rag.text_stats import MONTHS, WEEKDAYS, month_index, zipf

PERSON, ORG, PLACE, DATE, EVENT, WORK, NAME = "person", "org", "place", "date", "event", "work", "name"
NAME_TYPES = frozenset({PERSON, ORG, PLACE, NAME})     # what counts as a "name" for the privacy detector

_SPEAKER = re.compile(r"^[ \t]*([A-Z][\w.'’\- ]{0,40}?)[ \t]*:[ \t]+\S", re.MULTILINE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?=$|[^\d-])")
# ISO 8601 basic form, alone or followed by a clock time after any usual separator (T, space, _ or -)
_STAMP = re.compile(r"(?<![\d.])(20\d{2}|19\d{2})(\d{2})(\d{2})(?:[T _-]?\d{2}:?\d{2}(?::?\d{2})?)?(?![\d.])")
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w'’\-&]*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CONNECTORS = frozenset({"of", "the", "de", "du", "da", "von", "van", "&"})
_ORG_HEADS = frozenset({"inc", "ltd", "llc", "corp", "company", "co", "university", "college", "school", "bank",
                        "club", "team", "group", "studio", "studios", "association", "foundation", "institute",
                        "agency", "department", "committee", "council", "society", "gmbh", "technology", "labs"})
_PLACE_HEADS = frozenset({"street", "st", "road", "rd", "avenue", "ave", "park", "city", "lake", "river", "square",
                          "center", "centre", "mall", "station", "airport", "hotel", "restaurant", "cafe", "café",
                          "gym", "library", "museum", "hall", "beach", "mountain", "island", "town", "village"})
_EVENT_HEADS = frozenset({"festival", "concert", "party", "sale", "day", "conference", "fair", "marathon",
                          "championship", "tournament", "show", "night", "meetup", "workshop", "cup"})
_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "madam", "miss"})
# Always-dropped capitalized words: pronouns, interjections and chat filler that wordfreq rates as rare-ish.
_NEVER = frozenset({"i", "im", "ive", "ill", "id", "ok", "okay", "oh", "hey", "hi", "hello", "yes", "no", "yeah",
                    "lol", "haha", "thanks", "thank", "wow", "omg", "btw", "tbh", "sure", "great", "cool", "awesome",
                    "dear", "re", "fwd", "time", "let", "lets", "absolutely", "totally", "definitely", "aye",
                    "am", "pm", "ps", "pls", "np", "ty", "thx"})


@dataclass(frozen=True)
class Entity:
    key: str        # normalized identity: "lihua"
    name: str       # display form: "Li Hua"
    type: str       # person, org, place, date, event, work, name


def normalize(name: str) -> str:
    """One key for every spelling of a name: case, spaces, hyphens and possessives ignored."""
    text = unicodedata.normalize("NFKC", name).lower().strip()
    text = re.sub(r"['’]s\b|s['’](?=\s|$)", lambda m: "" if m.group(0).startswith(("'", "’")) else "s", text)
    return "".join(ch for ch in text if ch.isalnum())


def split_camel(name: str) -> str:
    """'AdamSmith' -> 'Adam Smith' (chat handles glue first and last names)."""
    return _CAMEL.sub(" ", name).strip()


def _common(word: str, sentence_start: bool) -> bool:
    lower = re.sub(r"['’]s$", "", word.lower()).strip("'’")
    if lower in _NEVER:
        return True
    if lower in WEEKDAYS or lower in MONTHS:
        return False
    threshold = 3.6 if sentence_start else 5.2
    return zipf(lower) >= threshold


def calendar_keys(text: str) -> list[tuple[str, str]]:
    """Date keys of a text: exact days (date20260106), days of the year (day0106), months.

    Shared by indexing and queries, so "on January 6th", "2026-01-06" and a log's
    "20260106T1300" stamp meet in the same date nodes.
    """
    keys: dict[str, str] = {}

    def day(month: int, number: int, year: str = "") -> None:
        if 0 <= month < 12 and 1 <= number <= 31:
            name = f"{MONTHS[month].title()} {number}"
            keys[f"day{month + 1:02d}{number:02d}"] = name
            keys[f"month{MONTHS[month]}"] = MONTHS[month].title()
            if year:
                keys[f"date{year}{month + 1:02d}{number:02d}"] = f"{year}-{month + 1:02d}-{number:02d}"

    for match in _STAMP.finditer(text):
        day(int(match.group(2)) - 1, int(match.group(3)), match.group(1))
    for match in _ISO_DATE.finditer(text):
        day(int(match.group(2)) - 1, int(match.group(3)), match.group(1))
    for match in _MONTH_DAY.finditer(text):
        day(month_index(match.group(1)), int(match.group(2)))
    for match in _DAY_MONTH.finditer(text):
        day(month_index(match.group(2)), int(match.group(1)))
    return list(keys.items())


_MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})


def _is_calendar(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return lower in WEEKDAYS or lower in MONTHS or lower in _MONTH_ABBREVIATIONS


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4):pos].rstrip(" \t")
    return not before or before[-1] in ".!?:\n\"“(-*•"


def _type_of(words: list[str]) -> str:
    head = words[-1].lower().strip(".")
    first = words[0].lower().strip(".")
    if first in _PERSON_TITLES:
        return PERSON
    if head in _ORG_HEADS:
        return ORG
    if head in _PLACE_HEADS:
        return PLACE
    if head in _EVENT_HEADS:
        return EVENT
    return NAME


def extract(text: str, max_entities: int = 40) -> list[Entity]:
    """Entities of one chunk, deduplicated by key, speakers and dates first."""
    found: dict[str, Entity] = {}

    def add(name: str, kind: str, key: str | None = None) -> None:
        key = key or normalize(name)
        if len(key) < 2 or key.isdigit():
            return
        if key not in found or (found[key].type == NAME and kind != NAME):
            found[key] = Entity(key, name, kind)

    for key, name in calendar_keys(text):
        add(name, DATE, key)
    speakers = set()
    for match in _SPEAKER.finditer(text):
        raw = match.group(1).strip()
        if len(raw.split()) > 4 or (" " not in raw and _common(raw, True) and zipf(raw.lower()) >= 4.5):
            continue        # "When: Saturday", "Note: ..." are list labels, not speakers
        speakers.add(raw)
        add(split_camel(raw), PERSON)
    for match in _QUOTED.finditer(text):
        title = match.group(1).strip(" .,!?")
        if title and title[0].isupper() and len(title.split()) <= 8:
            add(title, WORK)
    for span in _capitalized_spans(text):
        if span in speakers:
            continue
        words = span.split()
        if len(words) == 1 and words[0].lower() in WEEKDAYS:
            add(words[0].title(), DATE, f"weekday{words[0].lower()}")
        elif len(words) == 1 and _is_calendar(words[0]):
            month = MONTHS[month_index(words[0])]
            add(month.title(), DATE, f"month{month}")
        else:
            add(split_camel(span) if len(words) == 1 else span, _type_of(words))
        if len(found) >= max_entities:
            break
    return list(found.values())


def _capitalized_spans(text: str):
    """Runs of capitalized words (with inner connectors and trailing numbers), filtered."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        word, start, _ = words[i]
        if not word[0].isupper():
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(words) and not _is_calendar(word):
            nxt, nstart, _ = words[j]
            gap = text[words[j - 1][2]:nstart]
            if gap.strip(" ") not in ("", "&"):       # punctuation or a line break ends the run
                break
            if _is_calendar(nxt):
                break           # "Friday Dana Whitfield" is a day and a name
            if nxt[0].isupper() or (nxt.isdigit() and len(nxt) <= 4):
                run.append(j)
            elif nxt.lower() in _CONNECTORS and j + 1 < len(words) and words[j + 1][0][0].isupper() \
                    and text[words[j][2]:words[j + 1][1]].strip(" ") == "":
                run.append(j)
            else:
                break
            j += 1
        i = j
        # Drop sentence-initial common words ("Sounds", "The"), fillers and dangling connectors.
        tokens = [words[k] for k in run]
        while len(tokens) > 1:
            w, s, _ = tokens[0]
            lower = w.lower()
            if lower in _CONNECTORS or lower in _NEVER or (_sentence_start(text, s) and zipf(lower) >= 4.6):
                tokens.pop(0)
                continue
            break
        while tokens and (tokens[-1][0].lower() in _CONNECTORS):
            tokens.pop()
        if not tokens or tokens[0][0].isdigit():
            continue
        if len(tokens) == 1:
            w, s, _ = tokens[0]
            if _common(w, _sentence_start(text, s) and len(run) == 1):
                continue
        yield " ".join(t[0].rstrip("'’").removesuffix("'s").removesuffix("’s") for t in tokens)
