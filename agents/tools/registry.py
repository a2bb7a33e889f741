"""Typed tools: plain Python functions with a docstring, registered with a decorator.

The JSON schema a model must fill is derived from the type hints (and the
docstring's "Args:" lines), so a tool is written once. Two kinds of failure are
kept apart on purpose (the smolagents rule): a bad call from the model (unknown
tool, wrong arguments, a file that does not exist) raises ToolCallError, whose
message goes back to the model to retry; any other exception is a bug in the tool
and is raised to the caller.
"""
from __future__ import annotations

import inspect
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import jsonschema
from rag.errors import UserError


class ToolCallError(UserError, ValueError):
    """The model called a tool wrongly; the message is shown to the model so it can retry."""


class ToolDefinitionError(TypeError):
    """A tool cannot be registered (duplicate name, untyped parameter, no docstring): a bug."""


_SIMPLE = {str: "string", int: "integer", float: "number", bool: "boolean"}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _type_schema(hint: Any, where: str) -> dict[str, Any]:
    origin = get_origin(hint)
    if hint in _SIMPLE:
        return {"type": _SIMPLE[hint]}
    if origin is Literal:
        values = list(get_args(hint))
        return {"type": _SIMPLE[type(values[0])], "enum": values}
    if origin in (list, tuple) and get_args(hint):
        return {"type": "array", "items": _type_schema(get_args(hint)[0], where)}
    if origin in (Union, types.UnionType):
        members = [a for a in get_args(hint) if a is not type(None)]
        if len(members) == 1:
            return _type_schema(members[0], where)
    raise ToolDefinitionError(f"{where}: type {hint!r} has no JSON schema mapping (use str, int, float, bool, "
                              "Literal, list[...] or X | None)")


def _doc_parts(doc: str) -> tuple[str, dict[str, str]]:
    """The description (text before 'Args:') and each argument's line from the docstring."""
    doc = inspect.cleandoc(doc)
    head, _, args_block = doc.partition("Args:")
    described: dict[str, str] = {}
    current = None
    for line in args_block.splitlines():
        match = re.match(r"^\s*(\w+)\s*(?:\([^)]*\))?:\s*(.*)$", line)
        if match:
            current = match.group(1)
            described[current] = match.group(2).strip()
        elif current and line.strip():
            described[current] += " " + line.strip()
    return " ".join(head.split()), described


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]             # JSON schema of the arguments object
    fn: Callable[..., Any] = field(repr=False)

    def validate(self, arguments: Any) -> dict[str, Any]:
        """Arguments checked against the schema (ints accepted for floats); raises ToolCallError."""
        if not isinstance(arguments, dict):
            raise ToolCallError(f"{self.name}: arguments must be a JSON object, got {type(arguments).__name__}")
        try:
            jsonschema.validate(arguments, self.parameters)
        except jsonschema.ValidationError as exc:
            path = ".".join(str(p) for p in exc.absolute_path) or "arguments"
            raise ToolCallError(f"{self.name}: {path}: {exc.message}") from None
        return dict(arguments)

    def __call__(self, arguments: Any) -> str:
        checked = self.validate(arguments)
        result = self.fn(**checked)
        return result if isinstance(result, str) else str(result)


class ToolRegistry:
    """A named set of tools; names are unique."""

    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}

    def register(self, fn: Callable[..., Any], *, name: str | None = None) -> Tool:
        tool_name = name or fn.__name__
        if not _NAME.match(tool_name):
            raise ToolDefinitionError(f"tool name {tool_name!r} must be lowercase letters, digits and _")
        if tool_name in self._tools:
            raise ToolDefinitionError(f"a tool named {tool_name!r} is already registered")
        if not (fn.__doc__ or "").strip():
            raise ToolDefinitionError(f"tool {tool_name!r} needs a docstring: it is the model's description")
        description, described = _doc_parts(fn.__doc__ or "")
        hints = get_type_hints(fn)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for param in inspect.signature(fn).parameters.values():
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise ToolDefinitionError(f"tool {tool_name!r}: *args/**kwargs cannot be described to a model")
            if param.name not in hints:
                raise ToolDefinitionError(f"tool {tool_name!r}: parameter {param.name!r} has no type hint")
            schema = _type_schema(hints[param.name], f"tool {tool_name!r} parameter {param.name!r}")
            if param.name in described:
                schema["description"] = described[param.name]
            properties[param.name] = schema
            if param.default is inspect.Parameter.empty:
                required.append(param.name)
        parameters = {"type": "object", "properties": properties, "required": required,
                      "additionalProperties": False}
        tool = Tool(tool_name, description, parameters, fn)
        self._tools[tool_name] = tool
        return tool

    def tool(self, fn: Callable[..., Any] | None = None, *, name: str | None = None) -> Any:
        """Decorator: `@registry.tool` or `@registry.tool(name="...")`; returns the function unchanged."""
        def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
            self.register(func, name=name)
            return func
        return decorate(fn) if fn is not None else decorate

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            known = ", ".join(sorted(self._tools)) or "none"
            raise ToolCallError(f"there is no tool named {name!r}; the tools are: {known}") from None

    def names(self) -> list[str]:
        return list(self._tools)

    def __iter__(self) -> Iterator[Tool]:
        return iter(self._tools.values())

    def __len__(self) -> int:
        return len(self._tools)

    def call(self, name: str, arguments: Any) -> str:
        """Run a tool. ToolCallError: the model's mistake; any other exception: a bug in the tool."""
        return self.get(name)(arguments)

    def call_schema(self) -> dict[str, Any]:
        """The schema of one tool call {"tool": ..., "arguments": {...}} over every registered tool."""
        options = [{"type": "object",
                    "properties": {"tool": {"type": "string", "enum": [t.name]}, "arguments": t.parameters},
                    "required": ["tool", "arguments"], "additionalProperties": False} for t in self]
        return options[0] if len(options) == 1 else {"anyOf": options}

    def describe(self) -> str:
        """One short line per tool, for the model's prompt."""
        return "\n".join(f"- {t.name}({', '.join(t.parameters['properties'])}): {t.description}" for t in self)
