"""The answer that follows the question's own words in the text.

Why: "What should the default for INSTALL_DATA be?" over "the default for INSTALL_DATA should be
${INSTALL} -m 644"; "What was POSIXLY_CORRECT originally going to be named?" over "'POSIXLY_CORRECT'
(which was originally going to be named 'POSIX_ME_HARDER')". A question restates the text's subject and
predicate and leaves a hole where the answer is; in English the hole is most often right after the
restated words (the complement of "is/should be/named/called ..."). Nearness to single question words
and the longest run of new words (agents/answers/clauses.py) both missed it. So: the run of the text
that restates the most of the question's content words, and the words right after it, up to the end of
the clause - verbatim from the document.
"""
from __future__ import annotations

import re

from agents.answers.evidence import _WORD, STOPWORDS, lemma
from agents.answers.span_edges import code_like

MIN_RESTATED = 2         # content words of the question the run must restate
MAX_WORDS = 10
MAX_COMPLEMENT = 4       # words of an answer that is the complement of a copula ("The default value is emacs")
_LINKS = frozenset("is are was were be been named called".split())
_TOKEN = re.compile(r"\S+")
_ADJUNCT = frozenset("for in at on by with from when if because since while".split())
_WH = frozenset("what which who whom whose when where why how".split())
_QUOTE = re.compile(r"^[\"“‘'`]([^\"”’'`]{1,60})[\"”’'`]")
_BREAK = re.compile(r"[,;:()\[\]“”\"]|\.$")


def _parts(token: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(token)]


def _restated(question: str) -> set[str]:
    return {lemma(w) for w in _parts(question) if w not in STOPWORDS and w not in _WH and len(w) > 1}


def continuation(question: str, text: str) -> str:
    """The words of `text` right after its run that restates at least MIN_RESTATED of the question's content
    words (the run with the most), to the end of that clause; a quoted term there alone. '' when none."""
    asked = _restated(question)
    if len(asked) < MIN_RESTATED:
        return ""
    tokens = _TOKEN.findall(text)
    best_hits, best_end = 0, -1
    seen: set[str] = set()
    last = -1
    for i, token in enumerate(tokens):
        lemmas = {lemma(p) for p in _parts(token) if p not in STOPWORDS}
        if lemmas and not lemmas <= asked:      # a new content word closes the run
            seen, last = set(), -1
            continue
        if lemmas:
            seen |= lemmas
            last = i
        if last >= 0 and len(seen) > best_hits:
            best_hits, best_end = len(seen), last
        if _ends_clause(token):
            seen, last = set(), -1
    if best_hits < MIN_RESTATED or best_end < 0 or _ends_clause(tokens[best_end]):
        return ""
    parts = _parts(tokens[best_end])
    return _answer(tokens[best_end + 1:], asked, linked=bool(parts) and parts[-1] in _LINKS)


def _ends_clause(token: str) -> bool:
    return bool(re.search(r"[.;:!?]$", token)) and not re.search(r"\w\.\w", token)


def _answer(tokens: list[str], asked: set[str], linked: bool = False) -> str:
    """The clause's words after the restated run: linking words ("should be", "is", "to") skipped, up to a
    clause break or MAX_WORDS; a quoted term alone. `linked`: the restated run itself ends on a linking word
    ("Debian's GitLab instance called Salsa" for "What is Debian's GitLab instance called?")."""
    start = 0
    while start < len(tokens) and all(p in STOPWORDS for p in _parts(tokens[start])) and _parts(tokens[start]):
        start += 1
    rest = " ".join(tokens[start:start + MAX_WORDS + 1])
    if (quoted := _QUOTE.match(rest)):
        return quoted.group(1).strip()
    named = linked      # "called Salsa for that purpose": a name, then an adjunct ("is shorthand for X": no name)
    linked = linked or any(_parts(t) and _parts(t)[-1] in _LINKS for t in tokens[:start])
    words: list[str] = []
    for token in tokens[start:start + MAX_WORDS]:
        if words and {lemma(p) for p in _parts(token) if p not in STOPWORDS} & asked:
            break           # the question's words again: the answer ended ("the restaurant for the dinner")
        if words and named and token.lower() in _ADJUNCT:
            break           # "called Salsa for that purpose": the complement ended where an adjunct begins
        cut = _BREAK.search(token)
        if cut and not re.search(r"\w\.\w|[$]\{|\$\(", token):
            head = token[:cut.start()]
            if head:
                words.append(head)
            break
        words.append(token)
    while words and all(p in STOPWORDS for p in _parts(words[-1])):
        words.pop()
    answer = " ".join(words).strip(".,;: ")
    new = {lemma(p) for p in _parts(answer) if p not in STOPWORDS} - asked
    # a complement of "is / should be / named": a few words; else only a term written as code
    return answer if new and (linked and len(answer.split()) <= MAX_COMPLEMENT or code_like(answer) and " " not in answer) \
        else ""
