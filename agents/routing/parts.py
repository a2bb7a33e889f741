"""The parts of a multi-part request, when it shows them ("...? ...", "..., then ...").

Shared by the router (a request with several parts goes to the planner) and the planner (its
steps), and kept below both so routing does not import an expert.
"""
from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=\?)\s+|;\s*|\s*,?\s*\b(?:and then|then|and also|after that)\b\s*", re.IGNORECASE)


def split_parts(request: str) -> list[str]:
    """The request's own parts, when it shows them; each at least three words long."""
    parts = [p.strip(" ,.;") for p in _SPLIT.split(request.strip())]
    return [p for p in parts if len(p.split()) >= 3]
