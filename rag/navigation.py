"""Navigation text of printed documents: tables of contents, back-of-book indexes, running heads.

Why: a contents or index page lists every subject of a manual next to a page number
("9.2 Bash History Builtins . . . . . 152", "command-line arguments, decoding . . . 8"), so
it shares more words with almost any question than the page that answers it, and it is
retrieved first while stating nothing. A running head ("Chapter 5: Shell Variables 85")
glued to the top of every page adds the chapter's words to every passage on it (the first page
that carries one keeps it: a statement's header may hold its account number). Both are
recognised from their form only — a dot leader ending in a page number; a short first or
last line that, numbers aside, recurs on several pages; a run of lines that repeat the document's
own headings (the contents list of an HTML page or a text manual, which has no page numbers) —
never from a document's wording.
The chunker (rag/chunking.py) leaves these spans out of the chunks, so they are neither
ranked nor quoted; the page text itself (previews, citations, page offsets) is unchanged.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# A dot leader ("  . . . . " or "......") then a page number (arabic or roman), optionally a list of them.
_LEADER = re.compile(r"(?:\s?\.){4,}\s*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*,\s*\d{1,4})*\s*$", re.IGNORECASE)
_FILLER = re.compile(r"^\s*(?:[A-Za-z0-9]|[ivxlcIVXLC]{1,7}|\W{1,3})?\s*$")      # an index letter, a roman page no.
_NUMBER_AT_EDGE = re.compile(r"^\s*(?:\d{1,4}|[ivxlc]{1,7})\b|\b(?:\d{1,4}|[ivxlc]{1,7})\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

MIN_RUN = 2                 # consecutive leader lines that make a list (one such line may be prose)
CONTENTS_RUN = 3            # consecutive lines repeating headings that make a contents list (a heading and its
                            # first subheading sit on consecutive lines in the text itself; three rarely do)
_BULLET = re.compile(r"^[\s*•·\-–]*")
_NOT_WORD = re.compile(r"[\W_]+")
_ENTRY = re.compile(r"^[\s*•·\-–]*\d{1,2}(?:\.\d{1,3})*\.?\s+\S[^\n]{0,100}$")   # "* 2. The Debian Archive"
NAV_PAGE_SHARE = 0.6        # a page whose non-empty lines are mostly (60%) leader lines is navigation as a whole
HEAD_MAX_CHARS = 80
HEAD_MIN_PAGES = 3          # a running head recurs (numbers aside) on at least this many pages

Spans = dict[int, list[tuple[int, int]]]          # index into `pages` -> [(start, end) offsets in that page's text]


def is_leader_line(line: str) -> bool:
    """A contents or index entry: text, a dot leader, a page number."""
    return bool(_LEADER.search(line))


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def leader_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are navigation lists: the whole text when most of its lines are entries,
    else each run of at least MIN_RUN entry lines (index letters and blank lines between them included)."""
    lines = _lines(text)
    kinds = ["nav" if is_leader_line(text[a:b]) else ("filler" if _FILLER.match(text[a:b]) else "text")
             for a, b in lines]
    content = [k for k in kinds if k != "filler"]
    if content and kinds.count("nav") >= NAV_PAGE_SHARE * len(content) and kinds.count("nav") >= MIN_RUN:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if kinds[i] != "nav":
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and kinds[j + 1] != "text":
            j += 1
        while kinds[j] != "nav":          # a run ends at its last entry, not at trailing filler
            j -= 1
        if sum(k == "nav" for k in kinds[i:j + 1]) >= MIN_RUN:
            out.append((lines[i][0], lines[j][1]))
        i = j + 1
    return out


def _edge_lines(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(start, end) of the first and the last non-empty line of a page."""
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    if len(lines) < 2:
        return None, None
    return lines[0], lines[-1]


def _head_key(line: str) -> str | None:
    """A running head or foot's form, numbers aside; None for a line that cannot be one."""
    line = line.strip()
    if not line or len(line) > HEAD_MAX_CHARS or not _NUMBER_AT_EDGE.search(line):
        return None
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def running_head_spans(pages: Sequence[tuple[int | None, str]]) -> Spans:
    """The first/last line of each page that is a running head or foot: short, with a page number at
    an edge, and the same (numbers aside) at that edge of at least HEAD_MIN_PAGES pages. The first page
    that carries it keeps it, so what it says stays findable once."""
    edges = [_edge_lines(text) for _, text in pages]
    counts: list[Counter] = [Counter(), Counter()]
    for (_, text), pair in zip(pages, edges):
        for side, span in enumerate(pair):
            if span is not None and (key := _head_key(text[span[0]:span[1]])) is not None:
                counts[side][key] += 1
    out: Spans = {}
    seen: set[tuple[int, str]] = set()
    for index, ((_, text), pair) in enumerate(zip(pages, edges)):
        for side, span in enumerate(pair):
            if span is None:
                continue
            key = _head_key(text[span[0]:span[1]])
            if key is None or counts[side][key] < HEAD_MIN_PAGES:
                continue
            if (side, key) in seen:
                out.setdefault(index, []).append(span)
            seen.add((side, key))       # its first page keeps it: a header may carry a fact (an account number)
    return out


def heading_key(line: str) -> str:
    """A line or title compared with bullets, punctuation, markup and case aside."""
    return _NOT_WORD.sub("", _BULLET.sub("", line)).lower()


def contents_spans(text: str, titles: set[str], starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Runs of at least CONTENTS_RUN lines that repeat headings of the document (`titles`, as _heading_key)
    without being those headings (`starts`: where this text's own headings begin); blank lines and one other
    numbered entry at a time (a chapter title that is not a detected heading) may sit between."""
    if not titles:
        return []
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    own = set(starts)
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    gap = 0
    for a, b in lines + [(len(text), len(text))]:
        if a < len(text) and a not in own and heading_key(text[a:b]) in titles:
            run.append((a, b))
            gap = 0
            continue
        gap += 1
        if gap > 1 or a >= len(text) or not _ENTRY.match(text[a:b]):
            if len(run) >= CONTENTS_RUN:
                out.append((run[0][0], run[-1][1]))
            run, gap = [], 0
    return out


def navigation_spans(pages: Sequence[tuple[int | None, str]],
                     headings: dict[int, list[tuple[int, str]]] | None = None) -> Spans:
    """Every span of every page that is navigation (contents/index lists, running heads, runs of lines that
    repeat the document's `headings`), sorted, merged."""
    out = running_head_spans(pages)
    titles = {heading_key(title) for found in (headings or {}).values() for _, title in found} - {""}
    for index, (_, text) in enumerate(pages):
        found = leader_spans(text) + contents_spans(text, titles, [o for o, _ in (headings or {}).get(index, ())])
        if found:
            out.setdefault(index, []).extend(found)
    return {index: _merge(spans) for index, spans in out.items()}


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def outside(start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) that no hole covers."""
    out: list[tuple[int, int]] = []
    pos = start
    for a, b in sorted(holes):
        if b <= pos or a >= end:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return out
