"""The typed events of one agent run.

An agent run is a generator of these frozen dataclasses; the CLI prints them and
the GUI renders them, neither knows anything else about the agents.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rag.types import Passage


class Route(str, Enum):
    DIRECT = "direct"            # answer from the model alone
    DOCUMENTS = "documents"      # answer from the user's library
    TOOL = "tool"                # call one of the typed tools
    PLAN = "plan"                # multi-step: sub-questions through the other experts
    SUMMARIZE = "summarize"      # summarize one document
    CLOUD = "cloud"              # escalate a redacted sketch through the privacy gateway


@dataclass(frozen=True)
class Citation:
    label: str                   # "report.pdf p.3"
    path: str
    page: int | None
    snippet: str


@dataclass(frozen=True)
class RouteChosen:
    route: Route
    reason: str
    decided_by: str              # "rule", "embedding" or "model"


@dataclass(frozen=True)
class QueryRewritten:
    """A follow-up that depends on the turn before was completed into a standalone question (routed and
    searched instead of the words typed); `reason` says what it left out or what its pronoun points to."""

    request: str
    query: str
    reason: str


@dataclass(frozen=True)
class PlanMade:
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ExpertStarted:
    expert: str
    task: str


@dataclass(frozen=True)
class ExpertFinished:
    expert: str
    summary: str


@dataclass(frozen=True)
class ToolCalled:
    name: str
    arguments: dict[str, Any] = field(hash=False)


@dataclass(frozen=True)
class ToolResult:
    name: str
    ok: bool
    result: str


@dataclass(frozen=True)
class RetrievalHits:
    query: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    label: str


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class CitationMade:
    citation: Citation


@dataclass(frozen=True)
class Replacement:
    """One private detail and what leaves instead; shown in the consent dialog, never sent or logged."""

    value: str = field(repr=False)   # the private original (stays on this computer)
    shown: str                       # the placeholder or generalization that is sent ("<PERSON_1>", "a date in March")
    kind: str
    reason: str                      # why it was replaced, in the user's words


@dataclass(frozen=True)
class ConsentRequest:
    """What would leave the machine: shown to the user before anything is sent.

    The consent callback answers True (send these bytes), False (send nothing) or an
    EditedSketch: the user's own text, which the gateway re-checks and asks about again.
    """

    endpoint: str
    model: str
    body: bytes                  # the exact request body
    sketch: str                  # the human-readable text inside it
    placeholders: tuple[str, ...]   # placeholders and generalizations in the text (highlighted)
    replacements: tuple[Replacement, ...] = ()
    task_note: str = ""          # set when the text no longer says what the user wants (edit it?)
    edit_note: str = ""          # after an edit: what the re-check found and replaced


@dataclass(frozen=True)
class EditedSketch:
    """The consent callback's third answer: send this text instead (after the same detector re-checks it)."""

    text: str


# What asks the user before anything leaves: True sends the shown text, False sends nothing, an EditedSketch
# sends the user's edit once the detector has re-checked it and the user has approved the result.
Consent = Callable[[ConsentRequest], bool | EditedSketch]


@dataclass(frozen=True)
class CloudExchange:
    endpoint: str
    sent: bool
    outcome: str                 # "ok", "denied", "timeout", "http 401", ...


@dataclass(frozen=True)
class CloudOffer:
    """The local model may be out of its depth: the cloud is offered (never used without a yes and consent).

    `offered` False carries why no offer was made although the request looked hard (shown in the trace).
    """

    offered: bool
    reason: str
    score: float
    before_local: bool = False   # made before answering locally (setting "ask first")


@dataclass(frozen=True)
class FinalAnswer:
    text: str
    citations: tuple[Citation, ...]
    route: Route
    conversation_id: str = ""    # the conversation this answer was stored in ("" when not stored)
    supported: bool = True       # False: the documents did not support an answer (a quote or "not found")


@dataclass(frozen=True)
class ErrorEvent:
    message: str                 # for the user; never contains private data or secrets


@dataclass(frozen=True)
class Stopped:
    """The user stopped the run (Stop button, Ctrl-C); it is the run's last event."""

    message: str = "Stopped."


Event = (RouteChosen | PlanMade | ExpertStarted | ExpertFinished | ToolCalled | ToolResult | RetrievalHits
         | Progress | Token | CitationMade | ConsentRequest | CloudExchange | CloudOffer | FinalAnswer | ErrorEvent
         | Stopped)
