"""Stable typed placeholders for detected spans, and their local restoration.

The map lives only in memory for one request: the same datum always gets the same
placeholder (so the cloud can still reason about "<PERSON_1> emails <PERSON_2>"),
and the cloud's reply is mapped back on this machine.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from agents.privacy.generalize import Replacement, generalize, reason, refine_kind
from agents.privacy.spans import Span

_PLACEHOLDER = re.compile(r"<\s*([A-Z]+)_(\d+)\s*>|\[\s*([A-Z]+)_(\d+)\s*\]|\b([A-Z]+)_(\d+)\b")
PLACEHOLDER_RX = _PLACEHOLDER


def _key(value: str) -> str:
    return " ".join(value.split()).lower()


class PlaceholderMap:
    """value <-> placeholder for one request; never written anywhere."""

    def __init__(self) -> None:
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._general: dict[str, str] = {}          # value -> generalization ("a large city in Germany")
        self.replacements: list[Replacement] = []   # what was replaced and why, in order of first use

    def placeholder_for(self, value: str, kind: str) -> str:
        key = _key(value)
        if key not in self._by_value:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"<{kind}_{self._counts[kind]}>"
            self._by_value[key] = placeholder
            self._by_placeholder[placeholder] = value
        return self._by_value[key]

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(self._by_placeholder)

    @property
    def values(self) -> tuple[str, ...]:
        """Every private value replaced so far (placeholders and generalizations)."""
        return (*self._by_placeholder.values(), *(r.value for r in self.replacements if r.shown in self.phrases))

    @property
    def phrases(self) -> tuple[str, ...]:
        """The generalizations used ("a date in March"); never mistaken for private data on a re-check."""
        return tuple(dict.fromkeys(self._general.values()))

    def __len__(self) -> int:
        return len(self._by_placeholder)

    def pseudonymize(self, text: str, spans: Sequence[Span]) -> str:
        """`text` with each (non-overlapping, sorted) span replaced by its placeholder."""
        out: list[str] = []
        cursor = 0
        avoid = frozenset(_key(s.text_of(text)) for s in spans)
        for span in spans:
            out.append(text[cursor:span.start])
            out.append(self._replace(text, span, avoid))
            cursor = span.end
        out.append(text[cursor:])
        return "".join(out)

    def shown_for(self, value: str) -> str:
        """What leaves in place of `value` (it must have been replaced already)."""
        key = _key(value)
        return self._general.get(key) or self._by_value[key]

    def _replace(self, text: str, span: Span, avoid: frozenset[str]) -> str:
        """The generalization or placeholder for one span; the first use of a value decides it."""
        value = span.text_of(text)
        key = _key(value)
        known = self._general.get(key) or self._by_value.get(key)
        if known is not None:
            return known
        kind = refine_kind(text, span)
        general = generalize(text, span, kind, avoid)
        if general is not None:
            self._general[key] = general
        shown = general or self.placeholder_for(value, kind)
        self.replacements.append(Replacement(value, shown, kind, reason(span, kind)))
        return shown

    def restore(self, text: str) -> str:
        """Put the private values back in place of every placeholder this map made."""
        def swap(m: re.Match[str]) -> str:
            kind = m.group(1) or m.group(3) or m.group(5)
            number = m.group(2) or m.group(4) or m.group(6)
            return self._by_placeholder.get(f"<{kind}_{number}>", m.group())
        return _PLACEHOLDER.sub(swap, text)

    def unknown_placeholders(self, text: str) -> list[str]:
        """Placeholder-looking strings in `text` that this map never issued."""
        found = []
        for m in _PLACEHOLDER.finditer(text):
            if m.group(1) and f"<{m.group(1)}_{m.group(2)}>" not in self._by_placeholder:
                found.append(m.group())
        return found
