""""How I answered" in plain words: where the answer was looked for and what was read, without scores.

Why: the trace spoke the developers' language ("similarity 0.41", "word weight", tool
arguments). The plain line says what happened; the exact line (agents.api.describe, the
CLI's `--trace` words) stays one click away under "Technical details".
"""
from __future__ import annotations

from functools import singledispatch

from agents.api import (CitationMade, CloudExchange, CloudOffer, ConsentRequest, ErrorEvent, ExpertStarted,
                        PlanMade, Progress, RetrievalHits, Route, RouteChosen, Stopped, ToolCalled, ToolResult)

WHERE = {Route.DOCUMENTS: "In your documents", Route.DIRECT: "The model alone, without your documents",
         Route.TOOL: "With a tool (a calculation, a table or a search)", Route.PLAN: "In several steps",
         Route.SUMMARIZE: "By summarizing the document", Route.CLOUD: "With the cloud model, from a redacted sketch"}
WORK = {"retrieval": "Searching your documents", "summarizer": "Summarizing the document", "tools": "Using a tool",
        "planner": "Planning the steps", "direct": "Asking the model", "cloud": "Preparing a redacted sketch"}


def _words(name: str) -> str:
    return name.replace("_", " ")


@singledispatch
def plain_step(event: object) -> tuple[str, str] | None:
    """(step, what happened) in plain words, or None where only the technical trace has something to say."""
    return None


@plain_step.register
def _(event: RouteChosen) -> tuple[str, str]:
    return "Where I looked", WHERE.get(event.route, _words(event.route.value))


@plain_step.register
def _(event: PlanMade) -> tuple[str, str]:
    return "Plan", " → ".join(event.steps) or "no steps"


@plain_step.register
def _(event: ExpertStarted) -> tuple[str, str]:
    return "Working", WORK.get(event.expert, _words(event.expert))


@plain_step.register
def _(event: ToolCalled) -> tuple[str, str]:
    return "Used", _words(event.name)


@plain_step.register
def _(event: ToolResult) -> tuple[str, str]:
    return "Result", f"{_words(event.name)} {'worked' if event.ok else 'did not work'}"


@plain_step.register
def _(event: RetrievalHits) -> tuple[str, str]:
    labels = list(dict.fromkeys(p.label for p in event.passages))
    if not labels:
        return "Read", "nothing matched the question"
    count = len(event.passages)
    return "Read", f"{count} passage{'s' if count != 1 else ''}, closest: " + ", ".join(labels[:3])


@plain_step.register
def _(event: Progress) -> tuple[str, str]:
    return "Progress", f"{event.label} ({event.done} of {event.total})"


@plain_step.register
def _(event: CitationMade) -> tuple[str, str]:
    return "Source", event.citation.label


@plain_step.register
def _(event: ConsentRequest) -> tuple[str, str]:
    return "Asked you", "before sending a redacted sketch to the cloud"


@plain_step.register
def _(event: CloudExchange) -> tuple[str, str]:
    return "Cloud", "the sketch was sent" if event.sent else "nothing was sent"


@plain_step.register
def _(event: CloudOffer) -> tuple[str, str] | None:
    return ("Cloud", f"offered: {event.reason}") if event.offered else None


@plain_step.register
def _(event: ErrorEvent) -> tuple[str, str]:
    return "Problem", event.message


@plain_step.register
def _(event: Stopped) -> tuple[str, str]:
    return "Stopped", event.message
