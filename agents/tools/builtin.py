"""The built-in tools. None of them touches the network.

They are built per Orchestrator by `builtin_tools(context)`, closing over the
library and the summarizer they use, so the registry holds plain typed functions.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from agents.documents import DocumentLibrary, DocumentNotFound, file_name, resolve_document
from agents.tools.calculator import evaluate
from agents.tools.extract import extract_dates_and_todos as find_dates_and_todos
from agents.tools.extract import format_findings
from agents.tools.registry import ToolCallError, ToolRegistry
from agents.tools.tables import register_table_tool

PAGE_TEXT_LIMIT = 1500


@dataclass
class ToolContext:
    library: DocumentLibrary | None
    summarize: Callable[[str, str], str] | None = None    # (path, mode) -> summary text
    now: Callable[[], datetime] = field(default=lambda: datetime.now().astimezone())


def _need_library(context: ToolContext) -> DocumentLibrary:
    if context.library is None:
        raise ToolCallError("no document library is available; index documents first (enclave index PATH)")
    return context.library


def _document(context: ToolContext, file: str) -> str:
    try:
        return resolve_document(_need_library(context).documents(), file).path
    except DocumentNotFound as exc:
        raise ToolCallError(str(exc)) from None


def builtin_tools(context: ToolContext) -> ToolRegistry:
    registry = ToolRegistry()

    @registry.tool
    def search_documents(query: str, k: int = 5) -> str:
        """Search the user's documents and return the best passages with file and page.

        Args:
            query: what to look for
            k: how many passages (1-10)
        """
        if not 1 <= k <= 10:
            raise ToolCallError("search_documents: k must be between 1 and 10")
        passages = _need_library(context).search(query, k=k)
        if not passages:
            return "No passage matches."
        return "\n".join(f"[{p.label}] {' '.join(p.text.split())[:300]}" for p in passages)

    @registry.tool
    def list_documents() -> str:
        """List the documents in the user's library with their status."""
        records = _need_library(context).documents()
        if not records:
            return "The library is empty."
        return "\n".join(f"- {file_name(r.path)} ({r.status.value}, {r.pages} pages)"
                         + (f": {r.reason}" if r.reason else "") for r in records[:50])

    @registry.tool
    def summarize_document(file: str, mode: str = "short") -> str:
        """Summarize one document of the library.

        Args:
            file: the document's file name
            mode: short, key-points or questions
        """
        if mode not in ("short", "key-points", "questions"):
            raise ToolCallError("summarize_document: mode must be short, key-points or questions")
        if context.summarize is None:
            raise ToolCallError("summarizing is not available here")
        return context.summarize(_document(context, file), mode)

    @registry.tool
    def open_document(file: str, page: int = 1) -> str:
        """Return the text of one page of a document (the app also opens it in the viewer).

        Args:
            file: the document's file name
            page: the page number, from 1
        """
        path = _document(context, file)
        pages = _need_library(context).document_pages(path)
        for number, text in pages:
            if number == page or (number is None and page == 1):
                body = " ".join(text.split())
                more = " …" if len(body) > PAGE_TEXT_LIMIT else ""
                return f"[{file_name(path)} p.{page}] {body[:PAGE_TEXT_LIMIT]}{more}"
        numbered = [n for n, _ in pages if n is not None]
        span = f"pages 1-{max(numbered)}" if numbered else "no page numbers"
        raise ToolCallError(f"open_document: {file_name(path)} has no page {page} ({span})")

    @registry.tool
    def calculator(expression: str) -> str:
        """Compute an arithmetic expression such as (12.5 * 4) / 3 or 15% of 80.

        Args:
            expression: numbers, + - * / ** % and parentheses
        """
        return f"{expression.strip()} = {evaluate(expression)}"

    @registry.tool
    def current_date_time() -> str:
        """The current local date, weekday and time."""
        return context.now().strftime("%A %d %B %Y, %H:%M (%Z)")

    register_table_tool(registry, lambda: context.library)

    @registry.tool
    def extract_dates_and_todos(file: str) -> str:
        """List the dates and to-do items written in a document, with their pages.

        Args:
            file: the document's file name
        """
        path = _document(context, file)
        findings = find_dates_and_todos(_need_library(context).document_pages(path))
        return format_findings(findings, file_name(path))

    return registry
