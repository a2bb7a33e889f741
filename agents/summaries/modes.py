"""The wording of each summary mode, every item with its citation: short, key points, questions.

Why: a summary sentence a user cannot trace is a claim to take on trust. Each item carries a
marker — "[p.3]" on a paged document, "[2]" otherwise — and the k-th marker belongs to the k-th
citation, whose snippet is the source sentence as written (the preview highlights it).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agents.events import Citation
from agents.summaries.units import Unit

KEY_SENTENCES = "Key sentences from the document:"
MARKER = re.compile(r"\s?\[(?:p\.\d+|\d+)\]")
SHORT_SENTENCES = 4


@dataclass(frozen=True)
class Item:
    """One shown sentence (or question) and the source sentences it comes from."""

    text: str
    sources: tuple[Unit, ...]

    @property
    def page(self) -> int | None:
        return self.sources[0].page


def marker(item: Item, number: int) -> str:
    return f"[p.{item.page}]" if item.page is not None else f"[{number}]"


def join_adjacent(items: list[Item], limit: int = SHORT_SENTENCES) -> list[Item]:
    """At most `limit` items: neighbouring sentences of one page (in reading order) joined with '; '."""
    items = sorted(items, key=lambda it: it.sources[0].index)
    while len(items) > limit:
        gaps = [(items[i + 1].sources[0].index - items[i].sources[-1].index, i) for i in range(len(items) - 1)
                if items[i].page == items[i + 1].page]
        if not gaps or min(gaps)[0] > 1:
            break
        _, i = min(gaps)
        first, second = items[i], items[i + 1]
        text = first.text.rstrip(" .") + "; " + second.text[:1].lower() + second.text[1:] \
            if _joinable(second.text) else first.text.rstrip(" .") + "; " + second.text
        items[i:i + 2] = [Item(text, first.sources + second.sources)]
    return items[:limit] if len(items) > limit else items


def _joinable(text: str) -> bool:
    """May the sentence's first letter be lowercased after '; ' (a common word, not a name or acronym)?"""
    first = text.split(" ", 1)[0]
    return first in ("The", "A", "An", "Either", "Both", "This", "These", "It", "We", "They", "Each", "All")


def citations(items: Sequence[Item], name: str, path: str) -> tuple[Citation, ...]:
    """One citation per item, in the order of the text's markers; its snippet is the first source sentence."""
    out = []
    for item in items:
        label = f"{name} p.{item.page}" if item.page is not None else name
        out.append(Citation(label=label, path=path or name, page=item.page, snippet=item.sources[0].text))
    return tuple(out)


def render(mode: str, items: Sequence[Item], *, extract_label: bool = False) -> str:
    """The summary's text with a marker after every item: prose for 'short', bullets otherwise."""
    marked = [f"{item.text} {marker(item, n)}" for n, item in enumerate(items, 1)]
    body = " ".join(marked) if mode == "short" else "\n".join(f"- {line}" for line in marked)
    return f"{KEY_SENTENCES}\n{body}" if extract_label else body


def plain(text: str) -> str:
    """The summary without its markers and label (what ROUGE and the claim check read)."""
    text = text.replace(KEY_SENTENCES, "")
    return re.sub(r"^- ", "", MARKER.sub("", text), flags=re.MULTILINE).strip()
