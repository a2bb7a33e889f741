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

from agents.platform.cancel import CancelToken, Cancelled
from agents.documents import (DocumentLibrary, DocumentNotFound, DocumentUnreadable, file_name, load_pages,
                              mentioned_documents, resolve_document)
from agents.events import (CloudOffer, ConsentRequest, ErrorEvent, Event, FinalAnswer, RetrievalHits, Route,
                           RouteChosen)
from agents.answers.evidence import content_terms
from agents.answers.style import writes_answers
from agents.experts import planner
from agents.experts.base import ExpertResult
from agents.experts.cloud import run_cloud_expert
from agents.experts.direct import answer_directly
from agents.experts.retrieval import answer_from_documents
from agents.experts.tools import use_tool
from agents.routing.hardness import Attempt
from agents.platform.history import ConversationStore, HistoryError
from agents.engine.model_api import ChatModel
from agents.routing.offer import OfferPolicy
from agents.platform.paths import DataPaths, data_paths
from agents.engine.prompt_budget import Message
from agents.routing.router import Decision, Embed, Router
from agents.platform.settings import Settings
from agents.experts.summarizer import Summarizer, SummaryError
from agents.tools.builtin import ToolContext, builtin_tools
from agents.tools.registry import ToolCallError, ToolRegistry

PageLoader = Callable[[Path], list[tuple[int | None, str]]]
HISTORY_TURNS = 4
HISTORY_CHARS = 400
STOPPED = "Stopped."          # the ErrorEvent message of a cancelled run
_USER_ERRORS = (SummaryError, DocumentNotFound, DocumentUnreadable, HistoryError)


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
        self.summarizer = summarizer or Summarizer(model)
        self.page_loader = page_loader
        self.extra_tools = list(extra_tools)
        self.offers = OfferPolicy(self.settings, embed, library)

    # -- public ---------------------------------------------------------------

    def run(self, request: str, *, conversation_id: str | None = None, route: Route | None = None,
            cancel: CancelToken | None = None, consent: Callable[[ConsentRequest], bool] | None = None,
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
                consent: Callable[[ConsentRequest], bool] | None) -> Generator[Event, None, tuple]:
        """Route the request and run its expert; return (conversation id, decision, expert result)."""
        turns = self._turns(conversation_id)
        conversation_id = self._remember(conversation_id, "user", request)
        decision = self._forced(route, request) if route is not None else self.router.decide(request, cancel=cancel)
        yield RouteChosen(decision.route, decision.reason, decision.decided_by)
        result = yield from self._dispatch(decision, request, turns, cancel, consent)
        return conversation_id, decision, result

    def summarize(self, path: str | Path, mode: str = "short", cancel: CancelToken | None = None) -> Iterator[Event]:
        """Summarize one document (indexed or not) in the given mode."""
        cancel = cancel or CancelToken()
        result = yield from _guarded(self._summarize(str(path), mode, cancel))
        if result is not None:
            yield FinalAnswer(result.text, result.citations, Route.SUMMARIZE)

    def _summarize(self, path: str, mode: str, cancel: CancelToken) -> Generator[Event, None, ExpertResult]:
        target, pages = self._pages(path)
        yield RouteChosen(Route.SUMMARIZE, f"summary of {file_name(target)} requested", "user")
        return (yield from self.summarizer.run(pages, name=file_name(target), path=target, mode=mode, cancel=cancel))

    def tools(self, cancel: CancelToken | None = None) -> ToolRegistry:
        """The tools of one run: the built-ins plus any extra ones given at construction."""
        def summarize(path: str, mode: str) -> str:
            for event in self.summarize(path, mode, cancel):
                if isinstance(event, FinalAnswer):
                    return event.text
                if isinstance(event, ErrorEvent) and event.message == STOPPED:
                    raise Cancelled()
                if isinstance(event, ErrorEvent):
                    raise ToolCallError(f"summarize_document: {event.message}")
            raise ToolCallError("summarize_document: no summary was produced")

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

    def _dispatch(self, decision: Decision, request: str, turns: list[Message], cancel: CancelToken,
                  consent: Callable[[ConsentRequest], bool] | None, *, emit_tokens: bool = True
                  ) -> Generator[Event, None, ExpertResult]:
        settings = self.settings
        if decision.route == Route.DIRECT:
            return (yield from answer_directly(self.model, request, history=turns, cancel=cancel,
                                               max_tokens=settings.max_answer_tokens,
                                               temperature=settings.temperature, emit_tokens=emit_tokens))
        if decision.route == Route.DOCUMENTS:
            query = self._search_query(request, turns)
            return (yield from answer_from_documents(self.model, self.library, query, cancel=cancel,
                                                     emit_tokens=emit_tokens,
                                                     write=writes_answers(settings.answer_style, self.model)))
        if decision.route == Route.TOOL:
            return (yield from use_tool(self.model, self.tools(cancel), request, library=self.library,
                                        preset=decision.tool_call, cancel=cancel))
        if decision.route == Route.SUMMARIZE:
            target, pages = self._pages(decision.document or "")
            return (yield from self.summarizer.run(pages, name=file_name(target), path=target, mode=decision.mode,
                                                   cancel=cancel, emit_tokens=emit_tokens))
        if decision.route == Route.PLAN:
            steps = planner.plan_steps(self.model, request, cancel=cancel)
            return (yield from planner.run_plan(request, steps, lambda step: self._step(step, cancel),
                                                cancel=cancel))
        return (yield from self._cloud(request, cancel, consent))

    def _step(self, step: str, cancel: CancelToken) -> Generator[Event, None, ExpertResult]:
        """One planned sub-question, through any expert but the planner and the cloud."""
        allowed = (Route.DIRECT, Route.DOCUMENTS, Route.TOOL, Route.SUMMARIZE)
        decision = self.router.decide(step, allow=allowed, cancel=cancel)
        yield RouteChosen(decision.route, decision.reason, decision.decided_by)
        return (yield from self._dispatch(decision, step, [], cancel, None, emit_tokens=False))

    def _cloud(self, request: str, cancel: CancelToken,
               consent: Callable[[ConsentRequest], bool] | None) -> Generator[Event, None, ExpertResult]:
        passages = []
        if self.library is not None and self.library.documents():
            passages = self.library.search(request, k=6)
            yield RetrievalHits(request, tuple(passages))
        final: FinalAnswer | None = None
        for event in run_cloud_expert(request, passages, core_model=self.model, library=self.library,
                                      settings=self.settings, paths=self.paths, consent=consent, cancel=cancel):
            if isinstance(event, FinalAnswer):
                final = event
            else:
                yield event
        cancel.raise_if_cancelled()
        if final is None:
            return ExpertResult("The cloud expert returned no answer.", supported=False)
        return ExpertResult(final.text, final.citations)

    @staticmethod
    def _search_query(request: str, turns: list[Message]) -> str:
        """A short follow-up ("and on which page?") is searched together with the previous question."""
        if len(content_terms(request)) >= 3:
            return request
        previous = [t["content"] for t in turns if t["role"] == "user"]
        return f"{previous[-1]} {request}" if previous else request

    # -- documents and memory ------------------------------------------------------

    def _pages(self, name: str) -> tuple[str, list[tuple[int | None, str]]]:
        """The pages of an indexed document, or of a file on disk loaded with rag's loaders."""
        if self.library is not None:
            try:
                record = resolve_document(self.library.documents(), name)
            except DocumentNotFound:
                if not Path(name).expanduser().is_file():
                    raise
            else:
                return record.path, self.library.document_pages(record.path)
        path = Path(name).expanduser()
        if not path.is_file():
            raise DocumentNotFound(f"{name}: no such file, and no indexed document has that name")
        if self.page_loader is None:
            raise SummaryError(f"{path}: this file is not in the library and no loader is available; "
                               "index it first (enclave index PATH)")
        return str(path.resolve()), self.page_loader(path.resolve())

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
    """Forward a run's events; a cancel or a user-facing error ends it with one ErrorEvent (returns None)."""
    try:
        return (yield from steps)
    except Cancelled:
        yield ErrorEvent(STOPPED)
    except _USER_ERRORS as exc:
        yield ErrorEvent(str(exc))
    return None
