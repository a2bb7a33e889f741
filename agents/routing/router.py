"""Choose the route of a request: rules first, documents first for facts, nearest examples, the model last.

Why this order (OrchestraLLM-style): most requests carry an explicit cue ("summarize
X", a file name in the library, "12*7", "what time is it") that a rule reads for
free and never gets wrong. A question about facts then goes to the documents, always
(agents/routing/intent.py tells it from small talk and writing tasks): the embedded
model never answers facts from its own weights, so the example vote may send a
question to the documents or the planner, never to the model alone; with nothing
indexed, only a larger model may answer it, labelled as its general knowledge.
Search keywords not put as a question ("notice period tenant") go to the documents when one
passage holds most of them. Other requests are compared with example requests by embedding (the library's
already-loaded embedder, no second copy); only when the nearest examples disagree
does the model choose, through a grammar-constrained enum, so even a 135M model
returns a valid route. Every Decision says which rule or vote decided, and why.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from agents.platform.cancel import CancelToken
from agents.documents import DocumentLibrary, file_name, mentioned_documents
from agents.events import Route
from agents.engine.chat_prompt import prompt
from agents.engine.model_api import ChatModel
from agents.engine.runtime import ModelError
from agents.answers.quotes import coverage_in_passage
from agents.answers.style import AUTO, writes_answers
from agents.routing.decision import Decision
from agents.routing.intent import CHAT, QUESTION, WRITING, asks, content_words, one_question, request_kind
from agents.routing.parts import split_parts
from agents.tools.calculator import find_expression
from agents.tools.tables import table_call
from rag.entities import split_camel
from rag.types import DocumentStatus

LIBRARY_COVERAGE = 0.6   # share of a question's (rarity-weighted) words one passage must hold to route there
Embed = Callable[[Sequence[str]], Sequence[Sequence[float]]]

# Small talk and writing tasks only: a question about facts is never the model's alone (documents first).
EXAMPLES: dict[Route, tuple[str, ...]] = {
    Route.DIRECT: (
        "hello", "thanks, that helps", "who are you?", "write a haiku about autumn",
        "translate 'good morning' into French", "rephrase this sentence more politely",
        "give me a synonym for happy", "tell me a joke", "good morning", "say hello",
        "write a short birthday message for my sister", "make this paragraph shorter",
    ),
    Route.DOCUMENTS: (
        "what does my contract say about the notice period?", "when is the invoice due?",
        "what did Anna write about the budget?", "find the passage about the warranty in my files",
        "according to my notes, what is the project deadline?", "which supplier did we choose?",
        "what was decided in the meeting?", "how much rent do I pay?", "who was hired for the new role?",
        "what is the salary in my offer letter?", "how long is the guarantee on the product I bought?",
    ),
    Route.PLAN: (
        "compare the two offers and tell me which is cheaper",
        "first find the deadline, then tell me how many days are left",
        "list the risks in the report and suggest a mitigation for each",
    ),
}

_SUMMARY = re.compile(r"\b(summari[sz]e|summary|tl;?dr|key points|main points|gist|overview of|"
                      r"follow-up questions|questions about)\b", re.IGNORECASE)
# Only a request for the current date or time itself: "what time does Anna propose?" is about the documents.
_TIME = re.compile(r"^\s*(?:(?:hey|so|ok|please),?\s+)?(?:what(?:'s| is)? (?:the )?(?:time|date|day)(?: is it)?"
                   r"(?: today| now| right now)?|today'?s date|(?:the )?current (?:time|date)|what day is (?:it|today)|"
                   r"what year is it)\s*(?:,?\s*please)?\s*[?.!]*\s*$", re.IGNORECASE)
_TODOS = re.compile(r"\b(to-?dos?|action items?|deadlines?|dates|due dates?|tasks)\b", re.IGNORECASE)
_OPEN = re.compile(r"\b(?:open|show)\b.*?\bpage\s+(\d+)|\bpage\s+(\d+)\b.*\b(?:open|show)\b", re.IGNORECASE)
_LIST = re.compile(r"\b(?:list|which|what)\b.*\b(?:documents|files)\b.*\b(?:have|indexed|library)\b|"
                   r"\blist (?:my |the |all )?(?:documents|files)\b", re.IGNORECASE)
_CLOUD = re.compile(r"\b(?:ask|use|send (?:it |this )?to) the cloud\b", re.IGNORECASE)
# "my contract", "our invoices": the user's own things live in their documents, never in the model's knowledge.
_OWN = re.compile(r"\b(?:my|our|mine)\b(?!\s+name\b)", re.IGNORECASE)
_QUESTION = re.compile(r"^\s*(?:what|when|where|who|whom|whose|which|how|why|is|are|was|were|do|does|did|can|"
                       r"could|will|would|has|have|had|should|tell|show|find|list)\b|\?\s*$", re.IGNORECASE)
_CONNECTOR = re.compile(r";\s*(?:then|and|also)\b|\b(?:and then|and also|after that)\b", re.IGNORECASE)


_MATH_CUE = re.compile(r"\b(?:calculate|compute|what(?:'s| is)|how much is|equals?|times|plus|minus|divided|"
                       r"multiply|sum of|percent)\b|=|%", re.IGNORECASE)


def _is_arithmetic_request(request: str, expression: str) -> bool:
    """'what is 12*7' or a bare '12*7': yes. 'what did Anna say on 12/03', 'pages 3-4': no."""
    rest = request.replace(expression, " ").strip(" ?!.=")
    return not rest or _MATH_CUE.search(request) is not None


def summary_mode(request: str) -> str:
    lowered = request.lower()
    if "question" in lowered:
        return "questions"
    if "key point" in lowered or "main point" in lowered or "bullet" in lowered:
        return "key-points"
    return "short"


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


class Router:
    """Decides a route for each request; see the module docstring for the order."""

    def __init__(self, model: ChatModel, library: DocumentLibrary | None = None, *, embed: Embed | None = None,
                 examples: dict[Route, tuple[str, ...]] | None = None, confident: float = 0.25,
                 margin: float = 0.1, general_knowledge: bool | None = None) -> None:
        self.model = model
        self._general = general_knowledge
        self.library = library
        self.embed = embed
        self.examples = examples or EXAMPLES
        self.confident = confident
        self.margin = margin
        self._example_vectors: list[tuple[Route, Sequence[float]]] | None = None

    def decide(self, request: str, *, allow: Sequence[Route] = tuple(Route),
               cancel: CancelToken | None = None) -> Decision:
        decision = self.by_rule(request)
        if decision is not None and decision.route in allow:
            return decision
        kind = request_kind(request)
        if Route.DOCUMENTS in allow and kind == QUESTION:
            return self.documents_first(request, allow)
        if Route.DIRECT in allow and kind == WRITING:
            return Decision(Route.DIRECT, "a writing task: the model writes, no facts are asked", "rule")
        if Route.DIRECT in allow and kind == CHAT and not asks(request) and not content_words(request):
            return Decision(Route.DIRECT, "small talk: the model replies (its reply is checked)", "rule")
        has_documents = self._has_documents()
        # Keywords typed as into a search box ("notice period tenant"): not put as a question, but a search of the
        # documents when one passage holds most of them - before the examples' vote, which may call it small talk.
        if Route.DOCUMENTS in allow and has_documents and (found := self.by_library(request)) is not None:
            return found
        # With no documents there is nothing for examples to tell apart: skip loading the embedder.
        if self.embed is not None and has_documents:
            decision = self.by_embedding(request)
            if decision is not None and decision.route in allow:
                return decision
        return self.by_model(request, allow, cancel)

    @property
    def general_knowledge(self) -> bool:
        """May the model answer facts from its own weights? Only a larger model or the user's own server."""
        if self._general is None:
            self._general = writes_answers(AUTO, self.model)
        return self._general

    def documents_first(self, request: str, allow: Sequence[Route]) -> Decision:
        """A question about facts: the documents (or the planner, by the examples' vote, for a request of several
        tasks), never the model alone — unless nothing is indexed and the model is large enough to have knowledge
        of its own. One question is never planned by the vote: the model would split it into fragments
        ("severity") that read as small talk and reach the model alone."""
        if not self._has_documents():
            if self.general_knowledge and Route.DIRECT in allow:
                return Decision(Route.DIRECT, "a question about facts and no documents are indexed: the model's "
                                              "general knowledge, labelled as such", "rule")
            return Decision(Route.DOCUMENTS, "a question about facts: only your documents answer facts (the "
                                             "embedded model would invent them), and none are indexed", "rule")
        found = self.by_library(request)
        if found is not None:
            return found
        vote = self.by_embedding(request) if self.embed is not None else None
        if vote is not None and vote.route != Route.DIRECT and vote.route in allow and \
                not (vote.route == Route.PLAN and one_question(request)):
            return vote
        overruled = f"; the examples' vote for {vote.route.value} is overruled" if vote is not None else ""
        return Decision(Route.DOCUMENTS, "a question about facts: your documents answer it first, the model alone "
                                         "never states facts" + overruled, "rule")

    def by_library(self, request: str) -> Decision | None:
        """A question (or a request of search keywords) whose words are mostly in one passage of the user's
        documents is about them."""
        if not _QUESTION.search(request) and not content_words(request):
            return None
        hits = self.library.search(request, k=1)
        if hits and coverage_in_passage(request, hits[0]) >= LIBRARY_COVERAGE:
            return Decision(Route.DOCUMENTS, f"{hits[0].label} holds most of the question's words", "rule")
        return None

    # -- rules -------------------------------------------------------------

    def by_rule(self, request: str) -> Decision | None:
        records = self.library.documents() if self.library is not None else []
        named = mentioned_documents(records, request)
        if _CLOUD.search(request):
            return Decision(Route.CLOUD, "the request asks for the cloud model", "rule")
        if _SUMMARY.search(request) and len(named) == 1:
            doc = named[0].path
            return Decision(Route.SUMMARIZE, f"asks for a summary of {file_name(doc)}", "rule",
                            document=doc, mode=summary_mode(request))
        parts = split_parts(request)
        if len(parts) >= 2 and (request.count("?") >= 2 or _CONNECTOR.search(request)):
            return Decision(Route.PLAN, f"the request has {len(parts)} parts", "rule")
        if len(named) == 1 and (match := _OPEN.search(request)):
            page = int(match.group(1) or match.group(2))
            name = file_name(named[0].path)
            return Decision(Route.TOOL, f"asks to open {name} at page {page}", "rule",
                            tool_call=("open_document", {"file": name, "page": page}))
        if len(named) == 1 and _TODOS.search(request):
            name = file_name(named[0].path)
            return Decision(Route.TOOL, f"asks for dates or to-dos in {name}", "rule",
                            tool_call=("extract_dates_and_todos", {"file": name}))
        expression = find_expression(request)
        if expression is not None and not named and _is_arithmetic_request(request, expression):
            return Decision(Route.TOOL, f"contains the arithmetic {expression!r}", "rule",
                            tool_call=("calculator", {"expression": expression}))
        if _TIME.search(request):
            return Decision(Route.TOOL, "asks for the date or time", "rule", tool_call=("current_date_time", {}))
        if _LIST.search(request):
            return Decision(Route.TOOL, "asks which documents are in the library", "rule",
                            tool_call=("list_documents", {}))
        table = table_call(self.model, self.library, request, named)
        if table is not None:
            call, filled_by = table
            if "unmapped" in call:
                return Decision(Route.TOOL, f"asks for a computed figure from {call['file']}, but "
                                            f"\"{call['unmapped']}\" matches no column and value", "rule",
                                tool_call=("table_columns", call))
            return Decision(Route.TOOL, f"asks for a computed figure from {call['file']} (query filled by {filled_by})",
                            "rule", tool_call=("table_query", call))
        if named:
            names = ", ".join(file_name(r.path) for r in named[:3])
            return Decision(Route.DOCUMENTS, f"mentions {names} from the library", "rule")
        known = self._known_names(request)
        if known:
            return Decision(Route.DOCUMENTS, f"mentions {', '.join(known[:3])}, named in your documents", "rule")
        if _OWN.search(request) and _QUESTION.search(request):
            return Decision(Route.DOCUMENTS, "asks about the user's own things, which only the documents know", "rule")
        return None

    def _has_documents(self) -> bool:
        return self.library is not None and any(r.status == DocumentStatus.INDEXED for r in self.library.documents())

    def _known_names(self, request: str) -> list[str]:
        """Names of people, organisations and places from the user's documents that the request mentions."""
        if self.library is None:
            return []
        lowered = split_camel(request).lower()      # a chat handle "JenniferMoore" names "Jennifer Moore"
        found = []
        for name in self.library.entity_names():
            if len(name) >= 4 and not any(ch.isdigit() for ch in name) and \
                    re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered):
                found.append(name)
        return sorted(found, key=len, reverse=True)

    # -- nearest examples ----------------------------------------------------

    def by_embedding(self, request: str) -> Decision | None:
        assert self.embed is not None
        if self._example_vectors is None:
            labelled = [(route, text) for route, texts in self.examples.items() for text in texts]
            vectors = self.embed([text for _, text in labelled])
            self._example_vectors = [(route, vec) for (route, _), vec in zip(labelled, vectors)]
        query = self.embed([request])[0]
        best: dict[Route, float] = {}
        for route, vector in self._example_vectors:
            best[route] = max(best.get(route, -1.0), _cosine(query, vector))
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        (route, score), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else -1.0
        if score >= self.confident and score - runner_up >= self.margin:
            return Decision(route, f"closest to the {route.value} examples (similarity {score:.2f} "
                                   f"vs {runner_up:.2f})", "embedding")
        return None

    # -- the model, constrained ---------------------------------------------

    def by_model(self, request: str, allow: Sequence[Route], cancel: CancelToken | None) -> Decision:
        # PLAN is left to rules and examples: a small model picks it at random, and a plan costs several calls.
        choices = [r for r in (Route.DOCUMENTS, Route.DIRECT) if r in allow] or [Route.DIRECT]
        if not self._has_documents() and Route.DOCUMENTS in choices and len(choices) > 1:
            choices.remove(Route.DOCUMENTS)
        if len(choices) == 1:
            return Decision(choices[0], "the only route that fits", "rule")
        hints = {Route.DOCUMENTS: "the user's own files are needed", Route.DIRECT: "general knowledge or chat"}
        options = "\n".join(f"- {r.value}: {hints[r]}" for r in choices)
        schema = {"type": "object", "properties": {"route": {"type": "string", "enum": [r.value for r in choices]}},
                  "required": ["route"]}
        try:
            value = self.model.structured(prompt(f"Which route fits the request?\n{options}\n\nRequest: {request}"),
                                          schema, cancel=cancel)
        except ModelError:
            return Decision(choices[0], "the model could not decide; trying the first choice", "rule")
        route = Route(value["route"])
        return Decision(route, f"the model chose {route.value} among {', '.join(r.value for r in choices)}", "model")
