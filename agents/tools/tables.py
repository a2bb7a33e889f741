"""Exact answers from spreadsheets: the `table_query` tool and how a request is turned into one.

The numbers are computed by code (rag.tables: SQL over the sheet's own table,
decimal sums), never written by the model. What the model may do is fill the
query: a grammar-constrained object whose column fields are enums of the sheet's
real column names, so it cannot name a column that does not exist. A rule fills
it first when the request names the operation and the column outright ("total of
Amount in budget.xlsx"); the model is asked only when the rule cannot. Either way a number is given
only when every condition the question names is mapped to a column and value
(agents/tools/table_conditions.py); otherwise the answer says which part could not be mapped and
shows the table's columns.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from agents.documents import DocumentNotFound, file_name, resolve_document
from agents.tools.table_conditions import column_words, unmapped
from agents.tools.registry import ToolCallError, ToolRegistry
from rag.formats.suffixes import SHEET_SUFFIXES
from rag.types import DocumentRecord, DocumentStatus

Operation = Literal["count", "sum", "average", "min", "max", "list"]
Comparison = Literal["=", "!=", ">", ">=", "<", "<=", "contains"]

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("average", re.compile(r"\b(average|mean|avg)\b", re.I)),
    ("sum", re.compile(r"\b(total|sum|add up|altogether|in total)\b", re.I)),
    ("count", re.compile(r"\b(how many|count|number of)\b", re.I)),
    ("max", re.compile(r"\b(max(imum)?|highest|largest|biggest|most expensive|greatest|latest)\b", re.I)),
    ("min", re.compile(r"\b(min(imum)?|lowest|smallest|cheapest|least|earliest)\b", re.I)),
    ("list", re.compile(r"\b(list (all )?(the )?rows|which rows|show (me )?(all )?(the )?rows)\b", re.I)),
)
_GROUP = re.compile(r"\b(?:by|per|for each|each)\s+([\w][\w ]{0,40})", re.I)


def is_table_request(request: str) -> bool:
    return any(pattern.search(request) for _, pattern in _CUES)


def register_table_tool(registry: ToolRegistry, library_of: Any) -> None:
    """Add `table_query` to a registry; `library_of()` returns the library (or None)."""

    @registry.tool
    def table_query(file: str, operation: Operation, column: str = "", sheet: str = "", filter_column: str = "",
                    filter_op: Comparison = "=", filter_value: str = "", group_by: str = "", and_column: str = "",
                    and_value: str = "") -> str:
        """Compute count, sum, average, min, max or list rows of a spreadsheet or CSV exactly.

        Args:
            file: the spreadsheet's file name
            operation: count, sum, average, min, max or list
            column: the column to compute on (not needed for count)
            sheet: the sheet name (default: the first sheet)
            filter_column: only rows where this column ...
            filter_op: ... compares like this ...
            filter_value: ... with this value
            group_by: one result per value of this column
            and_column: a second condition: only rows where this column ...
            and_value: ... equals this value as well
        """
        from rag.tables import Query, QueryError

        library, record = _spreadsheet(library_of(), file)
        if not library.sheets(record.path):
            raise ToolCallError(f"{file_name(record.path)} has no spreadsheet tables")
        query = Query(operation, column, filter_column, filter_op, filter_value, group_by, and_column, and_value)
        try:
            chosen, answer = library.table_query(record.path, sheet, query)
        except QueryError as exc:
            raise ToolCallError(f"table_query: {exc}") from None
        return describe(record.path, chosen.sheet, query, answer)

    @registry.tool
    def table_columns(file: str, unmapped: str = "") -> str:
        """Show the columns of a spreadsheet or CSV (and which part of a question matched none of them).

        Args:
            file: the spreadsheet's file name
            unmapped: the part of the question no column or value matched
        """
        library, record = _spreadsheet(library_of(), file)
        return describe_columns(record.path, library.sheets(record.path), unmapped)


def _spreadsheet(library: Any, file: str) -> tuple[Any, DocumentRecord]:
    """The library and the indexed document a table tool names; ToolCallError when there is none."""
    if library is None or not hasattr(library, "table_query"):
        raise ToolCallError("no document library with spreadsheets is available")
    try:
        return library, resolve_document(library.documents(), file)
    except DocumentNotFound as exc:
        raise ToolCallError(str(exc)) from None


def describe_columns(path: str, sheets: Sequence[Any], unmapped: str = "") -> str:
    """'No number computed: "in region Atlantis" matches no column or value of sales.csv. Its columns: ...'."""
    name = file_name(path)
    tables = "; ".join(f"{s.sheet}: " + ", ".join(f"{c} ({t})" for c, t in zip(s.columns, s.types)) for s in sheets)
    if not unmapped:
        return f"The columns of {name} are: {tables or 'none (no spreadsheet tables)'} [{name}]"
    return (f"I did not compute a number: \"{unmapped}\" matches no column and value of {name}, and a figure "
            f"that ignored it would be wrong. Its columns are: {tables} [{name}]")


def describe(path: str, sheet: str, query: Any, answer: Any) -> str:
    """'Sum of Amount where Category = Travel (3 rows): 345.5 [budget.xlsx Sheet1 rows 4–9]'."""
    what = "Number of rows" if query.operation == "count" else f"{query.operation.capitalize()} of {query.column}"
    if query.operation == "list":
        what = "Rows"
    if query.filter_column:
        what += f" where {query.filter_column} {query.filter_op} {query.filter_value}"
    if query.and_column:
        what += f" and {query.and_column} = {query.and_value}"
    if query.group_by:
        what += f", by {query.group_by}"
    rows = answer.rows
    span = (f"rows {min(rows)}–{max(rows)}" if len(rows) > 1 else f"row {rows[0]}") if rows else "no rows"
    body = answer.lines[0] if len(answer.lines) == 1 and not query.group_by else "\n" + "\n".join(answer.lines)
    return f"{what} ({len(rows)} rows): {body} [{file_name(path)} {sheet} {span}]"


def table_call(model: Any, library: Any, request: str, named: Sequence[DocumentRecord], cancel: Any = None
               ) -> tuple[dict[str, Any], str] | None:
    """The `table_query` arguments for an aggregate question about one spreadsheet, and who filled them.

    None when the request is not such a question or no single spreadsheet is meant.
    """
    if library is None or not hasattr(library, "sheets") or not is_table_request(request):
        return None
    candidates = list(named)
    if not candidates:      # asked inside one document (`ask --in budget.xlsx`): that document is meant
        indexed = [r for r in library.documents() if r.status == DocumentStatus.INDEXED]
        candidates = indexed if len(indexed) == 1 else _meant_spreadsheet(request, indexed, library)
    if len(candidates) != 1:
        return None
    sheets = library.sheets(candidates[0].path)
    if not sheets:
        return None
    name = file_name(candidates[0].path)
    names = [s.sheet for s in sheets]

    def missing_in(call: dict[str, Any]) -> str:
        return "; ".join(filter(None, [unmapped(request, call, name, names), ignored_values(request, call, sheets,
                                                                                          library, name)]))

    filled, by = fill_by_rule(request, sheets, library, name), "rule"
    if filled is None or missing_in(filled):
        by_model = _checked(fill_by_model(model, request, sheets, cancel), sheets, library)
        if by_model is not None and (filled is None or not missing_in(by_model)):
            filled, by = by_model, "model"
    if filled is None:
        return None
    missing = missing_in(filled)
    if missing:
        return {"file": name, "unmapped": missing}, by
    return {"file": name, **filled}, by


def _checked(call: dict[str, Any] | None, sheets: Sequence[Any], library: Any) -> dict[str, Any] | None:
    """The model's query with a filter only when its value really is one of that column's values."""
    if call is None or not call.get("filter_column"):
        return call
    sheet = next((s for s in sheets if s.sheet == call.get("sheet")), sheets[0])
    kind = dict(zip(sheet.columns, sheet.types)).get(call["filter_column"])
    values = {v.lower() for v in library.table_values(sheet, call["filter_column"])} if kind == "text" else set()
    if str(call.get("filter_value", "")).strip().lower() in values:
        return call
    return {k: v for k, v in call.items() if k not in ("filter_column", "filter_op", "filter_value")}


def _mentions(request: str, phrase: str) -> bool:
    return bool(phrase.strip()) and re.search(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", request.lower()) is not None


def fill_by_rule(request: str, sheets: Sequence[Any], library: Any, name: str) -> dict[str, Any] | None:
    operation = next((op for op, pattern in _CUES if pattern.search(request)), None)
    if operation is None:
        return None
    named_sheets = [s for s in sheets if _mentions(request, s.sheet)]
    for sheet in named_sheets or list(sheets):
        numeric = [c for c, t in zip(sheet.columns, sheet.types) if t == "number"]
        mentioned = sorted((c for c in sheet.columns if names_column(request, c)), key=len, reverse=True)
        group = _group_column(request, sheet.columns)
        # count and list count rows: a column the request names is a condition's column ("in region South"),
        # not what is counted, so it stays free for the filter.
        column = next((c for c in mentioned if c in numeric and c != group), None) \
            if operation not in ("count", "list") else ""
        if column is None and operation not in ("count", "list"):
            partly = [c for c in numeric if c != group and _names_a_word_of(request, c)]
            column = partly[0] if len(partly) == 1 else None    # "the average amount" -> amount_eur
        if column is None and operation in ("sum", "average") and len(numeric) == 1:
            column = numeric[0]
        if column is None:
            continue
        call: dict[str, Any] = {"operation": operation, "column": column or "", "sheet": sheet.sheet}
        if group:
            call["group_by"] = group
        values = _filter_values(request, sheet, library, name, exclude={column, group})
        if len(values) in (1, 2):
            call["filter_column"], call["filter_op"], call["filter_value"] = values[0][0], "=", values[0][1]
        if len(values) == 2:
            call["and_column"], call["and_value"] = values[1]
        return call
    return None


def _group_column(request: str, columns: Sequence[str]) -> str:
    for match in _GROUP.finditer(request):
        words = match.group(1).lower()
        for column in sorted(columns, key=len, reverse=True):
            if words.startswith(column.lower()):
                return column
    return ""


def _filter_values(request: str, sheet: Any, library: Any, name: str, exclude: set) -> list[tuple[str, str]]:
    """(column, value) of every text value of the sheet the request names ("for Travel", "pumps"), one per column;
    [] when a column has several named values (which one is meant is the model's to fill)."""
    found: dict[str, list[str]] = {}
    for column, value in _named_values(request, sheet, library, name):
        if column not in exclude:
            found.setdefault(column, []).append(value)
    if any(len(values) > 1 for values in found.values()):
        return []
    return [(column, values[0]) for column, values in found.items()]


def _named_values(request: str, sheet: Any, library: Any, name: str) -> list[tuple[str, str]]:
    """Every (column, value) of the sheet's text columns that the request names, in its singular or plural."""
    found = []
    for column, kind in zip(sheet.columns, sheet.types):
        if kind != "text":
            continue
        for value in library.table_values(sheet, column):
            if len(value) >= 3 and value.lower() not in name.lower() and _names_value(request, value) \
                    and not any(_mentions(value, c) for c in sheet.columns):
                found.append((column, value))
    return found


def names_column(request: str, column: str) -> bool:
    """Does the request name this column? All its words, each written out or as a short stem of the request's word:
    "amount_eur" is named by "the total amount in euros", "unitPrice" by "unit price"."""
    asked = re.findall(r"[^\W_]+", request.lower())
    words = column_words(column)
    return bool(words) and all(any(word == a or (len(word) >= 3 and a.startswith(word) and len(a) - len(word) <= 3)
                                   for a in asked) for word in words)


def _names_a_word_of(request: str, column: str) -> bool:
    return any(len(word) >= 4 and _mentions(request, word) for word in column_words(column))


def _names_value(request: str, value: str) -> bool:
    plurals = [value, value + "s", value + "es"] + ([value[:-1] + "ies"] if value.endswith("y") else [])
    return any(_mentions(request, form) for form in plurals)


def ignored_values(request: str, call: dict[str, Any], sheets: Sequence[Any], library: Any, name: str) -> str:
    """A value of the table that the request names but the query does not filter on ("pumps" in "the total quantity
    of pumps in the South region" when only region = South is applied): a dropped condition, wherever it stands."""
    sheet = next((s for s in sheets if s.sheet == call.get("sheet")), sheets[0])
    used = {str(call.get(k, "")).strip().lower() for k in ("filter_value", "and_value")}
    ignored = [value for column, value in _named_values(request, sheet, library, name)
               if value.lower() not in used and column != call.get("group_by")]
    return "; ".join(ignored)


def _meant_spreadsheet(request: str, records: Sequence[DocumentRecord], library: Any) -> list[DocumentRecord]:
    """Among several documents, the one spreadsheet whose columns or values the request names ([] when none or
    several are): "the total quantity of pumps in the South region" is about the sheet with those."""
    meant = []
    for record in records:
        if Path(record.path).suffix.lower() not in SHEET_SUFFIXES:
            continue                # only spreadsheets hold tables: no query per document of a large library
        for sheet in library.sheets(record.path):
            if any(names_column(request, c) for c in sheet.columns) or _named_values(request, sheet, library,
                                                                                 file_name(record.path)):
                meant.append(record)
                break
    return meant if len(meant) == 1 else []


def fill_by_model(model: Any, request: str, sheets: Sequence[Any], cancel: Any = None) -> dict[str, Any] | None:
    """The model fills the query; every column field is an enum of the sheet's real column names."""
    from agents.engine.chat_prompt import prompt
    from agents.engine.runtime import ModelError

    sheet = next((s for s in sheets if _mentions(request, s.sheet)), sheets[0])
    columns = list(sheet.columns)
    optional = ["", *columns]
    schema = {"type": "object", "properties": {
        "operation": {"type": "string", "enum": ["count", "sum", "average", "min", "max", "list"]},
        "column": {"type": "string", "enum": columns},
        "filter_column": {"type": "string", "enum": optional},
        "filter_value": {"type": "string", "maxLength": 60},
        "group_by": {"type": "string", "enum": optional}},
        "required": ["operation", "column", "filter_column", "filter_value", "group_by"], "additionalProperties": False}
    text = (f"A spreadsheet sheet {sheet.sheet!r} has the columns: {', '.join(columns)}.\n"
            f"Fill the query that answers the request (leave filter and group empty unless asked).\n\nRequest: {request}")
    try:
        value = model.structured(prompt(text), schema, cancel=cancel)
    except ModelError:
        return None
    call = {"operation": value["operation"], "column": value["column"], "sheet": sheet.sheet}
    if value.get("filter_column") and value.get("filter_value"):
        call.update(filter_column=value["filter_column"], filter_op="=", filter_value=value["filter_value"])
    if value.get("group_by"):
        call["group_by"] = value["group_by"]
    return call
