"""What a question says its answer must be besides its kind: the thing counted, and "by default".

Why: "How many builtin commands does Bash have?" was answered "three respects" - a count, but of
something else; English puts the counted noun right after the number ("eight bits", "32 characters"), so a
number followed by another noun counts other things. And "Which port does Bash use by default?" was
answered by a passage about ports that states no default: a question about a default is answered only
where the text says what the default is ("default", "by default", "defaults to").
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS, lemma

_HOW_MANY = re.compile(r"^\s*how many\s+([a-z][\w-]*)", re.I)
_DEFAULT = re.compile(r"\bdefault", re.I)


def counts_something_else(candidate: str, question: str) -> bool:
    """Is `candidate` a number followed by a noun the question does not count ("three respects" for "how many
    commands")? A bare number, or one followed by a function word, counts whatever was asked."""
    match = _HOW_MANY.match(question)
    words = candidate.split()
    if not match or len(words) < 2:
        return False
    unit = words[-1].lower()
    if not unit.isalpha() or unit in STOPWORDS:
        return False
    asked = {lemma(w) for w in re.findall(r"[a-z]+", question.lower())}
    return lemma(unit) not in asked


def counted_in(quote: str, question: str) -> bool:
    """Does the quote itself name the noun "how many X" counts (X in any form)? English states a count with what it
    counts ("18 letters", "the number of commands ... is 500"); a count in a quote that never names X counts something
    else, though the passage's heading may name X ("Translations": "well over 15000" packages)."""
    match = _HOW_MANY.match(question)
    if not match:
        return True
    return lemma(match.group(1).lower()) in {lemma(w) for w in re.findall(r"[a-z]+", quote.lower())}


def asks_default(question: str) -> bool:
    """Does the question ask for a default ("by default", "the default value")?"""
    return bool(_DEFAULT.search(question))


def states_default(text: str) -> bool:
    return bool(_DEFAULT.search(text))


def after_subject(found: list[str], quote: str, names: set[str]) -> list[str]:
    """The candidates not said before the question's subject is named: a text names what it describes first and
    then states its values ("HISTSIZE ... The shell sets the default value to 500" then "HISTTIMEFORMAT If this
    variable is set ..."), so a value in a sentence before the first one that names the subject belongs to
    something else. No constraint when the quote does not name the subject (the heading may)."""
    from agents.answers.evidence import split_sentences
    from rag.entities import normalize

    sentences = split_sentences(quote)
    first = next((i for i, s in enumerate(sentences) if any(n in normalize(s) for n in names)), None)
    if not names or first is None:
        return found
    later = normalize(" ".join(sentences[first:]))
    return [c for c in found if normalize(c) in later]


_HOW_LONG = re.compile(r"^\s*how long\b", re.I)
# verbs whose "how long" asks for a stretch of time ("how long must log files be kept", "should I wait")
_TIME_VERBS = frozenset("""keep kept wait take took last stay remain run retain store elapse live spend need hold delay
continue persist survive sleep idle expire wait""".split())
_TIME_UNIT = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade|millisecond|microsecond|night|fortnight)s?\b",
                        re.I)


def asks_time_span(question: str) -> bool:
    """Is this a "how long" question about time ("how long does the review take", "must X be kept") rather than
    about a length ("how long may source lines be")?"""
    if not _HOW_LONG.match(question):
        return False
    words = re.findall(r"[a-z]+", question.lower())[2:]
    return any(w in _TIME_VERBS or lemma(w) in _TIME_VERBS for w in words)


# "The value is specified in milliseconds ... The default value is 500": a text that declares the unit its values are
# given in states them as bare numbers, so "500" is a stretch of time there (bash-039 of the real-document dev split)
_DECLARED_TIME_UNIT = re.compile(r"\bin\s+(?:milli|micro|nano)?(?:seconds|minutes|hours|days|weeks|months|years)\b", re.I)
# a bare number: no word follows it ("is 500.", "500,"), so it counts nothing else ("12 compressed generations")
_BARE_NUMBER = re.compile(r"\b\d+(?:\.\d+)?(?=\s*(?:[.,;:)]|$))")


def declared_time_values(quote: str, passage: str) -> list[str]:
    """The bare numbers of the quote when its passage declares a unit of time for its values ("specified in
    milliseconds"): each one is a stretch of time in that unit. None when the passage declares no such unit."""
    if not _DECLARED_TIME_UNIT.search(passage):
        return []
    return _BARE_NUMBER.findall(quote)


# the answers to "how long may / should X be" about a length: a count of a length unit ("79 characters"), or an
# equative that sets the length by a purpose ("as long as needed to give a clear description")
_LENGTH = re.compile(r"\b\d+\s*(?:characters|chars|columns|lines|bytes|words|letters|digits|pages|bits)\b|"
                     r"\bas (?:long|short) as [^.;,)]+", re.I)


def asks_length(question: str) -> bool:
    """Is this a "how long" question about a length ("how long may source lines be"), no stretch of time?"""
    return bool(_HOW_LONG.match(question)) and not asks_time_span(question) and not _TIME_UNIT.search(question)


def lengths(quote: str) -> list[str]:
    """The quote's lengths: counts of a length unit and "as long as ..." equatives."""
    return [m.group(0) for m in _LENGTH.finditer(quote)]


def is_time_span(candidate: str) -> bool:
    """Does the candidate name a stretch of time ("two weeks", "500 milliseconds"), not a count or a length?"""
    return bool(_TIME_UNIT.search(candidate))



# "the most recent year", "the latest version", "the first day": a superlative or an ordinal picks one of the head's
# kind; a text that answers "which year" with a rule rather than a date names it so
_PICKING = r"(?:most\s+\w+|least\s+\w+|\w+est|first|last|next|previous|current|latest|same)"


def described(quote: str, head: str) -> list[str]:
    """The quote's noun phrases "the <superlative or ordinal> <head>" ("the most recent year"): a description that
    picks which one of the asked head's kind ("Which year must the notice mention?"), not a value of it."""
    if not head:
        return []
    found = re.finditer(rf"\bthe\s+({_PICKING}(?:\s+\w+)?\s+{re.escape(head)}s?)\b", quote, re.I)
    return [m.group(1) for m in found if m.group(1).split()[-2].lower() not in ("of", "the", "a", "an")]


# a number that points into the text rather than counting: "Section 7.2", "page 114", "p. 12", "chapter 3"
_POINTER = re.compile(r"\b(?:sections?|chapters?|pages?|pp?\.|§|figure|table|appendix|item|step|rule|line)\s*$", re.I)
# Round sixteen: "job number 1", "bug No. 4711", "#1234": a number after "number" names one thing, it counts none
NUMBER_NAMES = True
_NUMBER_NAMES = re.compile(r"(?:\bnumber|\bno\.|#)\s*$", re.I)
_DOTTED = re.compile(r"^\d+(?:\.\d+)+$")            # "6.11", "1.3.6.1.4.1.11591": a section or an identifier


def is_reference(candidate: str, quote: str, counted: str = "") -> bool:
    """Is this bare number a reference, no count: a section, page or identifier ("Section 6.11", "page 106",
    "1.3.6.1.4.1.11591"), or a numbered list's marker ("1. Special builtins ...")? A count is a whole number said
    of things; "how many builtin commands" is not answered by the page they are described on. Also a name that is a
    number: a manual section after a name ("logrotate(8)"), a number in quotes ('sections "1" through "8"'), and one
    after the very noun counted (`counted`, a lemma): "N descriptors" counts them, "descriptor 1" names one."""
    words = candidate.split()
    text = words[0] if words and all(w.lower() in STOPWORDS for w in words[1:]) else candidate.strip()   # "1 and"
    if NAMING_NUMBERS and re.fullmatch(r"[A-Za-z]+\d+", text):
        return True             # "man7", "ext4": a name with a number in it counts nothing
    if not text.isdigit() and not _DOTTED.match(text):
        return False
    if _DOTTED.match(text):
        return True
    for m in re.finditer(rf"(?<![\w.]){re.escape(text)}(?![\w])", quote):
        if _POINTER.search(quote[max(0, m.start() - 12):m.start()]) or \
                NUMBER_NAMES and _NUMBER_NAMES.search(quote[max(0, m.start() - 8):m.start()]):
            return True
        if quote[m.end():m.end() + 2] == ". " and quote[m.end() + 2:m.end() + 3].isupper():
            return True         # "in three respects: 1. Special builtins ...": a list's marker
        if NAMING_NUMBERS and _names_something(quote, m.start(), m.end(), counted):
            return True
    return False


def _names_something(quote: str, start: int, end: int, counted: str) -> bool:
    """Does the number at quote[start:end] name rather than count: a footnote's marker ("14 The cat page ..."), a
    manual section ("logrotate(8)"), a number in quotes ('"1" through "8"'), or one after the counted noun itself
    ("descriptor 1")?"""
    before, after = quote[max(0, start - 1):start], quote[end:end + 1]
    if _MARKER_NEXT.match(quote[end:]) or before in _QUOTES and after in _QUOTES:
        return True
    if re.search(r"\w\($", quote[max(0, start - 2):start]) and after == ")":
        return True
    noun = re.search(r"([A-Za-z]+)\s+$", quote[max(0, start - 30):start]) if counted else None
    return bool(noun) and lemma(noun.group(1).lower()) == counted


NAMING_NUMBERS = True       # numbers that name rather than count: "man7" and those of _names_something
_MARKER_NEXT = re.compile(r" (?:The|A|An|This|These|That|It|If|In|For|See|Note)\b")   # a capital word no count counts
_QUOTES = frozenset("\"'“”‘’`")


# Round twelve: a bound answers only a question about a bound of the same side: "at least 10" says the smallest value,
# so it is no answer to "how many ... at most" or "the largest ...", and "up to 4" none to "the smallest ...".
BOUNDS = True
_ASKS_UPPER = re.compile(r"\b(?:at\s+most|maximum|max|largest|biggest|highest|longest|most|up\s+to|no\s+more\s+than)\b",
                         re.I)
_ASKS_LOWER = re.compile(r"\b(?:at\s+least|minimum|min|smallest|fewest|lowest|shortest|least|no\s+less\s+than)\b", re.I)
_LOWER_BOUND = re.compile(r"^(?:at\s+least|no\s+less\s+than|no\s+fewer\s+than|more\s+than|over|above|minimum\s+of)\b",
                          re.I)
_UPPER_BOUND = re.compile(r"^(?:at\s+most|up\s+to|no\s+more\s+than|less\s+than|fewer\s+than|under|below|"
                          r"maximum\s+of)\b", re.I)


def opposite_bound(candidate: str, question: str) -> bool:
    """Is `candidate` a bound on the other side from the one the question asks for ("at least 10" for "how many
    ... at most")? A question that asks for no bound takes either."""
    upper, lower = bool(_ASKS_UPPER.search(question)), bool(_ASKS_LOWER.search(question))
    if not BOUNDS or upper == lower:
        return False
    return bool(_LOWER_BOUND.match(candidate)) if upper else bool(_UPPER_BOUND.match(candidate))
