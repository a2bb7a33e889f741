"""Navigation text of printed documents: tables of contents, back-of-book indexes, running heads.

Why: a contents or index page lists every subject of a manual next to a page number
("9.2 Bash History Builtins . . . . . 152", "command-line arguments, decoding . . . 8"), so
it shares more words with almost any question than the page that answers it, and it is
retrieved first while stating nothing. A running head ("Chapter 5: Shell Variables 85")
glued to the top of every page adds the chapter's words to every passage on it (the first page
that carries one keeps it: a statement's header may hold its account number). Both are
recognised from their form only — a dot leader ending in a page number; a short first or
last line that, numbers aside, recurs on several pages — never from a document's wording.
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


def navigation_spans(pages: Sequence[tuple[int | None, str]]) -> Spans:
    """Every span of every page that is navigation (contents/index lists, running heads), sorted, merged."""
    out = running_head_spans(pages)
    for index, (_, text) in enumerate(pages):
        found = leader_spans(text)
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
