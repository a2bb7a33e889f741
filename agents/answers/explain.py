"""One plain sentence on how an answer was made, for people (the GUI's "How I answered", the CLI).

The details (route, experts, tools, retrieval) stay in the trace for those who expand it; this
is the line a non-technical user reads: which documents and pages, or that none were used, or
that the documents did not contain the answer.
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import PurePath

from agents.events import Citation, FinalAnswer, Route


def _pages(citations: tuple[Citation, ...]) -> str:
    """'report.pdf p.3 and p.2, notes.md' — files in citation order, their pages in citation order."""
    by_file: OrderedDict[str, list[int]] = OrderedDict()
    for citation in citations:
        pages = by_file.setdefault(PurePath(citation.path).name or citation.label, [])
        if citation.page is not None and citation.page not in pages:
            pages.append(citation.page)
    parts = []
    for name, pages in by_file.items():
        listed = " and ".join(f"p.{p}" for p in pages[:4]) if len(pages) <= 2 else \
            ", ".join(f"p.{p}" for p in pages[:-1]) + f" and p.{pages[-1]}"
        parts.append(f"{name} {listed}".strip())
    return ", ".join(parts[:3]) + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")


def answer_summary(answer: FinalAnswer) -> str:
    if answer.route == Route.CLOUD:
        return "Answered with the cloud model's help; it saw only a redacted sketch of your request."
    if answer.route == Route.SUMMARIZE:
        return f"Summary of {_pages(answer.citations)}." if answer.citations else "Summary of the document."
    if answer.route == Route.DIRECT:
        return "Answered by the model alone — no documents were used."
    if answer.route == Route.TOOL:
        return "Answered with a tool" + (f", from {_pages(answer.citations)}." if answer.citations else ".")
    if not answer.supported:
        where = f" The closest passage is from {_pages(answer.citations)}." if answer.citations else ""
        return "Your documents did not contain this." + where
    if answer.citations:
        return f"Answered from {_pages(answer.citations)}."
    return "Answered without citing a document."
