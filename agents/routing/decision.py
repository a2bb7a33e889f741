"""What the router decided for one request: the route, the rule or vote that decided it, and why.

A plain record below both the router and the experts (each expert reads it from its context), so
neither has to import the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.events import Route


@dataclass(frozen=True)
class Decision:
    route: Route
    reason: str
    decided_by: str                                   # "rule", "embedding", "model" or "user"
    document: str | None = None                       # SUMMARIZE: the document's path
    mode: str = "short"                               # SUMMARIZE: short, key-points, questions
    tool_call: tuple[str, dict[str, Any]] | None = field(default=None, hash=False)
