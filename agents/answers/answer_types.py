"""What kind of answer a question wants, and the candidate answers of that kind in a passage.

Why: SmolLM2-135M writes free text poorly but can choose among a few options. The
question's wording says what the answer is (who -> a person, when -> a date, how
many -> a number, did/is -> yes or no); the passages that retrieval brings hold
spans of that kind, found with the same rule extractor that builds the entity
graph (rag/entities.py) plus the claim check's date, time and number readers.
"""
from __future__ import annotations

import re

from agents.answers.clauses import without_furniture
from agents.answers.claims import dates
from agents.answers.focus import asked_part, focus
from agents.answers.kinds import after_locative, concrete, in_aside, locative_spans, temporal_spans
from agents.answers.actors import names_the_subject
from agents.answers.owners import full_name
from agents.answers.value_fit import as_region, asks_money, asks_region, can_name_someone, fails_support_checks, \
    footnote_marked, spelled_by_address, wrong_shape
from agents.answers.heads import adjacent_to_head, agents, assigned, counting, defaults, head_spans, restated_after, \
    set_to, undergoer_spans, undergoers, which_head
from agents.answers.span_edges import broken_address, code_like, numbered_sibling, repeats_question, said_in, \
    whole_token, with_qualifier, with_range
from agents.answers.spans import ASKS_WHAT_TO_DO, LABEL_ZIPF, SHAPED_HEADS, asked_head, asks_for_field, asks_measure, \
    labels, names_a_document, term_spans
from rag.entities import NAME_TYPES, ORG, PERSON, PLACE, WORK, extract, normalize, split_camel
from rag.text_stats import zipf

YES_NO, DATE, DURATION, NUMBER, AMOUNT, PERSON_T, PLACE_T, TITLE, TERM, FREE = (
    "yes/no", "date", "duration", "number", "amount", "person", "place", "title", "term", "free")

_AUX = ("is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "has", "have", "had",
        "should", "shall", "may", "might", "must", "isn't", "didn't", "doesn't", "wasn't", "aren't")
_MONEY = "price|cost|fee|rent|amount|budget|salary|deposit|spend|wage|charge"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^how (?:long|often)\b|\bhow many (?:days|weeks|months|years|hours|minutes)\b|\bwhat is the "
                r"(?:notice|warranty|guarantee|trial|probation|contract) (?:period|term)\b|\bduration\b", re.I), DURATION),
    (re.compile(r"^when\b|\bwhat (?:day|date|time|year|month)\b|\bwhich (?:day|date|month|year)\b|\bwhat time\b|"
                r"\b(?:start|end|due|begin)s? (?:date|on)\b|\bdeadline\b", re.I), DATE),
    # an amount word names the answer only as the question's head ("what is the monthly rent", "what price"),
    # not anywhere ("what happens to the deposit", "what came at the price of ...")
    (re.compile(r"\bhow much\b|^(?:what|which)\s+(?:%s)s?\b|^(?:what|which)(?:'s|\s+(?:is|was|are|were|will be|would "
                r"be))\s+(?:(?:the|my|our|your|their|his|her|a|an)\s+)?(?:[\w'-]+\s+){0,3}?(?:%s)s?\b" % (_MONEY, _MONEY),
                re.I), AMOUNT),
    (re.compile(r"\bhow many\b|\bwhat (?:number|percentage|share)\b|\bhow old\b", re.I), NUMBER),
    (re.compile(r"^(?:who|whom|whose)\b|\bwhich (?:person|friend|colleague|neighbou?r)\b|\bwho (?:is|was)\b", re.I),
     PERSON_T),
    (re.compile(r"^where\b|\bwhich (?:city|place|restaurant|caf[eé]|country|street|address|venue|park|shop)\b|"
                r"\bwhat (?:address|place|venue|city)\b", re.I), PLACE_T),
    (re.compile(r"\b(?:name of|title of|which|what) (?:the )?(?:movie|film|book|song|game|show|album|series|band|"
                r"play|novel|app)\b|\bwhat is the name\b", re.I), TITLE),
)
_DURATION = re.compile(r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"twenty|thirty|sixty)(?:\s*\(\d+\))?[\s-]+(days?|weeks?|months?|years?|hours?|minutes?|seconds?|milliseconds?)\b", re.I)
# how often: "every night", "each 5 minutes", "daily", "twice a week", "three times per day"
# "every six months", "each release", "twice each day", "once per release"
_FREQUENCY = re.compile(r"\b(?:every|each)\s+(?:(?:\d+|other|few|couple of|two|three|four|five|six|seven|eight|nine|ten|"
                        r"twelve)\s+)?(?:day|night|week|month|year|hour|minute|second|morning|evening|\w+day|release|"
                        r"time)s?\b|\b(?:daily|weekly|monthly|yearly|hourly|nightly|annually|biweekly|quarterly)\b|"
                        r"\b(?:once|twice|\w+ times)\s+(?:a|an|per|each|every)\s+\w+", re.I)
_AMOUNT = re.compile(r"(?:(?:[£$€¥]|\b(?:EUR|USD|GBP|CHF|JPY)\s)\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:euros?|dollars?|pounds?|percent|"
                     r"yen|GBP|USD|EUR)\b|\d[\d,]*(?:\.\d+)?\s?%)", re.I)
# a number in digits or in words ("eight bits", "more than two characters"), with the word after it (its unit)
_NUMBER = re.compile(r"(?<![\w.])(?:\d[\d,]*(?:\.\d+)?|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"sixteen|twenty|thirty|forty|fifty|sixty|hundred|thousand)\b)(?:\s+[a-z]+)?", re.I)
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s*(?:to|-)\s*\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?)?|"
                    r"\b\d{1,2}:\d{2}\b", re.I)
_WEEKDAY = re.compile(r"\b(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
                      r"(?:\s+(?:at|from)\s+\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?|\btomorrow\b|\btonight\b", re.I)


_PAST = re.compile(r"^when (?:did|was|were|had|has)\b", re.I)


def asks_when_it_happened(question: str) -> bool:
    """'When did X write ...' is answered by the date of the message or document that says it."""
    return bool(_PAST.search(asked_part(question)))


_FRONTED_PREPOSITION = re.compile(r"^\s*(?:in|on|at|from|to|for|by|with|under|into|of|against|about|over|through|"
                                  r"within|onto|via|between|among|after|before|during)\s+(?=(?:which|what)\b)", re.I)


# a preposition before "how long / how many / when" leaves what is asked as it is ("After how long without a reply
# ...", "For how many days ...", "Until when ...")
_FRONTED_HOW = re.compile(_FRONTED_PREPOSITION.pattern.replace(r"(?=(?:which|what)\b)", r"(?=(?:how|when)\b)"), re.I)


def answer_type(question: str) -> str:
    """The kind of answer the question asks for (FREE when no rule fits)."""
    text = asked_part(question)
    first = text.lower().split(" ", 1)[0] if text else ""
    fronted = re.match(r"^[^,?]{2,40},\s*(\w+)", text)      # "By default, is there ...", "In Bash, can ..."
    if first in _AUX or (fronted and fronted.group(1).lower() in _AUX):
        return YES_NO
    wanted = focus(_FRONTED_PREPOSITION.sub("", text))      # "In which column ...": "which column ..."
    text = _FRONTED_HOW.sub("", text)           # "After how long ...": "how long ..." asks for a stretch of time
    if wanted.wh == "how much" and wanted.terms and not wanted.verb and not re.search(_MONEY, wanted.phrase, re.I):
        return TERM         # "how much memory / disk space": a number with its unit, not money
    for pattern, kind in _RULES:
        if pattern.search(text):
            return kind
    if asks_measure(text):
        return TERM         # "how wide are terminals": a number with its unit ("80 columns")
    if (wanted.asked and wanted.wh in ("which", "what", "whose", "how much", "how many")) or \
            ASKS_WHAT_TO_DO.search(text):
        return TERM         # "which package ...", "what is the maximum line length": a short span of the text
    return FREE


_LINE_SPEAKER = re.compile(r"(?:^|\n)[ \t]*([A-Z][\w.'’\- ]{0,40}?)[ \t]*:[ \t]+\S")


def speaker(passage_text: str, sentence: str) -> str:
    """Who says `sentence` in a chat or transcript ("Name: ..." lines): the last speaker before it. A field
    name ("Subject:", "Date:", a sheet's column) is a label, not a speaker: one common English word."""
    at = passage_text.find(sentence[:40])
    if at < 0:
        return ""
    found = _LINE_SPEAKER.findall(passage_text[: at + len(sentence[:40])])
    who = split_camel(found[-1].strip()) if found else ""
    return "" if not who or (" " not in who and zipf(who.lower()) >= LABEL_ZIPF) else who


def is_dialogue(passage_text: str) -> bool:
    """Is this a chat or a transcript: lines of two or more speakers ("Tom: ...", "Ana: ...")? One "Releases: ..."
    line is a heading or a field, not somebody speaking."""
    return len({who.strip() for who in _LINE_SPEAKER.findall(passage_text)}) >= 2


_BEFORE_DATE = re.compile(r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)$", re.I)
_AFTER_DATE = re.compile(r"^,?\s+(?:at\s+|from\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?![\d/.-])", re.I)


_RANGE_END = re.compile(r"\s*(?:to|until|through|[-–])\s*\d{1,2}(?:st|nd|rd|th)?\b(?!:|\.\d)(?:\s+(?:January|February|March|"
                        r"April|May|June|July|August|September|October|November|December)\b)?")


def _widen(text: str, written: str) -> str:
    """A date with its weekday before it and its clock time after it: "Friday 14 August 2026 at 7 pm"."""
    at = text.find(written)
    if at < 0:
        return written
    before = _BEFORE_DATE.search(text[max(0, at - 12):at])
    after = _AFTER_DATE.match(text[at + len(written):])
    start = at - len(before.group(0)) if before else at
    end = at + len(written) + (len(after.group(0)) if after and re.search(r"[ap]\.?m|:", after.group(0), re.I)
                               else 0)
    until = _RANGE_END.match(text[end:])          # "April 15 to 17", "3-5 May": the range, not its first day
    return text[start:end + (len(until.group(0)) if until else 0)]


_CALENDAR_ABBREVIATIONS = frozenset("mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jun jul aug sep sept "
                                    "oct nov dec".split())


def _calendar_abbreviation(name: str) -> bool:
    return name.lower().rstrip(".") in _CALENDAR_ABBREVIATIONS


def candidates(kind: str, text: str, question: str = "", context: str = "") -> list[str]:
    """Spans of `text` that could answer a question of this kind, in text order, without repeats,
    minus names the question itself already contains and field names of `text` or of its passage
    (`context`: a mail's "Subject", a sheet's columns)."""
    found: list[str] = []
    text = without_furniture(text)      # a manual's running heads and "see Section 4.3, page 67" are no answers
    if kind == DATE:
        whole = [_widen(text, written) for token, written in dates(text) if token.startswith("date:")]
        found += whole
        found += [m.group(0) for m in _CLOCK.finditer(text) if not any(m.group(0) in w for w in whole)]
        found += [m.group(0) for m in _WEEKDAY.finditer(text) if not any(m.group(0) in w for w in whole)]
        # "when is / should / does X ...": a condition or event ("when the package is removed") where no date is;
        # "when was / did X ..." asks for the time it happened
        if not found and re.match(r"\s*when\b", asked_part(question), re.I) and not asks_when_it_happened(question):
            found += temporal_spans(text)
    elif kind == DURATION:
        found += [m.group(0) for m in _DURATION.finditer(text)]
        if re.match(r"\s*how often\b", asked_part(question), re.I):       # "twice a week" first, not its part "a week"
            often = [m.group(0) for m in _FREQUENCY.finditer(text)]
            found = often + [d for d in found if not any(d in f for f in often)]
        if not found and re.match(r"\s*how long\b", asked_part(question), re.I):      # "how long may lines be": 79 characters;
            in_dates = [w for _, w in dates(text)]                          # a date is never a length
            found += [s for s in term_spans(text, question, "length", context)
                      if not any(s in w or w in s for w in in_dates)]
    elif kind in (AMOUNT, NUMBER):
        in_dates = [(text.find(w), text.find(w) + len(w)) for _, w in dates(text)] + \
                   [m.span() for m in _CLOCK.finditer(text)]
        spans = [m for m in _AMOUNT.finditer(text)]
        if kind == NUMBER or not (spans or asks_money(question)):     # a price is never a bare "8" ("Debian 8")
            spans += [m for m in _NUMBER.finditer(text)]
        found += [m.group(0) for m in spans if not any(a <= m.start() < b for a, b in in_dates)]
    elif kind == TERM:
        found += term_spans(text, question, asked_head(question), context)
        found += head_spans(text, which_head(question, SHAPED_HEADS))     # "column one", "the Bison manual"
        found += assigned(text, asked_head(question))                     # "urgency=medium" for "what urgency"
        found += undergoer_spans(question, text)                          # "an x appended to the filename"
    elif kind in (PERSON_T, PLACE_T, TITLE):
        wanted = {PERSON_T: (PERSON, *(NAME_TYPES - {PLACE})), PLACE_T: (PLACE, *(NAME_TYPES - {PERSON})),
                  TITLE: (WORK, *NAME_TYPES)}[kind]       # "Gdansk Central Station" answers no "who"
        # a weekday or month, also abbreviated as mail headers write them ("Date: Tue, 14 Oct"), names no one and
        # no place: "Where is the site visit?" was answered "Tue"
        entities = [e for e in extract(text) if e.type in wanted and not _calendar_abbreviation(e.name)]
        if kind == PLACE_T and asks_region(question):   # "Case Western Reserve University", "Brian Fox": no city
            entities = [e for e in entities if e.type != ORG and not full_name(e.name) and not names_a_document(e.name)
                        and not spelled_by_address(e.name, text)]
            entities = [region for e in entities if (region := as_region(e))]
        if kind == PERSON_T:        # "GNU Emacs Lisp Reference Manual" wrote nothing; "GNU Texinfo" made no Texinfo
            entities = [e for e in entities if not names_a_document(e.name) and not names_the_subject(e.name, question)
                        and can_name_someone(e.name)]
        # the more specific type first: a speaker for "who", a place head word for "where", a quoted title
        first = {PERSON_T: PERSON, PLACE_T: PLACE, TITLE: WORK}[kind]
        found += [e.name for e in sorted(entities, key=lambda e: e.type != first)]
        if kind == PLACE_T and not asks_region(question):   # "where" in technical text: a path, an address, "in the BTS"
            located = term_spans(text, question, "address", context) + term_spans(text, question, "directory", context)
            located += locative_spans(text)
            if located:             # then a name that is no place ("Debian", a heading's "Options") is no answer
                found = [e.name for e in entities if e.type == PLACE]
            found += located
    # a field name is no answer, unless the question asks for one ("which header", "which column")
    fields = set() if asks_for_field(question) else labels(text) | labels(context)
    out: list[str] = []
    for span in found:
        span = whole_token(text, span.strip(" ,.;:")).strip(" ,.;:")       # "Standard 1003.1", not "Standard 1003"
        span = with_qualifier(text, with_range(text, span))    # "more than two characters", "1 to 9"
        if broken_address(span) or repeats_question(span, question) or numbered_sibling(span, question) or \
                footnote_marked(span, text) or fails_support_checks(span, text, question) or \
                wrong_shape(span, question):
            continue
        if span and not said_in(span, question) and normalize(span) not in fields and span not in out:
            out.append(span)
    return [span for span in out if not (" " not in span and code_like(span) and only_inside(text, span, out))]


def only_inside(text: str, span: str, spans: list[str]) -> bool:
    """Does `span` stand in `text` only as a part of a longer span ("/changelog.gz" of
    "/usr/share/doc/`package`/changelog.gz", "usr/local/com" of "/usr/local/com")? Then a path or address is
    no answer of its own (a name of several words keeps its part: "Standard 1003.1" of "IEEE Standard 1003.1")."""
    longer = [(m.start(), m.end()) for other in spans if len(other) > len(span) and span in other
              for m in re.finditer(re.escape(other), text)]
    places = [m.start() for m in re.finditer(re.escape(span), text)]
    return bool(longer) and bool(places) and \
        all(any(a <= at and at + len(span) <= b for a, b in longer) for at in places)


def by_proximity(spans: list[str], sentence: str, near: set[str], question: str = "") -> list[tuple[str, int]]:
    """(span, distance) ordered by how close each stands to the question's words in the sentence ("Margaret
    Okafor (the Landlord) and Daniel Reyes (the Tenant)": for "who is the landlord", Margaret Okafor first).
    With the question, the spans its grammar points at (agents/answers/heads.py) come first, at distance 0,
    the others from 1 on."""
    from agents.answers.evidence import _WORD, lemma

    lowered = sentence.lower()
    places = [m.span() for m in _WORD.finditer(sentence) if lemma(m.group(0)) in near]

    def first(span: str) -> int:
        """Where the span stands as a whole token ("E" in "start with `E`", not the e of "package"), else anywhere."""
        whole = re.search(r"(?<![\w])" + re.escape(span.lower()) + r"(?![\w])", lowered)
        return whole.start() if whole else lowered.find(span.lower())

    def distance(span: str) -> int:
        at = first(span)
        if at < 0:
            return 10_000
        end = at + len(span)      # characters between the span and the nearest question word, either side
        # a question word inside the span itself is no nearness: "smtpd_banner" holds "banner" but is not the
        # ssh banner asked about; only the words around the span tie it to the question
        around = [(start, stop) for start, stop in places if stop <= at or start >= end]
        if not around:
            return 10_000
        return min(start - end if start >= end else at - stop for start, stop in around)

    # a span that first stands inside a longer one ("adduser" of "adduser --system") is that one answer, not a
    # rival at the same distance
    spans = [s for s in spans if not any(len(o) > len(s) and s.lower() in o.lower() and
                                         0 <= first(o) <= first(s) < first(o) + len(o) for o in spans)]
    marked = set(grammar_marked(question, sentence, spans)) if question else set()
    shift = 1 if marked else 0
    return sorted(((span, 0 if span in marked else distance(span) + shift) for span in spans), key=lambda item: item[1])


def grammar_marked(question: str, sentence: str, spans: list[str]) -> list[str]:
    """The spans the question's grammar ties to the answer: the modifier of a "which X" head, the agent of a
    "who VERBed", the count of "how many UNIT", the marked default (agents/answers/heads.py)."""
    wanted = focus(question)
    head = which_head(question, SHAPED_HEADS)
    marked = adjacent_to_head(sentence, head, spans) + [s for s in head_spans(sentence, head) if s in spans]
    marked += agents(sentence, wanted.terms[-1] if wanted.verb and wanted.terms else "", spans)
    marked += counting(question, spans) + defaults(question, sentence, spans)
    marked += undergoers(question, sentence, spans) + set_to(question, sentence, spans, head)
    restated = restated_after(question, sentence, spans) if re.match(r"\s*where\b", question, re.I) else []
    restated = [s for s in restated if not in_aside(sentence, s)]      # "files, which were placed in /etc, must be"
    if len(restated) == 1:      # "debian-policy@lists.debian.org, where the Debian Policy is discussed": the place
        marked += restated      # the text follows with the question's own predicate
    elif re.match(r"\s*where\b", question, re.I):      # "in /etc/fstab", "on the debian-devel list"
        located = [s for s in spans if after_locative(sentence, s)]
        # "in /tmp or /var/run": one answer, its first conjunct stands for both (coordinated() joins them)
        located = [s for s in located if not any(re.search(re.escape(o) + r"[`\"'”’]?\s+(?:or|and)\s+[`\"'“‘]?" +
                                                           re.escape(s), sentence) for o in located if o != s)]
        located = [s for s in located if not in_aside(sentence, s)] or located     # "which were placed in /etc"
        marked += [s for s in located if concrete(s)] or located      # "in a subdirectory of /var/lib": the path
    # "Version 5.2" and its part "5.2" are one answer: the longer one stands for both
    return list(dict.fromkeys(m for m in marked if not any(m != o and m in o for o in marked)))


def beside_head(question: str, text: str, context: str = "") -> str:
    """The one span standing right beside a "which/what X" question's head in `text` ('the "Uploaders" control
    field', 'the suffix "-offensive"'), '' where none or several do: the head names the answer's kind, so this
    span answers before any restatement of the question's words does."""
    head = which_head(question, SHAPED_HEADS)
    spans = candidates(TERM, text, question, context) if head else []
    headed = headed_names(spans, head)
    if len(headed) == 1:        # "Case Western Reserve University" for "which university", not the e-mail beside it
        return headed[0]
    restated = restated_after(question, text, spans, head)       # "`debian-devel-announce`, used to announce ..."
    beside = restated if len(restated) == 1 else adjacent_to_head(text, head, spans)
    return beside[0] if len(beside) == 1 else ""


def headed_names(spans: list[str], head: str) -> list[str]:
    """The capitalized names of several words whose own head noun is the question's head ("Case Western Reserve
    University" for "which university"): such a name says what it is, so it is of the kind asked for."""
    last = head.split()[-1].lower().rstrip("s") if head else ""
    return [s for s in spans if last and len(s.split()) > 1 and s[:1].isupper() and
            s.split()[-1].lower().rstrip("s") == last]


def undergoer(question: str, text: str, context: str = "") -> str:
    """The one span of `text` right before the participle of the question's own verb ("with [VAC] prepended to
    the subject" for "What must I prepend to the subject?"), '' where none or several are: a free question
    ("what must I VERB") names no kind of span, its verb names the answer's role."""
    marked = undergoers(question, text, candidates(TERM, text, question, context))
    return marked[0] if len(marked) == 1 else ""


def grammar_choice(question: str, kind: str, ranked: list) -> tuple[str, object] | None:
    """(span, window): the one span the question's grammar points at in the best sentence, else in the
    quotes of the best three windows, best first; None where none or several are marked."""
    for window in ranked[:3]:
        for text in (window.sentence, window.quote):
            marked = grammar_marked(question, text, candidates(kind, text, question, window.passage.text))
            if len(marked) == 1:
                return marked[0], window
            if marked:
                return None
    return None
