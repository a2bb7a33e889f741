"""The high-order agent: route a request, delegate to experts, answer with citations.

One run is a generator of events (agents/events.py): the route and its reason,
the experts' steps, tool calls, retrieval hits, tokens, citations, then one
FinalAnswer (or an ErrorEvent). Every expert runs on the one shared model. Steps
are bounded (a plan has at most three sub-questions, a tool at most three
attempts) and the CancelToken is checked between steps and between tokens.
Each turn is stored in the conversation history as soon as it is complete.
"""
from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

from agents.documents import (
    DocumentLibrary,
    DocumentNotFound,
    DocumentUnreadable,
    PageLoader,
    file_name,
    load_pages,
    mentioned_documents,
)
from agents.answers.style import writes_answers
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.events import (
    CloudOffer,
    Consent,
    ErrorEvent,
    Event,
    FinalAnswer,
    QueryRewritten,
    Route,
    RouteChosen,
    Stopped,
    Token,
)
from agents.experts.base import Expert, ExpertContext, ExpertResult, ExpertRun, drain
from agents.experts.cloud import CloudExpert
from agents.experts.direct import DirectExpert
from agents.experts.planner import PlanExpert
from agents.experts.retrieval import DocumentsExpert
from agents.experts.summarizer import SummarizeExpert, Summarizer, SummaryError
from agents.experts.tools import ToolExpert
from agents.platform.cancel import Cancelled, CancelToken
from agents.platform.history import ConversationStore, HistoryError
from agents.platform.paths import DataPaths, data_paths
from agents.platform.settings import Settings
from agents.routing.hardness import Attempt
from agents.routing.offer import OfferPolicy
from agents.routing.followup import standalone
from agents.routing.intent import QUESTION, WRITING, content_words, request_kind
from agents.routing.router import Decision, Embed, Router
from agents.tools.builtin import ToolContext, builtin_tools
from agents.tools.registry import ToolCallError, ToolRegistry

HISTORY_TURNS = 4
HISTORY_CHARS = 400
_REQUEST_ERRORS = (SummaryError, DocumentNotFound, DocumentUnreadable, HistoryError)
PLAN_STEP_ROUTES = (Route.DIRECT, Route.DOCUMENTS, Route.TOOL, Route.SUMMARIZE)   # never nested plans or the cloud
FACT_STEP_ROUTES = tuple(r for r in PLAN_STEP_ROUTES if r != Route.DIRECT)


class Orchestrator:
    """Routes requests to the experts; create one per process (Core.orchestrator())."""

    def __init__(self, model: ChatModel, library: DocumentLibrary | None = None, *, settings: Settings | None = None,
                 paths: DataPaths | None = None, history: ConversationStore | None = None,
                 embed: Embed | None = None, page_loader: PageLoader | None = load_pages,
                 extra_tools: Sequence[Callable[..., Any]] = (), summarizer: Summarizer | None = None) -> None:
        self.model = model
        self.library = library
        self.settings = settings or Settings()
        self.paths = paths or data_paths()
        self.history = history
        self.router = Router(model, library, embed=embed)
        self.summarizer = summarizer or Summarizer(model, embed=embed)
        self.page_loader = page_loader
        self.extra_tools = list(extra_tools)
        self.offers = OfferPolicy(self.settings, embed, library)
        self.summarize_expert = SummarizeExpert(self.summarizer, library, page_loader)
        experts: list[Expert] = [DirectExpert(model), DocumentsExpert(model, library, write=writes_answers(self.settings.answer_style, model)),
                                 ToolExpert(model, self.tools, library), self.summarize_expert,
                                 PlanExpert(model, self._step), CloudExpert(model, library, self.paths)]
        self.experts: dict[Route, Expert] = {expert.route: expert for expert in experts}

    # -- public ---------------------------------------------------------------

    def run(self, request: str, *, conversation_id: str | None = None, route: Route | None = None,
            cancel: CancelToken | None = None, consent: Consent | None = None,
            accept_offer: Callable[[CloudOffer], bool] | None = None) -> Iterator[Event]:
        """Answer one request. A hard one may end with a CloudOffer (agents/routing/offer.py); `accept_offer`
        says yes or no at once (the CLI's --cloud-if-hard); without it the front end offers a button."""
        cancel = cancel or CancelToken()
        request = " ".join(request.split())
        if not request:
            yield ErrorEvent("The question is empty; type what you want to know.")
            return
        if route is None and self.offers.ask_first and (offer := self.offers.judge(request)) is not None:
            yield offer
            if offer.offered and accept_offer is not None and accept_offer(offer):
                route = Route.CLOUD
        outcome = yield from _guarded(self._answer(request, conversation_id, route, cancel, consent))
        if outcome is None:
            return
        conversation_id, decision, result = outcome
        self._remember(conversation_id, "assistant", result.text, decision.route, result.citations)
        yield FinalAnswer(result.text, result.citations, decision.route, conversation_id or "", result.supported)
        if route is not None or self.offers.ask_first or cancel.cancelled:
            return
        offer = self.offers.judge(request, Attempt(decision.route.value, result.text, result.supported))
        if offer is None:
            return
        yield offer
        if offer.offered and accept_offer is not None and accept_offer(offer):
            yield from self.run(request, conversation_id=conversation_id, route=Route.CLOUD, cancel=cancel,
                                consent=consent)

    def _answer(self, request: str, conversation_id: str | None, route: Route | None, cancel: CancelToken,
                consent: Consent | None) -> Generator[Event, None, tuple]:
        """Route the request and run its expert; return (conversation id, decision, expert result)."""
        turns = self._turns(conversation_id)
        conversation_id = self._remember(conversation_id, "user", request)
        followup = standalone(request, turns)      # a complete question keeps its own words
        if followup.rewritten:
            yield QueryRewritten(request, followup.query, followup.reason)
        query = followup.query
        decision = self._forced(route, query) if route is not None else self.router.decide(query, cancel=cancel)
        yield RouteChosen(decision.route, decision.reason, decision.decided_by)
        context = ExpertContext(query, self.settings, cancel, turns, decision, consent)
        result = yield from self.experts[decision.route].run(context)
        if route is None and decision.route == Route.DOCUMENTS and not result.supported \
                and self.router.general_knowledge and request_kind(query) == QUESTION:
            result = yield from self._general_knowledge(context, result)
        return conversation_id, decision, result

    def _general_knowledge(self, context: ExpertContext, refusal: ExpertResult) -> ExpertRun:
        """After "your documents do not contain this", a larger model's own answer, labelled as such (the
        embedded model never gets here: it would invent the fact)."""
        if context.emit_tokens:
            yield Token("\n\n")
        extra = yield from self.experts[Route.DIRECT].run(context)
        return ExpertResult(f"{refusal.text}\n\n{extra.text}", refusal.citations, False, refusal.details)

    def summarize(self, path: str | Path, mode: str = "short", cancel: CancelToken | None = None) -> Iterator[Event]:
        """Summarize one document (indexed or not) in the given mode."""
        cancel = cancel or CancelToken()
        result = yield from _guarded(self._summarize(str(path), mode, cancel))
        if result is not None:
            yield FinalAnswer(result.text, result.citations, Route.SUMMARIZE)

    def _summarize(self, path: str, mode: str, cancel: CancelToken) -> ExpertRun:
        yield RouteChosen(Route.SUMMARIZE, f"summary of {file_name(path)} requested", "user")
        context = ExpertContext(path, self.settings, cancel)
        return (yield from self.summarize_expert.summarize(path, mode, context))

    def tools(self, cancel: CancelToken | None = None) -> ToolRegistry:
        """The tools of one run: the built-ins plus any extra ones given at construction."""
        context = ExpertContext("", self.settings, cancel or CancelToken(), emit_tokens=False)

        def summarize(path: str, mode: str) -> str:
            try:
                return drain(self.summarize_expert.summarize(path, mode, context)).text
            except (SummaryError, DocumentNotFound, DocumentUnreadable) as exc:
                raise ToolCallError(f"summarize_document: {exc}") from None

        registry = builtin_tools(ToolContext(self.library, summarize))
        for fn in self.extra_tools:
            registry.register(fn)
        return registry

    # -- routing helpers --------------------------------------------------------

    def _forced(self, route: Route, request: str) -> Decision:
        if route == Route.SUMMARIZE:
            named = mentioned_documents(self.library.documents(), request) if self.library is not None else []
            if len(named) != 1:
                raise DocumentNotFound("name exactly one indexed document to summarize")
            return Decision(route, "requested by the user", "user", document=named[0].path)
        if route == Route.TOOL:
            rule = self.router.by_rule(request)
            if rule is not None and rule.tool_call is not None:
                return Decision(route, "requested by the user; " + rule.reason, "user", tool_call=rule.tool_call)
        return Decision(route, "requested by the user", "user")

    def _step(self, step: str, parent: ExpertContext) -> ExpertRun:
        """One planned sub-question, through any expert but the planner and the cloud."""
        # a step the model made may be a fragment ("severity") that reads as small talk: a step with content words
        # asks about facts, so it reaches the model alone only as a writing task or where the model may know facts
        allow = PLAN_STEP_ROUTES
        if request_kind(step) != WRITING and content_words(step) and not self.router.general_knowledge:
            allow = FACT_STEP_ROUTES
        decision = self.router.decide(step, allow=allow, cancel=parent.cancel)
        yield RouteChosen(decision.route, decision.reason, decision.decided_by)
        context = ExpertContext(step, parent.settings, parent.cancel, (), decision, None, emit_tokens=False)
        return (yield from self.experts[decision.route].run(context))

    # -- documents and memory ------------------------------------------------------

    def _turns(self, conversation_id: str | None) -> list[Message]:
        if conversation_id is None or self.history is None:
            return []
        if not self.history.exists(conversation_id):
            raise HistoryError(f"there is no conversation {conversation_id!r} to continue")
        turns = []
        for stored in self.history.messages(conversation_id, last=HISTORY_TURNS):
            content = stored.content if len(stored.content) <= HISTORY_CHARS else stored.content[:HISTORY_CHARS] + " …"
            turns.append(Message(role=stored.role, content=content))
        return turns

    def _remember(self, conversation_id: str | None, role: str, text: str, route: Route | None = None,
                  citations: Sequence[Any] = ()) -> str | None:
        if self.history is None:
            return conversation_id
        if conversation_id is None:
            conversation_id = self.history.new_conversation(text)
        self.history.append(conversation_id, role, text, route=route.value if route else "", citations=citations)
        return conversation_id


def library_embedder(library: Any) -> Embed | None:
    """The library's own sentence embedder as a routing function (never a second copy).

    Lazy: the embedder is touched only when a request reaches the embedding stage
    of routing, so rule-routed requests ("12*7", "summarize x.pdf") never load it.
    """
    if library is None or not hasattr(type(library), "embedder"):
        return None

    def embed(texts: Sequence[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in library.embedder.encode(list(texts))]

    return embed


def _guarded(steps: Generator[Event, None, Any]) -> Generator[Event, None, Any]:
    """Forward a run's events; a stop ends it with Stopped, a problem with the request itself with one
    ErrorEvent (returns None).

    Other UserErrors (the engine crashed, the model file is unusable, the keychain failed) pass through:
    the front ends report them on their error channel, with diagnostics, rather than as a line in the chat.
    """
    try:
        return (yield from steps)
    except Cancelled:
        yield Stopped()
    except _REQUEST_ERRORS as exc:
        yield ErrorEvent(str(exc))
    return None
