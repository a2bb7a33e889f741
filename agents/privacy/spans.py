"""A detected piece of personal data, and how overlapping detections are merged.

Every recognizer returns `Span`s over the same text; the detector keeps the
longest one where they overlap, so one datum becomes one placeholder.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str          # placeholder type: PERSON, EMAIL, PHONE, CARD, IBAN, ID, IP, URL, DATE, ADDRESS, NAME, ...
    source: str        # which recognizer: "pattern", "library", "capitalized", "rare", "model", "known"

    def text_of(self, text: str) -> str:
        return text[self.start:self.end]


# When two spans cover exactly the same length, the more specific kind wins.
_PRIORITY = {"SECRET": 10, "HOST": 6, "CARD": 9, "IBAN": 9, "EMAIL": 8, "ID": 8, "PHONE": 7, "IP": 7, "URL": 6, "ADDRESS": 5, "DATE": 5, "AMOUNT": 5,
             "PERSON": 4, "ORG": 4, "PLACE": 4, "NAME": 3, "TERM": 2}


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans in text order; of overlapping ones the longest (then most specific) wins."""
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), -_PRIORITY.get(s.kind, 0), s.start))
    chosen: list[Span] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen)
