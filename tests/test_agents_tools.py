"""Tool registry, the safe calculator, the built-in tools, and the tool expert's error handling."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

import pytest

from agents.platform.cancel import CancelToken
from agents.events import ExpertFinished, ToolCalled, ToolResult
from agents.experts.tools import use_tool
from agents.tools.builtin import ToolContext, builtin_tools
from agents.tools.calculator import CalculatorError, evaluate, find_expression
from agents.tools.extract import extract_dates_and_todos
from agents.tools.registry import ToolCallError, ToolDefinitionError, ToolRegistry
from tests.fakes import MemoryLibrary, ScriptedModel


def drain(gen):
    events = []
    while True:
        try:
            events.append(next(gen))
        except StopIteration as stop:
            return events, stop.value


def test_schema_comes_from_type_hints_and_docstring():
    registry = ToolRegistry()

    @registry.tool
    def convert(amount: float, unit: Literal["km", "mi"], precise: bool = False, tags: list[str] | None = None) -> str:
        """Convert a distance.

        Args:
            amount: how far
            unit: the unit of `amount`
        """
        return f"{amount}{unit}"

    tool = registry.get("convert")
    assert tool.description == "Convert a distance."
    assert tool.parameters["required"] == ["amount", "unit"]
    props = tool.parameters["properties"]
    assert props["amount"] == {"type": "number", "description": "how far"}
    assert props["unit"]["enum"] == ["km", "mi"]
    assert props["precise"] == {"type": "boolean"}
    assert props["tags"] == {"type": "array", "items": {"type": "string"}}
    assert registry.call("convert", {"amount": 3, "unit": "km"}) == "3km"


def test_duplicates_untyped_and_undocumented_tools_are_refused():
    registry = ToolRegistry()

    def ping() -> str:
        """Answer pong."""
        return "pong"

    registry.register(ping)
    with pytest.raises(ToolDefinitionError, match="already registered"):
        registry.register(ping)

    def untyped(x) -> str:  # type: ignore[no-untyped-def]
        """Doc."""
        return x

    with pytest.raises(ToolDefinitionError, match="no type hint"):
        registry.register(untyped)

    def nodoc(x: int) -> str:
        return str(x)

    with pytest.raises(ToolDefinitionError, match="docstring"):
        registry.register(nodoc)


def test_bad_arguments_are_call_errors_with_a_reason():
    registry = ToolRegistry()

    @registry.tool
    def repeat(text: str, times: int) -> str:
        """Repeat text."""
        return text * times

    with pytest.raises(ToolCallError, match="'times' is a required property"):
        registry.call("repeat", {"text": "a"})
    with pytest.raises(ToolCallError, match="times: 'two' is not of type 'integer'"):
        registry.call("repeat", {"text": "a", "times": "two"})
    with pytest.raises(ToolCallError, match="Additional properties"):
        registry.call("repeat", {"text": "a", "times": 1, "extra": 1})
    with pytest.raises(ToolCallError, match="no tool named 'nope'.*repeat"):
        registry.call("nope", {})


@pytest.mark.parametrize("expression, value", [
    ("12*(3+4)", 84), ("2^10", 1024), ("15% of 80", 12), ("7 / 2", 3.5), ("sqrt(16) + 1", 5),
    ("1,250 + 3,000", 4250), ("-3 ** 2", -9), ("10 // 3 + 10 % 3", 4),
])
def test_calculator_computes_arithmetic(expression, value):
    assert evaluate(expression) == value


@pytest.mark.parametrize("code", [
    '__import__("os").system("echo pwned")', "().__class__.__bases__", 'open("/etc/passwd").read()',
    "lambda: 1", "[x for x in range(10)]", "9**9**9", "exec('1')", "'a' * 3", "x + 1", "1/0",
])
def test_calculator_refuses_code(code):
    with pytest.raises(CalculatorError):
        evaluate(code)


def test_find_expression_in_a_request():
    assert find_expression("what is 12*(3+4)?") == "12*(3+4)"
    assert find_expression("how much is 15% of 80") == "15% of 80"
    assert find_expression("the meeting is on 2024-03-01") is None
    assert find_expression("how are you") is None


def make_library():
    return MemoryLibrary({
        "/docs/report.pdf": ["The budget for 2024 is 40,000 euros.", "Risks: supplier delays. TODO: sign the contract.",
                             "The review meeting is on 15 March 2024. We must send the slides before Friday."],
        "/docs/notes.md": ["Shopping list: milk and bread."],
    })


def test_builtin_tools_over_a_library():
    now = datetime(2024, 3, 1, 9, 30, tzinfo=timezone.utc)
    registry = builtin_tools(ToolContext(make_library(), summarize=lambda path, mode: f"{mode} of {path}",
                                         now=lambda: now))
    assert set(registry.names()) == {"search_documents", "list_documents", "summarize_document", "open_document",
                                     "calculator", "current_date_time", "extract_dates_and_todos", "table_query",
                                     "table_columns"}
    assert registry.call("open_document", {"file": "report.pdf", "page": 2}).startswith("[report.pdf p.2] Risks")
    assert "report.pdf (indexed, 3 pages)" in registry.call("list_documents", {})
    assert "[report.pdf p.1]" in registry.call("search_documents", {"query": "budget 2024"})
    assert registry.call("summarize_document", {"file": "report", "mode": "key-points"}) == \
        "key-points of /docs/report.pdf"
    assert registry.call("current_date_time", {}) == "Friday 01 March 2024, 09:30 (UTC)"
    todos = registry.call("extract_dates_and_todos", {"file": "report.pdf"})
    assert "- to-do: TODO: sign the contract. [report.pdf p.2]" in todos
    assert "15 March 2024" in todos and "[report.pdf p.3]" in todos
    with pytest.raises(ToolCallError, match="has no page 9 \\(pages 1-3\\)"):
        registry.call("open_document", {"file": "report.pdf", "page": 9})
    with pytest.raises(ToolCallError, match="no indexed document is called 'budget.xlsx'.*notes.md, report.pdf"):
        registry.call("open_document", {"file": "budget.xlsx"})


def test_extract_dates_and_todos_by_rule():
    found = extract_dates_and_todos([(4, "Invoice 17 is due on March 3, 2025. Nothing else here."),
                                     (5, "- [ ] call the bank\nWe met on 2024-01-09.")])
    assert [(f.kind, f.page) for f in found] == [("todo", 4), ("todo", 5), ("date", 5)]


def test_tool_expert_feeds_model_errors_back_and_retries():
    model = ScriptedModel([
        {"tool": "open_document", "arguments": {"file": "budget.xlsx", "page": 1}},
        {"tool": "open_document", "arguments": {"file": "report.pdf", "page": 7}},
        {"tool": "open_document", "arguments": {"file": "report.pdf", "page": 1}},
    ])
    library = make_library()
    registry = builtin_tools(ToolContext(library))
    events, result = drain(use_tool(model, registry, "show me the budget page", library=library,
                                    cancel=CancelToken()))
    results = [e for e in events if isinstance(e, ToolResult)]
    assert [r.ok for r in results] == [False, False, True]
    # the second prompt carries the first error back to the model
    assert "no indexed document is called 'budget.xlsx'" in model.calls[1][-1]["content"]
    assert "has no page 7" in model.calls[2][-1]["content"]
    assert result.text.startswith("[report.pdf p.1] The budget")
    assert [c.label for c in result.citations] == ["report.pdf p.1"]
    assert model.schemas[0]["anyOf"][0]["properties"]["tool"]["enum"] == ["search_documents"]


def test_tool_expert_gives_up_after_bounded_attempts():
    bad = {"tool": "calculator", "arguments": {"expression": "os.system(1)"}}
    model = ScriptedModel([bad, bad, bad, bad])
    events, result = drain(use_tool(model, builtin_tools(ToolContext(None)), "compute", cancel=CancelToken(),
                                    max_attempts=3))
    assert len([e for e in events if isinstance(e, ToolCalled)]) == 3
    assert not result.supported and "only arithmetic is allowed" in result.text
    assert isinstance(events[-1], ExpertFinished)


def test_a_bug_in_a_tool_is_raised_not_fed_back():
    registry = ToolRegistry()

    @registry.tool
    def broken(x: int) -> str:
        """Always fails."""
        return str(1 / 0 + x)

    model = ScriptedModel([{"tool": "broken", "arguments": {"x": 1}}])
    with pytest.raises(ZeroDivisionError):
        drain(use_tool(model, registry, "run it", cancel=CancelToken()))
