"""Section headings of a document's text: where each section starts and what it is called.

Why: on a long manual or HTML page, the heading is the best evidence of what a passage is about
("HISTSIZE … 500" says little until it sits under "Bash Variables"). The loaders return the
text they always did plus a list of (offset, title) headings; the chunker gives every chunk the
heading in effect where it starts (rag/chunking.py), which is embedded with it and shown in its
citation. Three sources:
- HTML: the h1–h4 elements, found while extracting the visible text (the same text as html_text);
- PDF: the outline (bookmarks), each placed where its title first occurs on its page;
- plain text and Markdown: `#` headings, underlined headings, and numbered heading lines
  ("2.3 Where can I get …") that start at the margin and carry no page number after dot leaders.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

Heading = tuple[int, str]          # (character offset into the text, title)

MAX_TITLE = 120                    # longer "titles" are sentences that happen to start a line
_MARK = "\x02"                     # marks a heading's start while the HTML is flattened to text
_MARKED = re.compile(_MARK + r"(\d+)" + _MARK)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,4}\.?|\d{1,2})[ \t\xa0]+([A-Z\"'“‘`(/][^\n]{1,118})$", re.MULTILINE)
# Words a title does not stop on: a numbered line ending on one is prose wrapped mid-clause (a footnote,
# a sentence that happens to start with a section number), unless its next line completes it.
_OPEN_ENDINGS = frozenset("""a an the of to in on at by for with from into and or nor but as than that which who whom
whose be is are was were been being has have had do does should must may might can could would will shall not
its this these those their our your his""".split())
_SENTENCE_BREAK = re.compile(r"[a-z)\]][.!;] +[A-Z]")
_CONTINUATION = re.compile(r"[ \t]*([^\n]{1,60})$", re.MULTILINE)
_LEADERS = re.compile(r"(?:\. ){3,}|\.{4,}|\s{3,}\d+\s*$")
_HASH = re.compile(r"^#{1,4}[ \t]+(\S[^\n]*?)[ \t#]*$", re.MULTILINE)
_UNDERLINED = re.compile(r"^([^\n]{2,118})\n(?:={3,}|-{3,})[ \t]*$", re.MULTILINE)


def html_text_and_headings(html: str) -> tuple[str, list[Heading]]:
    """The visible text of an HTML page (rag/formats/text.html_text: inline elements joined to their line,
    inline code in backticks) and its h1–h4 headings."""
    from bs4 import NavigableString

    from rag.formats.text import flatten_inline, visible_soup

    soup = visible_soup(html.replace(_MARK, " "))
    titles: list[str] = []
    for tag in soup.find_all(["h1", "h2", "h3", "h4"]):
        title = " ".join(tag.get_text(" ").split())        # before inline elements dissolve: their gaps stay
        if title:
            tag.insert(0, NavigableString(f"\n{_MARK}{len(titles)}{_MARK}"))
            titles.append(_tidy(title))
    flatten_inline(soup)
    out: list[str] = []
    headings: list[Heading] = []
    pos = 0
    pending: str | None = None
    for raw in soup.get_text("\n").splitlines():
        line = raw.strip()
        match = _MARKED.match(line)
        if match:
            pending = titles[int(match.group(1))]
            line = line[match.end():].strip()
        if not line:
            continue
        if pending is not None:
            headings.append((pos, pending))
            pending = None
        out.append(line)
        pos += len(line) + 1
    return "\n".join(out), headings


def text_headings(text: str) -> list[Heading]:
    """Headings of plain text or Markdown: `# Title`, a line underlined with === or ---, or a numbered
    heading line at the margin ("3.1 Which distribution is better for me?"), not a table-of-contents line."""
    found: dict[int, str] = {}
    for match in _HASH.finditer(text):
        found[match.start()] = match.group(1)
    for match in _UNDERLINED.finditer(text):
        if not match.group(1).startswith((" ", "\t")) and not set(match.group(1).strip()) <= set("=-"):
            found.setdefault(match.start(), match.group(1).strip())
    for match in _NUMBERED.finditer(text):
        title = _numbered_title(text, match)
        if title and not _LEADERS.search(match.group(0)) and not _LEADERS.search(title):
            found.setdefault(match.start(), f"{match.group(1)} {title}")
    return sorted((offset, _tidy(title)) for offset, title in found.items())


def _numbered_title(text: str, match: re.Match) -> str:
    """The title of a numbered heading line, joined with its next line when it wraps there ("… binaries (for" /
    "use by all users)"); '' when the line is prose: it holds a sentence break, or it ends as a sentence
    ends (a full stop) or mid-clause (on a function word or an open bracket) even with its next line. A line
    that ends as a question is a heading whatever it holds: FAQs title their sections with questions."""
    title = " ".join(match.group(2).split())
    if _open(title):
        following = _CONTINUATION.match(text, match.end() + 1) if text[match.end():match.end() + 1] == "\n" else None
        title = f"{title} {' '.join(following.group(1).split())}" if following else title
    if title.endswith("?"):
        return title            # an FAQ's question: it may hold two sentences ("I track stable. Can I …?")
    if _SENTENCE_BREAK.search(title) or _open(title) or (title.endswith(".") and not title.endswith("..")):
        return ""
    return title


def _open(title: str) -> bool:
    last = title.split()[-1]
    return last.strip("\"'“”‘’").lower() in _OPEN_ENDINGS or title.count("(") > title.count(")")


def outline_headings(outline: Sequence[tuple[int, str]], pages: Sequence[tuple[int | None, str]]) -> dict[int, list[Heading]]:
    """PDF bookmarks as headings of each page: page number -> [(offset in that page's text, title)].

    A bookmark points at a page, not a line: it is placed where its title first occurs on the page
    (whitespace and case aside), else at the page's start."""
    texts = {number: text for number, text in pages if number is not None}
    out: dict[int, list[Heading]] = {}
    for number, title in outline:
        text = texts.get(number)
        if text is None or not title.strip():
            continue
        out.setdefault(number, []).append((_find_title(text, title), _tidy(title)))
    return {n: sorted(set(h)) for n, h in out.items()}


def pdf_outline(reader) -> list[tuple[int, str]]:
    """(1-based page number, title) of every bookmark of a pypdf reader, in reading order; [] when it has none
    or it cannot be read (a damaged outline costs the titles, never the document)."""
    found: list[tuple[int, str]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                if depth < 6:
                    walk(item, depth + 1)
                continue
            try:
                number = reader.get_destination_page_number(item) + 1
            except Exception:  # noqa: BLE001 - a bookmark to nowhere is skipped
                continue
            title = " ".join(str(getattr(item, "title", "") or "").split())
            if number > 0 and title:
                found.append((number, title))
    try:
        walk(reader.outline, 0)
    except Exception:  # noqa: BLE001 - pypdf raises many types on a broken outline
        return []
    return found


def heading_at(headings: Sequence[Heading], offset: int) -> str:
    """The title of the section that `offset` lies in ('' before the first heading)."""
    title = ""
    for start, name in headings:
        if start > offset:
            break
        title = name
    return title


def _find_title(text: str, title: str) -> int:
    words = [re.escape(w) for w in title.split()]
    if not words:
        return 0
    match = re.search(r"\s*".join(words), text, re.IGNORECASE)
    return match.start() if match else 0


def _tidy(title: str) -> str:
    title = " ".join(title.replace("\xa0", " ").split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"
