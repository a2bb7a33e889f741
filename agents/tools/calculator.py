"""A safe arithmetic evaluator: Python's parser builds the tree, a whitelist walks it.

Why not eval: the expression comes from a user's request or a model's tool call;
only numbers, arithmetic operators and a few math functions are allowed, and
sizes are bounded so "9**9**9" cannot hang the machine.
"""
from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from typing import Any

from agents.tools.registry import ToolCallError


class CalculatorError(ToolCallError):
    """The expression is not plain arithmetic or cannot be computed."""


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "abs": abs, "round": round, "min": min, "max": max, "log": math.log,
    "log10": math.log10, "exp": math.exp, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "floor": math.floor, "ceil": math.ceil,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_LENGTH = 300
_MAX_MAGNITUDE = 1e300


def normalize(expression: str) -> str:
    """Accept everyday notation: ×, ÷, ^, '15% of 80', thousands separators."""
    text = expression.strip().rstrip("=?").strip()
    text = text.replace("×", "*").replace("÷", "/").replace("^", "**").replace("−", "-")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%\s*of\s*", r"(\1/100)*", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%(?!\s*[\d(])", r"(\1/100)", text)
    text = re.sub(r"(?<=[\d)])\s*[xX]\s*(?=[\d(])", "*", text)
    return text


def evaluate(expression: str) -> float | int:
    """The value of an arithmetic expression; raises CalculatorError for anything else."""
    if len(expression) > MAX_LENGTH:
        raise CalculatorError(f"the expression is longer than {MAX_LENGTH} characters")
    text = normalize(expression)
    if not text:
        raise CalculatorError("the expression is empty")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise CalculatorError(f"{expression!r} is not an arithmetic expression") from None
    try:
        value = _walk(tree.body)
    except CalculatorError:
        raise
    except ZeroDivisionError:
        raise CalculatorError("division by zero") from None
    except (OverflowError, ValueError) as exc:
        raise CalculatorError(f"cannot compute {expression!r}: {exc}") from None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _walk(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_walk(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _walk(node.left), _walk(node.right)
        if isinstance(node.op, ast.Pow) and (abs(right) > 1000 or abs(left) > 1e6 and abs(right) > 50):
            raise CalculatorError("the exponent is too large")
        result = _BINARY[type(node.op)](left, right)
        if isinstance(result, complex) or abs(result) > _MAX_MAGNITUDE:
            raise CalculatorError("the result is out of range")
        return result
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS
            and not node.keywords and 0 < len(node.args) <= 4):
        return _FUNCTIONS[node.func.id](*(_walk(a) for a in node.args))
    what = type(node).__name__
    if isinstance(node, ast.Name):
        what = f"the name {node.id!r}"
    elif isinstance(node, ast.Constant):
        what = f"the literal {node.value!r}"
    raise CalculatorError(f"only arithmetic is allowed (numbers, + - * / // % **, parentheses, "
                          f"{', '.join(sorted(_FUNCTIONS))}); found {what}")


_CANDIDATE = re.compile(
    r"(?:(?:sqrt|abs|round|log10|log|exp|sin|cos|tan|floor|ceil|min|max|pi)\b|[\d(])"
    r"[\d\s.,+\-*/^()%×÷xX]*(?:[\d)]|%)|\b(?:sqrt|log10|log|exp|abs)\s*\([^()]*\)")


_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{4}")


def find_expression(text: str) -> str | None:
    """The arithmetic expression inside a request like 'what is 12*(3+4)?', if there is one."""
    best = None
    for match in _CANDIDATE.finditer(text):
        candidate = match.group(0).strip()
        if not re.search(r"[\d)]\s*(?:[+\-*/^%×÷xX]|\*\*)\s*[\d(]|\d\s*%\s*of|^(?:sqrt|log|exp|abs)", candidate):
            if not re.search(r"\d+(?:\.\d+)?\s*%\s*of\s*\d", text[match.start():]):
                continue
            candidate = re.search(r"\d+(?:\.\d+)?\s*%\s*of\s*[\d.,]+", text[match.start():]).group(0)  # type: ignore[union-attr]
        if _DATE.fullmatch(candidate.strip()):
            continue
        try:
            evaluate(candidate)
        except CalculatorError:
            continue
        if best is None or len(candidate) > len(best):
            best = candidate
    return best
