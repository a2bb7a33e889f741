"""Names without a pattern: proper-noun heuristics with word frequencies, and known terms.

Why: most personal data in real requests is names of people, companies and places
("Rachel Zheng", "H&R Technology", "WIPRO, Noida"). A word written with a capital
in the middle of a sentence, an acronym, or a capitalized sentence-initial word that
is rare in English is treated as a name (wordfreq gives the frequency offline).
Runs of such words, with connectors like "of" and "&", become one span so
"University of Westminster" is one placeholder. Over-redacting a common word costs
a little task detail; missing a name leaks it, so the rules lean to redaction.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from agents.privacy.spans import Span
from rag.text_stats import zipf

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|&(?=\w)|\.(?=[^\W\d_]\.))*", re.UNICODE)
_SENTENCE_END = set(".!?\n:;\"“”(*•>-")
_CONNECTORS = {"of", "and", "&", "de", "del", "la", "le", "van", "von", "der", "da", "di", "du", "bin", "al", "the", "for", "y"}
# Capitalized mid-sentence but not identifying: the pronoun, calendar words, titles.
_NEVER_PRIVATE = {
    "i", "i'm", "i've", "i'll", "i'd", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "mr", "mrs", "ms", "dr", "sir", "madam", "dear", "hi", "hello", "ok", "okay", "english",
    "please", "thanks", "thank", "regards", "sincerely", "best", "yours",
}
_ORG_WORDS = {"inc", "ltd", "llc", "corp", "corporation", "company", "co", "university", "college",
              "school", "bank", "hospital", "institute", "technology", "technologies", "group", "foundation",
              "agency", "department", "ministry", "council", "association", "gmbh", "plc", "limited"}
# Instruction verbs that open requests; some are rare in running English text.
_REQUEST_VERBS = {
    "summarize", "summarise", "paraphrase", "rephrase", "rewrite", "translate", "proofread", "elaborate", "outline",
    "brainstorm", "draft", "compose", "analyze", "analyse", "critique", "evaluate", "compare", "describe", "list",
    "suggest", "generate", "create", "write", "explain", "improve", "edit", "correct", "shorten", "expand",
    "reword", "polish", "format", "convert", "calculate", "debug", "refactor", "optimize", "optimise", "implement",
}
REQUEST_VERBS = frozenset(_REQUEST_VERBS)   # the answerability check reads them (agents/privacy/task.py)
_ALLOWED_ACRONYMS = {"ok", "ai", "pdf", "html", "css", "sql", "api", "json", "xml", "url", "cv", "faq", "diy", "tv",
                     "pc", "it", "usb", "gps", "asap", "fyi", "etc", "am", "pm", "a", "q", "vs", "id", "ceo", "cto",
                     "hr", "iban", "bic", "swift", "phd", "mba", "bsc", "msc", "ba", "ma", "gpa", "ielts", "toefl", "gre", "gmat", "sat"}

_ORDINARY_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ities|ity|ically|ally|ingly|ization|isation)$")
MID_SENTENCE_LIMIT = 6.0   # a capitalized word mid-sentence is a name unless it is a function word
INITIAL_LIMIT = 4.5        # a sentence-initial capitalized word is a name when rarer than this
ELSEWHERE_LIMIT = 4.5      # a capitalized word also written lowercase in the request is ordinary if this common
TITLE_SHARE = 0.6          # a line where this share of the longer words is capitalized is in Title Case
TITLE_MIN_WORDS = 3
OTHER_LANGUAGE_LIMIT = 3.0 # a word this common in French, Spanish, German, ... is not a rare term
LOWER_LIMIT = 2.0          # a lowercase word rarer than this (in English) is redacted as a TERM


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    initial: bool       # first word of a sentence or line

    @property
    def lower(self) -> str:
        """Lowercase, possessive dropped ("Tuesday's" is judged as "tuesday")."""
        low = self.text.lower().replace("’", "'")
        return low[:-2] if low.endswith("'s") and len(low) > 3 else low

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def _tokens(text: str) -> list[_Token]:
    tokens = []
    titled = _title_case_lines(text)
    for m in _WORD.finditer(text):
        before = text[:m.start()].rstrip(" \t")
        initial = not before or before[-1] in _SENTENCE_END or before.endswith(("1.", "2.", "3."))
        in_title = any(a <= m.start() < b for a, b in titled)
        tokens.append(_Token(m.start(), m.end(), m.group(), initial or in_title or _in_heading(text, m.start(), m.end())))
    return tokens


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines Written Like This (headings, resume entries): there a capital says nothing, only rarity does."""
    found = []
    for m in re.finditer(r"[^\n]+", text):
        words = [w for w in re.findall(r"[^\W\d_]{4,}", m.group())]
        capitals = sum(w[0].isupper() and not w.isupper() for w in words)
        if len(words) >= TITLE_MIN_WORDS and capitals >= TITLE_SHARE * len(words):
            found.append((m.start(), m.end()))
    return found


_LANGUAGES = {"french", "spanish", "german", "chinese", "mandarin", "japanese", "russian", "arabic", "portuguese",
              "italian", "korean", "hindi", "dutch", "turkish", "polish", "swedish", "greek", "urdu", "bengali",
              "persian", "vietnamese", "thai", "indonesian", "ukrainian", "hebrew", "latin", "swahili", "tamil"}


def _names_a_language(text: str, tokens: list[_Token], i: int) -> bool:
    """ "translate into French", "write it in Spanish": the task needs the language's name."""
    tok = tokens[i]
    if tok.lower not in _LANGUAGES or i == 0 or tokens[i - 1].lower not in ("into", "in", "to", "from"):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    joined = nxt is not None and text[tok.end:nxt.start].strip() == ""
    return not joined or nxt.lower in ("and", "or", "language", "translation", "please")


def _in_heading(text: str, start: int, end: int) -> bool:
    """A word in a short label that opens a line and ends in a colon ("Company Description:")."""
    line_start = max(text.rfind(ch, 0, start) for ch in "\n:.!?") + 1
    colon = text.find(":", end)
    newline = text.find("\n", end)
    if colon < 0 or (0 <= newline < colon):
        return False
    label = text[line_start:colon]
    return 0 < len(label.split()) <= 4 and not any(ch in label for ch in ".!?")


def _is_private(tok: _Token, shouting: bool, capitalized_elsewhere: set[str], lowercase_elsewhere: set[str]) -> bool:
    low = tok.lower
    if low in _NEVER_PRIVATE or len(low) < 2:
        return False
    if tok.acronym and not shouting:
        return low not in _ALLOWED_ACRONYMS and zipf(low) < 5.0
    if tok.capitalized and not shouting:
        if not tok.initial:
            if low in lowercase_elsewhere and zipf(low) >= ELSEWHERE_LIMIT:
                return False   # "Marketing" in a heading, "marketing" in the text: an ordinary word
            return zipf(low) < MID_SENTENCE_LIMIT
        if low in _REQUEST_VERBS:
            return False
        if _ORDINARY_SUFFIX.search(low) or low in lowercase_elsewhere:
            return False   # "Additionally", "Desertification": ordinary words that happen to open a sentence
        return zipf(low) < INITIAL_LIMIT or (low in capitalized_elsewhere and zipf(low) < 5.0)
    return (low.isalpha() and len(low) >= 4 and zipf(low) < LOWER_LIMIT and low not in _REQUEST_VERBS
            and not ordinary_elsewhere(low))


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")
_OTHER_LANGUAGES = ("fr", "es", "de", "pt", "it", "nl")


def ordinary_elsewhere(word: str) -> bool:
    """A lowercase word that is rare in English but ordinary text: a common word of another language, or a run
    of a script written without spaces (Chinese, Japanese, Thai), which word frequencies cannot judge."""
    if _UNSPACED.search(word):
        return True
    from wordfreq import zipf_frequency
    return any(zipf_frequency(word, lang) >= OTHER_LANGUAGE_LIMIT for lang in _OTHER_LANGUAGES)


def find_names(text: str) -> Iterator[Span]:
    """Spans of probable proper names (NAME or ORG) and rare terms (TERM)."""
    tokens = _tokens(text)
    if not tokens:
        return
    letters = [c for c in text if c.isalpha()]
    shouting = len(letters) > 20 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    elsewhere = {t.lower for t in tokens if t.capitalized and not t.initial and not t.acronym}
    lowercase = {t.lower for t in tokens if t.text.islower()}
    flags = [_is_private(t, shouting, elsewhere, lowercase) and not _names_a_language(text, tokens, i)
             for i, t in enumerate(tokens)]
    i = 0
    while i < len(tokens):
        if not flags[i]:
            i += 1
            continue
        tok = tokens[i]
        if not (tok.capitalized or tok.acronym):
            yield Span(tok.start, tok.end, "TERM", "rare")
            i += 1
            continue
        j = i
        while True:   # extend over connectors to the next private capitalized word
            k = j + 1
            while k < len(tokens) and tokens[k].lower in _CONNECTORS and k - j <= 2 and _adjacent(text, tokens[k - 1], tokens[k]):
                k += 1
            if k < len(tokens) and flags[k] and tokens[k].capitalized and _adjacent(text, tokens[k - 1], tokens[k]):
                j = k
            else:
                break
        words = {t.lower for t in tokens[i:j + 1]}
        yield Span(tok.start, tokens[j].end, "ORG" if words & _ORG_WORDS else "NAME", "capitalized")
        i = j + 1


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Two words belong to one name only when separated by spaces (or a comma before a place)."""
    gap = text[left.end:right.start]
    return gap.strip(" ") in ("", ",") and "\n" not in gap and len(gap) <= 3


class KnownTerms:
    """Case-insensitive whole-word matcher for names already known to be private.

    The user's library supplies every person, organization and place name in their
    documents; each is private by default. Rare parts of multi-word names match on
    their own too ("Zheng" for "Rachel Zheng").
    """

    def __init__(self, terms: Iterable[str], kind: str = "NAME", source: str = "library", *,
                 parts: bool = True, part_limit: float = 5.0) -> None:
        self.kind, self.source = kind, source
        split = parts
        cleaned: set[str] = set()
        for term in terms:
            term = " ".join(str(term).split())
            if len(term) < 2 or term.lower() in _NEVER_PRIVATE:
                continue
            cleaned.add(term.lower())
            pieces = term.split()
            if len(pieces) > 1 and split:
                cleaned.update(p.lower() for p in pieces if len(p) > 2 and p[:1].isupper() and zipf(p.lower()) < part_limit)
        self.terms = frozenset(cleaned)
        ordered = sorted(self.terms, key=len, reverse=True)
        self._rx = (re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", re.I)
                    if ordered else None)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, text: str) -> Iterator[Span]:
        if self._rx is None:
            return
        for m in self._rx.finditer(text):
            yield Span(m.start(), m.end(), self.kind, self.source)
