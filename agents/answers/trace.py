"""One description of every agent event, for the CLI's `--trace` and the GUI's "How I answered" details.

Why one place: the two front ends used to word the same events twice, and drifted. Tokens are
the answer itself, so they have no trace line.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch

from agents.events import (CitationMade, CloudExchange, CloudOffer, ConsentRequest, ErrorEvent, ExpertFinished,
                           ExpertStarted, PlanMade, Progress, QueryRewritten, RetrievalHits, RouteChosen, Stopped,
                           ToolCalled, ToolResult)
from rag.types import IndexProgress


@dataclass(frozen=True)
class TraceLine:
    """A step as people read it: a short kind ("Route", "Tool call") and its detail."""

    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


@singledispatch
def describe(event: object) -> TraceLine | None:
    """The trace line of one event, or None for events the trace does not show (tokens, answers)."""
    return None


@describe.register
def _(event: RouteChosen) -> TraceLine:
    return TraceLine("Route", f"{event.route.value} — {event.reason} (decided by {event.decided_by})")


@describe.register
def _(event: QueryRewritten) -> TraceLine:
    return TraceLine("Follow-up", event.reason)


@describe.register
def _(event: PlanMade) -> TraceLine:
    return TraceLine("Plan", " → ".join(event.steps) or "(empty plan)")


@describe.register
def _(event: ExpertStarted) -> TraceLine:
    return TraceLine("Expert", f"{event.expert}: {event.task}")


@describe.register
def _(event: ExpertFinished) -> TraceLine:
    return TraceLine("Expert done", f"{event.expert}: {event.summary}")


@describe.register
def _(event: ToolCalled) -> TraceLine:
    arguments = ", ".join(f"{k}={v!r}" for k, v in event.arguments.items())
    return TraceLine("Tool call", f"{event.name}({arguments})")


@describe.register
def _(event: ToolResult) -> TraceLine:
    return TraceLine("Tool result", f"{event.name} {'ok' if event.ok else 'failed'}: {event.result[:200]}")


@describe.register
def _(event: RetrievalHits) -> TraceLine:
    hits = ", ".join(f"{p.label} ({p.score:.3f})" for p in event.passages[:6]) or "nothing found"
    return TraceLine("Retrieval", f"{_plural(len(event.passages), 'passage')} for “{event.query}”: {hits}")


@describe.register
def _(event: Progress) -> TraceLine:
    return TraceLine("Progress", f"{event.done}/{event.total} {event.label}")


@describe.register
def _(event: IndexProgress) -> TraceLine:
    return TraceLine("Indexing", f"{event.done}/{event.total} {event.current} {event.detail}".strip())


@describe.register
def _(event: CitationMade) -> TraceLine:
    return TraceLine("Citation", event.citation.label)


@describe.register
def _(event: ConsentRequest) -> TraceLine:
    return TraceLine("Consent", f"asked before sending {len(event.body):,} bytes to {event.endpoint}")


@describe.register
def _(event: CloudExchange) -> TraceLine:
    return TraceLine("Cloud", f"{event.endpoint}: {'sent' if event.sent else 'not sent'} ({event.outcome})")


@describe.register
def _(event: CloudOffer) -> TraceLine:
    return TraceLine("Cloud offer", f"{'offered' if event.offered else 'not offered'} "
                                    f"(hardness {event.score:.2f}): {event.reason}")


@describe.register
def _(event: ErrorEvent) -> TraceLine:
    return TraceLine("Error", event.message)


@describe.register
def _(event: Stopped) -> TraceLine:
    return TraceLine("Stopped", event.message)
