"""An answer's or a summary's text as the Markdown the GUI renders: line breaks kept, quotes from Markdown
sources shown with their headings and lists instead of raw "##" and "-" marks.

Why: the core quotes a passage as one line (`From notes.md: "# Budget ## Hardware - Laptops: …"`),
which is right for a terminal and for checking claims, but a chat bubble showed the marks raw.
The text is re-shaped only for display; what is stored, copied and checked stays the core's.
"""
from __future__ import annotations

import re

_HARD_BREAK = re.compile(r"(?<![\n ])\n(?!\n)")
_MARKDOWN_FILE = re.compile(r"\.(?:md|markdown|mdown)\b", re.IGNORECASE)
# `From LABEL: "QUOTE"` (an answer's support) and `The closest passage, LABEL, says: "QUOTE"` (not an answer)
_QUOTED = re.compile(r'^(?P<lead>From (?P<label>[^\n"]+?): |(?P<pre>.*?The closest passage, )(?P<label2>[^\n"]+?), says: )'
                     r'"(?P<quote>[^\n]*)"(?P<tail>[^"\n]*)$', re.MULTILINE)
# `The documents say: "QUOTE" [LABEL]` (no short answer fits: the quote is the answer, its label after it)
_SAYS = re.compile(r'^(?P<lead>The documents say: )"(?P<quote>[^\n]*)"(?P<tail> \[(?P<label>[^\]\n]+)\])$',
                   re.MULTILINE)
# where a flattened Markdown line began: before a heading mark, a list mark or a numbered item
_BLOCK_START = re.compile(r"\s+(?=(?:#{1,6}|[-*+]|\d{1,2}[.)])\s)")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+)$")
_ITEM = re.compile(r"^(?:[-*+]|\d{1,2}[.)])\s+(?P<text>.+)$")


def with_line_breaks(text: str) -> str:
    """A single newline is a line break (Markdown would join the lines into one paragraph)."""
    return _HARD_BREAK.sub("  \n", text)


def quote_blocks(quote: str) -> str:
    """A flattened Markdown quote as a block quote: headings bold on their own line, list items as a list."""
    lines: list[str] = []
    for piece in _BLOCK_START.split(quote.strip()):
        heading, item = _HEADING.match(piece), _ITEM.match(piece)
        if heading:
            lines += ["", f"**{heading['text'].strip()}**", ""]
        elif item:
            lines.append(f"- {item['text'].strip()}")
        elif piece.strip():
            lines += ["", piece.strip(), ""]
    blocks = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return "\n".join(f"> {line}" if line else ">" for line in blocks.split("\n"))


def display_markdown(text: str) -> str:
    """The Markdown to render for an answer or a summary (see the module's docstring)."""
    def reshape(match: re.Match[str]) -> str:
        label = match["label"] or match["label2"]
        if not _MARKDOWN_FILE.search(label):
            return match[0]
        lead = match["lead"].rstrip()
        tail = match["tail"].strip()
        return f"{lead}\n\n{quote_blocks(match['quote'])}" + (f"\n\n{tail}" if tail else "")
    def reshape_says(match: re.Match[str]) -> str:
        if not _MARKDOWN_FILE.search(match["label"]):
            return match[0]
        return f"{match['lead'].rstrip()}{match['tail']}\n\n{quote_blocks(match['quote'])}"
    return _SAYS.sub(reshape_says, _QUOTED.sub(reshape, with_line_breaks(text)))
