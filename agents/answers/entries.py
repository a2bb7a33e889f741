"""The term a definition list defines: "chpwd" for "Which hook function runs every time the directory changes?".

Why: manuals list their options, variables, hooks and files as entries - the term on a line of its own, its
description on the lines after it (HTML <dt>/<dd>, man pages, "-c" then "Read commands from ..."). A question
that describes the thing it wants restates the description, and the answer is the entry's term, which no
sentence names beside the question's words: every other reading took a word of the description or of the
sentence before it ("periodic" for the hook above).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from agents.answers.evidence import content_lemmas, lemma, split_sentences
from agents.answers.heads import which_head
from agents.answers.quotes import Window, showing
from agents.answers.spans import SHAPED_HEADS, asked_head, names_a_shape, term_spans
from rag.entities import normalize

# A term line: one code-shaped token (in backquotes or quotes, with - _ . / $ =, in capitals, or one lowercase
# word), optionally its argument, and the pilcrow an HTML manual puts after an anchor. A heading ("Hook
# Functions", "9.3 Aliases") is words in Title Case or numbered, so it is no term line.
_TOKEN = r"(?:[`‘'\"][^\s`’'\"]{1,40}[`’'\"]|[^\s`]*[-_./$=][^\s`]*|[A-Z][A-Z0-9_]+|[a-z][a-z0-9]+)"
_TERM_LINE = re.compile(rf"^[ \t]*({_TOKEN}(?:[ \t]+{_TOKEN})?)(?<![.,;:)!?])[ \t]*¶?[ \t]*$")
_DESCRIPTION_START = re.compile(r"^[ \t]*[A-Z(`‘'\"]")
MIN_MATCHED = 2          # the description must hold at least this many of the question's own content words
MAX_DESCRIPTION = 600    # characters of description read per entry


@dataclass(frozen=True)
class Entry:
    term: str            # quotes and backquotes removed
    line: str            # the term line as written
    description: str


def entries(text: str) -> list[Entry]:
    """The definition-list entries of a passage: a term line after a finished sentence or a blank line (a wrapped
    line of prose is no term; the last name of a bare list, a code line after "the following:" are none either)
    followed by a line that starts a description (a capital, a quote or a bracket); the description runs to the
    next term line or blank line."""
    lines = text.split("\n")
    found: list[Entry] = []
    i = 0
    while i < len(lines) - 1:
        match = _TERM_LINE.match(lines[i])
        finished = i == 0 or not lines[i - 1].strip() or \
            (lines[i - 1].rstrip()[-1] in ".!?)¶" and not _TERM_LINE.match(lines[i - 1]))
        named = bool(match) and re.search(r"[^\W\d_]", match.group(1)) is not None    # "3.1.1": a version, no term
        if not named or not finished or not _DESCRIPTION_START.match(lines[i + 1]) or _TERM_LINE.match(lines[i + 1]):
            i += 1
            continue
        j = i + 1
        body: list[str] = []
        while j < len(lines) and lines[j].strip() and not (_TERM_LINE.match(lines[j]) and j + 1 < len(lines) and
                                                          _DESCRIPTION_START.match(lines[j + 1])):
            body.append(lines[j].strip())
            j += 1
        term = re.sub(r"[`‘’'\"]", "", match.group(1)).strip()
        found.append(Entry(term, lines[i].strip(), " ".join(body)[:MAX_DESCRIPTION]))
        i = j
    return found


def defined_term(question: str, windows: Sequence[Window]) -> tuple[str, Window] | None:
    """For a "which/what X" question, the term of the one entry, in the best windows' passages, whose description
    holds most of the question's own words (at least MIN_MATCHED, and more than the best window's sentence holds;
    the words of its head X aside), with the window showing that entry; None where no entry or several do equally
    well."""
    head = which_head(question, SHAPED_HEADS)
    if not head:
        return None
    wanted = content_lemmas(question) - {lemma(w) for w in head.split()}
    shaped = asked_head(question)
    listed = [(window, entries(window.passage.text)) for window in windows]
    scored: list[tuple[int, Entry, Window]] = []
    for window, found in listed:
        for entry in found:
            # of the shape the head asks for, if it asks for one ("which file": a path, not the variable HISTFILE
            # that names it; a glossary's "resolve" answers "which term"), and not named by the question
            if (normalize(entry.term) in {normalize(s) for s in term_spans(entry.line, question, shaped)}
                    if names_a_shape(shaped) else entry.term.lower() not in question.lower()):
                first = next(iter(split_sentences(entry.description)), "")
                scored.append((len(wanted & content_lemmas(first)), entry, window))
    scored.sort(key=lambda found: -found[0])
    # the entry's first sentence (the text loses where a description ends: prose after the list joins the last one)
    # must say more of what the question asks than the best sentence does: where that sentence says as much, the
    # answer is in it (the option it names), not in an entry further on
    least = max([MIN_MATCHED] + [1 + len(wanted & content_lemmas(_before_entries(w.sentence, found)))
                                 for w, found in listed[:1]])
    if not scored or scored[0][0] < least or \
            any(n == scored[0][0] and e.term != scored[0][1].term for n, e, _ in scored[1:]):
        return None
    _, entry, window = scored[0]
    return entry.term, _showing_entry(window, entry)


def _before_entries(sentence: str, found: list[Entry]) -> str:
    """The sentence up to the first entry it runs into: an entry's term and description are joined to the sentence
    before them where the term line opens with no capital ("... not to run. `chpwd` Executed whenever ...")."""
    flat = " ".join(sentence.split())
    starts = [at for e in found if (at := flat.find(f"{e.line} {' '.join(e.description.split()[:3])}")) >= 0]
    return flat[:min(starts)] if starts else flat


def _showing_entry(window: Window, entry: Entry) -> Window:
    """The window with the entry's first sentence (its term line and the description's start) as its quote."""
    start = " ".join(entry.description.split()[:6])
    for sentence in split_sentences(window.passage.text):
        flat = " ".join(sentence.split())
        if entry.line in flat and start in flat:
            return replace(window, sentence=sentence, quote=sentence)
    return showing(window, entry.term)
