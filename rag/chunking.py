"""Split page text into chunks that the embedding model sees whole.

all-MiniLM-L6-v2 silently truncates at 256 word pieces, so lengths are counted with
the model's own tokenizer (passed in as `count`), never guessed from characters.
Chunks follow paragraph, then line, then sentence, then word boundaries, never
cross a page (so a citation names one page) or a section heading (so a chunk is about
one section, whose title it carries: rag/formats/sections.py), and keep exact character
offsets into the document's text. Navigation text (contents and index lists, running heads:
rag/navigation.py) is left out of the chunks, so it is neither ranked nor quoted. The title is embedded with the chunk's text, so the
chunk leaves room for it.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.navigation import navigation_spans, outside
from rag.types import SECTION_PATH

PAGE_SEPARATOR = "\n\n"
# The chunking rules' version, kept with each document's content hash ("<sha256>+chunks2"): a document indexed
# under older rules is read again by the next index run that reaches it, although its file did not change.
# Bump it when the same file gives other chunks. 2: contents/index lists and running heads left out.
# 3: contents lists without page numbers and heading lines left out of the text (the title travels as the section);
# a recurring numbered subsection title carries its parent's title.
CHUNKING = "chunks3"


def chunked_form(file_hash: str) -> str:
    """What a document's chunks were made from: the file's bytes and these chunking rules."""
    return f"{file_hash}+{CHUNKING}"


def current_rules(content_hash: str) -> bool:
    return content_hash.endswith(f"+{CHUNKING}")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    page: int | None
    char_start: int          # offsets into the document's full text (pages joined by PAGE_SEPARATOR)
    char_end: int
    text: str
    section: str = ""        # the heading of the section it lies in ("" before the first, or none known)


Headings = dict[int, list[tuple[int, str]]]      # index into `pages` -> [(offset in that page's text, title)]


def with_section(section: str, text: str) -> str:
    """What is embedded and keyword-indexed for a chunk: its section's title, then its text."""
    return f"{section}\n{text}" if section else text


def join_pages(pages: Sequence[tuple[int | None, str]]) -> tuple[str, list[tuple[int | None, int, int]]]:
    """The document's full text and each page's (number, start, end) span in it."""
    parts: list[str] = []
    spans: list[tuple[int | None, int, int]] = []
    pos = 0
    for number, text in pages:
        if parts:
            parts.append(PAGE_SEPARATOR)
            pos += len(PAGE_SEPARATOR)
        parts.append(text)
        spans.append((number, pos, pos + len(text)))
        pos += len(text)
    return "".join(parts), spans


def _pieces(text: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
    """Split text[start:end] at the boundaries of `level` (0 paragraphs, 1 lines, 2 sentences, 3 words)."""
    pattern = (re.compile(r"\n\s*\n"), re.compile(r"\n"), _SENTENCE_END, re.compile(r"\s+"))[level]
    spans: list[tuple[int, int]] = []
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < end:
        spans.append((pos, end))
    return spans


SpanCount = Callable[[int, int], int]        # tokens of full[start:end], [CLS]/[SEP] included


def _fit(text: str, start: int, end: int, level: int, limit: int, count: SpanCount) -> list[tuple[int, int]]:
    """Spans covering text[start:end], each at most `limit` tokens, split as coarsely as possible."""
    if end - start <= 1 or count(start, end) <= limit:
        return [(start, end)]
    if level > 3:
        # One "word" longer than the limit (a URL, a hash): cut it by characters.
        mid = (start + end) // 2
        return _fit(text, start, mid, level, limit, count) + _fit(text, mid, end, level, limit, count)
    out: list[tuple[int, int]] = []
    for piece_start, piece_end in _pieces(text, start, end, level):
        out.extend(_fit(text, piece_start, piece_end, level + 1, limit, count))
    return out


def _span_counter(full: str, count: Callable[[str], int], offsets: Callable[[str], list[tuple[int, int]]] | None,
                  page_start: int, page_end: int) -> SpanCount:
    """Token counts of spans of one page: from one tokenization of the page when `offsets` is given.

    Word pieces never straddle whitespace, so the tokens of a whitespace-bounded span are exactly
    the page's tokens that lie inside it; a 5 MB page is tokenized once instead of ~26,000 times
    (10 s -> under 1 s). A span cut inside a word (only very long "words") is counted directly.
    """
    overhead = count("")
    if offsets is None:
        return lambda a, b: count(full[a:b])
    found = offsets(full[page_start:page_end])
    starts = [page_start + s for s, _ in found]
    ends = [page_start + e for _, e in found]

    def span(a: int, b: int) -> int:
        inside = bisect_right(ends, b) - bisect_left(starts, a)
        cut = (a > page_start and not full[a - 1].isspace() and not full[a].isspace()) or \
              (b < page_end and not full[b - 1].isspace() and not full[b].isspace())
        return count(full[a:b]) if cut else max(0, inside) + overhead
    return span


def chunk_pages(
    pages: Sequence[tuple[int | None, str]],
    count: Callable[[str], int],
    max_tokens: int = 254,
    offsets: Callable[[str], list[tuple[int, int]]] | None = None,
    headings: Headings | None = None,
) -> list[Chunk]:
    """Pack boundary-respecting pieces greedily into chunks of at most `max_tokens` tokens.

    `offsets(text)` (optional) gives the character span of each word piece of `text`, special
    tokens left out: with it, long pages are counted from one tokenization (see _span_counter).
    `headings` (optional, from the loader) cut the pages into sections; a section continues
    onto the following pages until the next heading. Navigation spans are cut out (holes)."""
    full, spans = join_pages(pages)
    holes = _with_title_lines(navigation_spans(pages, headings), pages, headings or {})
    headings = with_parents(headings or {})
    chunks: list[Chunk] = []
    overhead = count("")                     # [CLS] and [SEP]
    section = ""
    for index, (number, page_start, page_end) in enumerate(spans):
        span_count = _span_counter(full, count, offsets, page_start, page_end)
        for start, end, title in _sections(page_start, page_end, (headings or {}).get(index, ()), section):
            section = title
            room = max(max_tokens // 2, max_tokens - (count(title) - overhead + 1)) if title else max_tokens
            for a, b in outside(start, end, [(page_start + x, page_start + y) for x, y in holes.get(index, ())]):
                chunks.extend(_pack(full, number, title, a, b, room, span_count, overhead))
    kept = [c for c in chunks if c.text.strip()]
    return [Chunk(i, c.page, c.char_start, c.char_end, c.text, c.section) for i, c in enumerate(kept)]


def _with_title_lines(holes: dict[int, list[tuple[int, int]]], pages: Sequence[tuple[int | None, str]],
                      headings: Headings) -> dict[int, list[tuple[int, int]]]:
    """The holes plus each heading's own line, where that line is just the title: the title travels with every
    chunk of its section (embedded, keyword-indexed, cited), so in the text it only glued itself to the first
    sentence, and its words were read as that sentence's ("Uploading", "Rationale Historically")."""
    from rag.navigation import heading_key

    out = {index: list(spans) for index, spans in holes.items()}
    for index, found in headings.items():
        text = pages[index][1] if index < len(pages) else ""
        for offset, title in found:
            end = text.find("\n", offset)
            end = len(text) if end < 0 else end
            if heading_key(text[offset:end]) != heading_key(title):
                continue
            below = text.find("\n", end + 1)
            below = len(text) if below < 0 else below
            if end < len(text) and set(text[end + 1:below].strip()) and set(text[end + 1:below].strip()) <= set("=-*~^#"):
                end = below                                  # the title's underline goes with it
            out.setdefault(index, []).append((offset, end))
    return {index: sorted(spans) for index, spans in out.items()}


_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,3})*)\.?\s")


def with_parents(headings: Headings) -> Headings:
    """Numbered headings whose title recurs in the document, titled with their parent's title too ("3.4. /bin :
    Essential user command binaries › 3.4.1. Purpose"): a title that several sections share (Purpose,
    Requirements, Specific Options) says what a passage is about only together with its parent. A title of its
    own keeps standing alone: the parent's words would only blur it ("5.2 History Variables")."""
    def bare(title: str) -> str:
        return _SECTION_NUMBER.sub("", title).strip().lower()

    shared = Counter(bare(title) for found in headings.values() for _, title in found)
    titles: dict[str, str] = {}
    out: Headings = {}
    for index in sorted(headings):
        out[index] = []
        for offset, title in headings[index]:
            match = _SECTION_NUMBER.match(title)
            parent = titles.get(match.group(1).rpartition(".")[0]) if match and "." in match.group(1) else None
            if match:
                titles[match.group(1)] = title
            recurs = shared[bare(title)] > 1
            out[index].append((offset, f"{parent}{SECTION_PATH}{title}" if parent and recurs else title))
    return out


def _sections(page_start: int, page_end: int, found: Sequence[tuple[int, str]], before: str
              ) -> list[tuple[int, int, str]]:
    """(start, end, title) spans of one page, cut at its headings; the first carries the section in effect."""
    cuts = sorted((page_start + max(0, offset), title) for offset, title in found if offset < page_end - page_start)
    out: list[tuple[int, int, str]] = []
    start, title = page_start, before
    for at, name in cuts:
        if at > start:
            out.append((start, at, title))
        start, title = max(start, at), name
    out.append((start, page_end, title))
    return out


def _pack(full: str, number: int | None, title: str, start: int, end: int, limit: int, span_count: SpanCount,
          overhead: int) -> list[Chunk]:
    pieces = _fit(full, start, end, 0, limit, span_count)
    sizes = [span_count(a, b) - overhead for a, b in pieces]
    out: list[Chunk] = []
    current: tuple[int, int] | None = None
    size = 0
    for piece, piece_size in zip(pieces, sizes):
        # Pieces meet at whitespace, where word pieces never straddle: lengths add up.
        if current is not None and size + piece_size + overhead <= limit \
                and (current[1] < piece[0] or span_count(current[0], piece[1]) <= limit):
            current = (current[0], piece[1])
            size += piece_size
            continue
        if current is not None:
            out.append(_make(full, number, current, title))
        current, size = piece, piece_size
    if current is not None:
        out.append(_make(full, number, current, title))
    return out


def _make(full: str, page: int | None, span: tuple[int, int], section: str) -> Chunk:
    start, end = span
    while start < end and full[start].isspace():
        start += 1
    while end > start and full[end - 1].isspace():
        end -= 1
    return Chunk(ordinal=0, page=page, char_start=start, char_end=end, text=full[start:end], section=section)
