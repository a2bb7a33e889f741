"""The tool expert: run one typed tool, chosen by rule or by the model.

A call decided by a rule (the router saw "12*(3+4)" or "what time is it") runs
directly. Otherwise the model fills a grammar-constrained {"tool", "arguments"}
object; a wrong call (unknown tool, bad arguments, missing file) is returned to
the model as an error to correct, at most `max_attempts` times. A bug inside a
tool is not the model's fault and propagates.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator
from typing import Any

from agents.documents import DocumentLibrary, DocumentNotFound, resolve_document
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.events import (
    Citation,
    CitationMade,
    Event,
    ExpertFinished,
    ExpertStarted,
    Route,
    ToolCalled,
    ToolResult,
)
from agents.experts.base import ExpertContext, ExpertResult, ExpertRun, prompt
from agents.platform.cancel import CancelToken
from agents.tools.registry import ToolCallError, ToolRegistry

_LABEL = re.compile(r"\[([^\[\]\n]+?)(?: p\.(\d+))?\]")


def choose_prompt(request: str, registry: ToolRegistry) -> list[Message]:
    return prompt(f"Pick the one tool that serves the request, and its arguments.\nTools:\n{registry.describe()}"
                  f"\n\nRequest: {request}")


def run_tool(registry: ToolRegistry, name: str, arguments: dict[str, Any]) -> Generator[Event, None, str]:
    """Call a tool with events around it; ToolCallError passes through after its ToolResult."""
    yield ToolCalled(name, dict(arguments))
    try:
        result = registry.call(name, arguments)
    except ToolCallError as exc:
        yield ToolResult(name, False, str(exc))
        raise
    yield ToolResult(name, True, result)
    return result


def use_tool(model: ChatModel, registry: ToolRegistry, request: str, *, library: DocumentLibrary | None = None,
             preset: tuple[str, dict[str, Any]] | None = None, max_attempts: int = 3,
             cancel: CancelToken) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("tools", request)
    if preset is not None:
        name, arguments = preset
        try:
            result = yield from run_tool(registry, name, arguments)
        except ToolCallError as exc:
            yield ExpertFinished("tools", f"{name} refused the call")
            return ExpertResult(f"I could not do that: {exc}", supported=False)
        return (yield from _finish(name, result, library))
    messages = choose_prompt(request, registry)
    schema = registry.call_schema()
    last_error = ""
    for attempt in range(1, max_attempts + 1):
        cancel.raise_if_cancelled()
        call = model.structured(messages, schema, cancel=cancel)
        name, arguments = call["tool"], call["arguments"]
        try:
            result = yield from run_tool(registry, name, arguments)
        except ToolCallError as exc:
            last_error = str(exc)
            messages = [*messages, Message(role="assistant", content=json.dumps(call)),
                        Message(role="user", content=f"Error: {exc}\nCorrect the call.")]
            continue
        return (yield from _finish(name, result, library))
    yield ExpertFinished("tools", f"gave up after {max_attempts} failed calls")
    return ExpertResult(f"I could not complete this with my tools: {last_error}", supported=False)


class ToolExpert:
    """Route TOOL: the call the router preset (a rule saw it), else one the model fills in."""

    route = Route.TOOL

    def __init__(self, model: ChatModel, tools: Callable[[CancelToken], ToolRegistry],
                 library: DocumentLibrary | None) -> None:
        self.model, self.tools, self.library = model, tools, library

    def run(self, context: ExpertContext) -> ExpertRun:
        preset = context.decision.tool_call if context.decision is not None else None
        return (yield from use_tool(self.model, self.tools(context.cancel), context.request, library=self.library,
                                    preset=preset, cancel=context.cancel))


def _finish(name: str, result: str, library: DocumentLibrary | None) -> Generator[Event, None, ExpertResult]:
    citations = cited_pages(result, library)
    for citation in citations:
        yield CitationMade(citation)
    yield ExpertFinished("tools", f"{name} answered")
    return ExpertResult(result, citations)


def _file_part(label: str) -> str:
    """The file name at the start of a label: "budget.xlsx Sheet1 rows 2–9" -> "budget.xlsx"."""
    match = re.match(r"^(.+?\.[A-Za-z0-9]{2,5})(?=\s|$)", label)
    return match.group(1) if match else label


def cited_pages(result: str, library: DocumentLibrary | None) -> tuple[Citation, ...]:
    """Citations for the [file p.N] labels a document tool wrote into its result."""
    if library is None or "[" not in result:
        return ()
    records = library.documents()
    found: dict[str, Citation] = {}
    for match in _LABEL.finditer(result):
        try:
            record = resolve_document(records, match.group(1))
        except DocumentNotFound:
            try:
                record = resolve_document(records, _file_part(match.group(1)))
            except DocumentNotFound:
                continue
        page = int(match.group(2)) if match.group(2) else None
        label = match.group(0)[1:-1]
        found.setdefault(label, Citation(label=label, path=record.path, page=page, snippet=""))
    return tuple(found.values())
