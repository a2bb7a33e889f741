"""Answer spans for "where" and "when" as technical and administrative prose answers them.

Why: "where" was answered only by named places (and a few paths), "when" only by calendar dates. In
manuals, policies and FAQs the answer to "where" is mostly a location of another kind - a file, a
directory, a web or mail address, a mailing list, an archive, a section - and English marks it with a
locative preposition: "in /etc/apt/sources.list", "on the debian-devel mailing list", "in the BTS".
The answer to "when" is mostly a condition or an event, marked by a temporal conjunction or
preposition: "when the package is removed", "after the freeze", "before uploading", "during
installation". These are rules about English grammar, not about one document's wording.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS
from rag.text_stats import is_calendar_word, month_index

_LOCATIVE = re.compile(r"(?<![\w-])(?:in|on|at|under|into|onto|inside|within|from|to|via)\s+", re.I)
# definite determiners only: "a Debian mailing list", "any directory" name no particular place
_DETERMINER = re.compile(r"(?:the|your|its|their|our|his|her|this|that)\s+", re.I)
# a token that is a location by its shape: a path, a web or mail address, a file name, an identifier
_CONCRETE = re.compile(r"(?:~|\.{1,2})?/[\w.+*~/-]+|(?:https?|ftp)://[^\s<>\"')\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
                       r"[\w-]+(?:\.[\w-]+)+(?:/[\w.+~-]+)*/?|[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# a relative path the text marks as code ("`debian/source/format`"): unmarked, "and/or" or "GNU/Linux" is no path
_CODED_PATH = re.compile(r"(?:either\s+)?`([\w.+~-]+(?:/[\w.+~-]+)+/?)`")
_PHRASE = re.compile(r"[A-Za-z][\w+-]*(?:[ \t]+[A-Za-z][\w+-]*)*(?![\w/@~])")
# nouns that head no location: "in the same way", "at the end", "on the other hand", "in order", "at least"
_NOT_PLACES = frozenset("way case order addition general particular fact end beginning start future past meantime "
                        "moment time turn practice detail details principle effect short sum part form manner sense "
                        "terms favor favour spite lieu behalf contrast response accordance view regard respect "
                        "mind hand least most all first last once question example instance use doubt other same "
                        "future whole".split())
MAX_PLACE_WORDS = 5
# Round sixteen: a program writes to a stream, "on standard output", "to stderr": where its output or errors go (the
# answer to "Where should --help print its output?" in the GNU standards and "Where does zsh --version write ...?")
STREAMS = True
_STREAM = re.compile(r"(?:standard\s+(?:output|error|input)|stdout|stderr|stdin)\b", re.I)
# what a location is called in technical and administrative prose (the head of "in the bug tracking system")
PLACE_NOUNS = frozenset("list archive directory folder subdirectory queue site website server host repository "
                        "tracker system page section chapter menu channel database network mirror tree hierarchy "
                        "area partition disk drive file table wiki forum room office building street city "
                        "country place spot park station hall venue restaurant shop house home".split())


def locative_spans(text: str) -> list[str]:
    """The objects of locative prepositions that name a location, in text order: a path, address, file or
    identifier ("in /etc/fstab", "to debian-devel"), a capitalized name ("in Debian"), or a determined noun
    phrase ("in the bug tracking system") whose head names no time or manner."""
    out: list[str] = []
    for match in _LOCATIVE.finditer(text):
        coded = _CODED_PATH.match(text, match.end())        # "in `debian/source/format`": marked as code
        if coded:
            out.append(coded.group(1))
            continue
        rest = re.sub(r"^(?:either\s+)?[`\"'“‘]?", "", text[match.end():])      # "in either `/boot` or /"
        shaped = _CONCRETE.match(rest)
        if shaped and not english_compound(shaped.group(0)):
            out.append(shaped.group(0).rstrip("."))
            continue
        determiner = _DETERMINER.match(rest)
        stream = _STREAM.match(rest[determiner.end() if determiner else 0:]) if STREAMS else None
        if stream:          # "printed on (the) standard output": where a program's output or errors go
            out.append(stream.group(0))
            continue
        phrase = _PHRASE.match(rest[determiner.end() if determiner else 0:])      # plain words, as written
        words: list[str] = []
        for word in (phrase.group(0).split() if phrase else []):
            if word.lower() in STOPWORDS or len(words) == MAX_PLACE_WORDS:
                break
            words.append(word)
        if not words or words[-1].lower() in _NOT_PLACES or words[0].lower() in _NOT_PLACES or \
                any(_time_word(w) for w in words):        # "on Monday", "in March", "on Thu": a time, not a place
            continue
        if (determiner and len(words) > 1 and words[-1].lower().rstrip("s") in PLACE_NOUNS) or \
                all(w[0].isupper() for w in words):     # "the directory" alone names no particular one
            out.append(" ".join(words))     # "the Debian archive", "the debian-devel mailing list", "GitHub"
    return list(dict.fromkeys(out))


_WEEKDAY_SHORT = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())


def _time_word(word: str) -> bool:
    """A weekday or a month, spelled out or abbreviated ("Thu", "Oct")."""
    lower = word.lower().rstrip(".")
    return is_calendar_word(lower) or lower in _WEEKDAY_SHORT or (len(lower) == 3 and month_index(lower) >= 0)


IDENTIFIER_ZIPF = 4.0     # a hyphenated word this common is English ("start-up", "read-only"), not a list's name
PART_ZIPF = 3.5           # ... and so is one made of common words ("appropriately-named", "UNIX-domain")


def english_compound(token: str) -> bool:
    """A hyphenated English word ("start-up", "appropriately-named"), not an identifier ("debian-devel")."""
    from rag.text_stats import zipf

    if re.search(r"[./@~]", token):
        return False
    return not token.islower() or zipf(token.lower()) >= IDENTIFIER_ZIPF or \
        min(zipf(part) for part in token.split("-") if part) >= PART_ZIPF


def concrete(span: str) -> bool:
    """Is the span a location by its shape (a path, an address, a file name, an identifier)?"""
    match = _CONCRETE.fullmatch(span)
    return bool(match) and not english_compound(span)


# what stands right before a located span: "in the directory /pub/", "to `ftp.upload.debian.org`", "in either / or"
_LOCATIVE_BEFORE = re.compile(r"(?<![\w-])(?:in|on|at|under|into|onto|inside|within|from|to|via)\s+(?:either\s+)?(?:" +
                              _DETERMINER.pattern + r")?(?:(?:" + "|".join(sorted(PLACE_NOUNS)) +
                              r")\s+)?(?:[^\s,;]+\s+(?:or|and)\s+)?[`\"'“‘]?$", re.I)


def after_locative(text: str, span: str) -> bool:
    """Does the span stand as the object of a locative preposition ("in the BTS", "at Bella Italia", "in either
    /boot or /", "to `ftp.upload.debian.org`")?"""
    for found in re.finditer(re.escape(span), text):
        if _LOCATIVE_BEFORE.search(text[max(0, found.start() - 40):found.start()]):
            return True
    return False


# the point a thing happens at: "until" and "while" say how long, not when
# ... and the recurring or bounding occasion a preposition marks: "in each new release", "on every boot", "at the
# beginning of the boot process" ("each" / "every" and the beginning or end of something name a point in time)
# ... and the nouns English uses as conjunctions of time: "the moment (that) your package is accepted", "by the time"
# ("at the moment" is "now").
_TEMPORAL = re.compile(r"\b(?:when(?:ever)?|after|before|as soon as|during|upon|prior to|(?<!at )the moment(?: that)?|"
                       r"by the time|"
                       r"once(?=\s+(?:the|it|they|you|he|she|this|that|all|every|your|its)\b)|"
                       r"(?:in|on|at|with)(?=\s+(?:each|every)\s)|at\s+the\s+(?:beginning|start|end)\s+of)"
                       r"\s+[^,.;:!?()\"“”]{3,90}", re.I)
MAX_TEMPORAL_WORDS = 10


def temporal_spans(text: str) -> list[str]:
    """Conditions and events that answer "when" where no date does: "when the package is removed", "after
    the freeze", "before uploading", "during installation" - the clause up to its first punctuation, at most
    MAX_TEMPORAL_WORDS words, in text order."""
    out = []
    for match in _TEMPORAL.finditer(text):
        words = match.group(0).split()
        if len(words) < 2 or words[1].lower() in STOPWORDS - {"the", "a", "an", "it", "they", "you", "this", "its",
                                                             "all", "each", "every", "your", "he", "she"}:
            continue        # "before that", "until now"? a bare adverb or a pronoun alone is no event
        out.append(" ".join(words[:MAX_TEMPORAL_WORDS]))
    return list(dict.fromkeys(out))


def is_condition(span: str) -> bool:
    """A condition or event ("when the package is purged"), not a date."""
    return bool(_TEMPORAL.match(span))


def after_predicate(question: str, text: str, spans: list[str]) -> list[str]:
    """The spans that follow at once the text's restatement of the question's predicate: "Log files should be
    removed **when the package is purged**" for "When should a package's log files be removed?" - at least two
    of the question's content words among the few words right before the span, in the same clause."""
    from agents.answers.evidence import _WORD, lemma

    asked = {lemma(w) for w in _WORD.findall(question.lower()) if w not in STOPWORDS and len(w) > 1}
    out = []
    for span in spans:
        at = text.find(span)
        if at < 0:
            continue
        clause = re.split(r"[.;:!?()]", text[:at])[-1]
        before = [lemma(w) for w in _WORD.findall(clause.lower()) if w not in STOPWORDS][-4:]
        if before and before[-1] in asked and len(set(before) & asked) >= 2:
            out.append(span)
    return out


def condition_choice(question: str, ranked: list) -> tuple[str, object] | None:
    """(span, window) for "when is / should ...": the one condition or event right after the question's own
    predicate in the quote of one of the best three windows, best first; None where none or several are."""
    for window in ranked[:3]:
        marked = after_predicate(question, window.quote, temporal_spans(window.quote))
        if len(marked) == 1:
            return marked[0], window
        if marked:
            return None
    return None


def located_options(options: dict) -> dict:
    """For "where": the options that are locations - a path or address by its shape, or a span standing after a
    locative preposition in its window's quote ("at Bella Italia", "in the BTS") - when one of them is a path or
    address; else all. A name that stands after no locative ("Autoconf" of "If you are using Autoconf") is no
    place where the quotes also offer one ("This should normally be /usr/local/com")."""
    if not any(concrete(span) for span in options):
        return options
    return {span: window for span, window in options.items()
            if concrete(span) or after_locative(window.quote, span) or after_locative(window.sentence, span)}


# Round sixteen: "PID files, which were originally placed in /etc, must be placed in /run": a clause set off by ", which"
# or ", who" tells the reader something about its noun in passing; the sentence's own predicate says where (dev2)
ASIDES = True
_ASIDE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;:.()]*(?:,|$)", re.I)


def in_aside(sentence: str, span: str) -> bool:
    """Does `span` stand in `sentence` only inside a non-restrictive relative clause (", which ..., ")?"""
    places = [m.start() for m in re.finditer(re.escape(span), sentence)]
    asides = [m.span() for m in _ASIDE.finditer(sentence)] if ASIDES else []
    return bool(places) and all(any(a <= at < b for a, b in asides) for at in places)
