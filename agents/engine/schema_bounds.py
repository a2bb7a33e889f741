"""Bound a JSON schema so grammar-constrained generation always ends quickly.

Small models ramble inside strings and lists; with every string and array given a
maximum length, the longest valid answer is known, and so is a token limit that
can never cut the JSON short.
"""
from __future__ import annotations

import copy
import json
from typing import Any

DEFAULT_STRING_LIMIT = 200
DEFAULT_ITEM_LIMIT = 8


def bound_schema(schema: dict[str, Any], string_limit: int | None = None, item_limit: int | None = None) -> dict[str, Any]:
    """A copy of `schema` with maxLength on strings, maxItems on arrays, no extra object keys.

    With explicit limits, existing bounds are tightened to them too (used for a retry).
    """
    tighten = string_limit is not None or item_limit is not None
    strings = string_limit or DEFAULT_STRING_LIMIT
    items = item_limit or DEFAULT_ITEM_LIMIT
    bounded = copy.deepcopy(schema)

    def visit(node: Any) -> None:
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        if kind == "string" and not {"enum", "const", "pattern", "format"} & node.keys():
            node["maxLength"] = min(node.get("maxLength", strings), strings) if tighten else node.get("maxLength", strings)
            node["minLength"] = min(node.get("minLength", 0), node["maxLength"])
        if kind == "array":
            node["maxItems"] = min(node.get("maxItems", items), items) if tighten else node.get("maxItems", items)
        if kind == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for key in ("properties", "$defs", "definitions"):
            for child in node.get(key, {}).values():
                visit(child)
        for key in ("items", "additionalProperties"):
            visit(node.get(key))
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for child in node.get(key, []):
                visit(child)

    visit(bounded)
    return bounded


def max_tokens_for_schema(schema: dict[str, Any]) -> int:
    """An upper estimate of the tokens the longest valid answer needs (one token per character)."""

    def size(node: Any) -> int:
        if not isinstance(node, dict):
            return 64
        if "enum" in node:
            return max(len(json.dumps(v)) for v in node["enum"]) + 2
        if "const" in node:
            return len(json.dumps(node["const"])) + 2
        for key in ("anyOf", "oneOf"):
            if key in node:
                return max(size(child) for child in node[key])
        kind = node.get("type")
        if kind == "string":
            return int(node.get("maxLength", DEFAULT_STRING_LIMIT)) + 4
        if kind in ("integer", "number"):
            return 24
        if kind in ("boolean", "null"):
            return 6
        if kind == "array":
            return int(node.get("maxItems", DEFAULT_ITEM_LIMIT)) * (size(node.get("items", {})) + 2) + 4
        if kind == "object" or "properties" in node:
            return sum(len(name) + 6 + size(child) for name, child in node.get("properties", {}).items()) + 4
        return 64

    return size(schema) + 16


def only_choices(schema: dict[str, Any]) -> bool:
    """Does every value the schema allows come from a fixed list (an enum, or an object of enums)? Then the model
    only chooses, greedy decoding cannot ramble, and the same question gets the same choice every time."""
    if "enum" in schema:
        return True
    if schema.get("type") == "object" and schema.get("properties"):
        return all(only_choices(value) for value in schema["properties"].values())
    return False
