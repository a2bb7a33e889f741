"""Spreadsheet tables in SQLite, for answers computed by code; plus page labels and notes.

Every sheet of an indexed XLSX/CSV is one real table (`t_<doc>_<n>`, a `_row`
column with the row number in the file, then one column per header name, typed
REAL when every filled cell is a number and TEXT otherwise). A constrained query
(operation, column, optional filter and group) is turned into SQL here, with
column names taken only from the table's own schema, never from free text.

The same database keeps, per document, how each page is cited ("Sheet1 rows
2–21", "slide 3", "message 2") and notes for its status ("pages 3, 7: no text
found"). It is a separate file from the library store so that writing it never
holds the main store's lock; it is rewritten with each document.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rag.formats.base import LoadedDocument, SheetTable
from rag.store import open_database, write_transaction
from rag.errors import UserError

OPERATIONS = ("count", "sum", "average", "min", "max", "list")
COMPARISONS = ("=", "!=", ">", ">=", "<", "<=", "contains")
LIST_LIMIT = 20

SCHEMA = """
CREATE TABLE IF NOT EXISTS catalog (doc_id TEXT NOT NULL, ordinal INTEGER NOT NULL, sheet TEXT NOT NULL,
    table_name TEXT NOT NULL, columns TEXT NOT NULL, types TEXT NOT NULL, rows INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ordinal));
CREATE TABLE IF NOT EXISTS page_labels (doc_id TEXT NOT NULL, page INTEGER NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY (doc_id, page));
CREATE TABLE IF NOT EXISTS notes (doc_id TEXT PRIMARY KEY, text TEXT NOT NULL);
"""
_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[-+]?\.\d+$")


class QueryError(UserError, ValueError):
    """A query names a sheet, column or value the table does not have; the message says which exist."""


@dataclass(frozen=True)
class Sheet:
    sheet: str
    table_name: str
    columns: list[str]
    types: list[str]          # "number" or "text"
    rows: int


@dataclass(frozen=True)
class Query:
    operation: str
    column: str = ""
    filter_column: str = ""
    filter_op: str = "="
    filter_value: str = ""
    group_by: str = ""
    and_column: str = ""      # a second condition, "= and_value", ANDed with the first ("pumps in the South region")
    and_value: str = ""


@dataclass(frozen=True)
class Answer:
    """The computed result: lines of text, and the file rows it was computed from."""

    sheet: str
    lines: list[str]
    rows: list[int]


def parse_number(value: object) -> float | None:
    """A cell's number (ints, floats, '1,234.50', '$12'); None for text, dates and blanks."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().lstrip("$€£").replace("\u00a0", "").strip()
    if _NUMBER.match(text):
        return float(text.replace(",", ""))
    return None


class Tables:
    """The tables database of one library folder (thread-safe: one connection, one lock)."""

    def __init__(self, file: Path) -> None:
        self._db = open_database(file, SCHEMA)
        self._lock = threading.RLock()
        with self._lock:
            # SQLite's lower() folds ASCII only: "GENÈVE" must match "Genève"
            self._db.create_function("ulower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- writing -----------------------------------------------------------------
    def replace(self, doc_id: str, document: LoadedDocument) -> None:
        """Swap in a document's tables, page labels and notes in one transaction."""
        with write_transaction(self._db, self._lock):
            self._delete(doc_id)
            for ordinal, table in enumerate(document.tables):
                self._create(doc_id, ordinal, table)
            self._db.executemany("INSERT INTO page_labels(doc_id, page, label) VALUES (?,?,?)",
                                 [(doc_id, page, label) for page, label in document.labels.items()])
            if document.notes:
                self._db.execute("INSERT INTO notes(doc_id, text) VALUES (?,?)", (doc_id, "; ".join(document.notes)))

    def forget(self, doc_id: str) -> None:
        with write_transaction(self._db, self._lock):
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        for (name,) in self._db.execute("SELECT table_name FROM catalog WHERE doc_id=?", (doc_id,)).fetchall():
            self._db.execute(f'DROP TABLE IF EXISTS "{name}"')
        for table in ("catalog", "page_labels", "notes"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))

    def _create(self, doc_id: str, ordinal: int, table: SheetTable) -> None:
        name = f"t_{doc_id}_{ordinal}"
        width = len(table.header)
        types = []
        for index in range(width):
            filled = [v for _, values in table.rows if (v := values[index]) is not None and str(v).strip()]
            numeric = bool(filled) and all(parse_number(v) is not None for v in filled)
            types.append("number" if numeric else "text")
        columns = ", ".join(f'c{i} {"REAL" if t == "number" else "TEXT"}' for i, t in enumerate(types))
        self._db.execute(f'CREATE TABLE "{name}" (_row INTEGER PRIMARY KEY, {columns})')
        self._db.executemany(
            f'INSERT INTO "{name}" VALUES ({",".join("?" * (width + 1))})',
            [(number, *(_stored(v, t) for v, t in zip(values, types))) for number, values in table.rows])
        self._db.execute("INSERT INTO catalog VALUES (?,?,?,?,?,?,?)",
                         (doc_id, ordinal, table.sheet, name, json.dumps(table.header), json.dumps(types), len(table.rows)))

    # -- reading -----------------------------------------------------------------
    def labels(self, pairs: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], str]:
        wanted = {(d, p) for d, p in pairs if p is not None}
        if not wanted:
            return {}
        docs = sorted({d for d, _ in wanted})
        with self._lock:
            rows = self._db.execute(f"SELECT doc_id, page, label FROM page_labels WHERE doc_id IN ({','.join('?' * len(docs))})",
                                    docs).fetchall()
        return {(d, p): label for d, p, label in rows if (d, p) in wanted}

    def note(self, doc_id: str) -> str:
        with self._lock:
            row = self._db.execute("SELECT text FROM notes WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def sheets(self, doc_id: str) -> list[Sheet]:
        with self._lock:
            rows = self._db.execute("SELECT sheet, table_name, columns, types, rows FROM catalog WHERE doc_id=? ORDER BY ordinal",
                                    (doc_id,)).fetchall()
        return [Sheet(s, t, json.loads(c), json.loads(ty), n) for s, t, c, ty, n in rows]

    def distinct_values(self, sheet: Sheet, column: str, limit: int = 200) -> list[str]:
        index = sheet.columns.index(column)
        with self._lock:
            rows = self._db.execute(f'SELECT DISTINCT c{index} FROM "{sheet.table_name}" WHERE c{index} IS NOT NULL LIMIT ?',
                                    (limit,)).fetchall()
        return [str(r[0]) for r in rows]

    def query(self, sheet: Sheet, query: Query) -> Answer:
        """Compute `query` on one sheet exactly (decimal arithmetic on the stored values)."""
        if query.operation not in OPERATIONS:
            raise QueryError(f"unknown operation {query.operation!r}; use one of {', '.join(OPERATIONS)}")
        column = _index(sheet, query.column) if query.column else None
        if column is None and query.operation not in ("count", "list"):
            raise QueryError(f"{query.operation} needs a column; the columns are: {', '.join(sheet.columns)}")
        if column is not None and query.operation in ("sum", "average") and sheet.types[column] != "number":
            raise QueryError(f"column {query.column!r} holds text, not numbers; numeric columns: "
                             + (", ".join(c for c, t in zip(sheet.columns, sheet.types) if t == "number") or "none"))
        where, params = _where(sheet, query)
        group = _index(sheet, query.group_by) if query.group_by else None
        select = ["_row"] + ([f"c{column}"] if column is not None else []) + ([f"c{group}"] if group is not None else [])
        with self._lock:
            rows = self._db.execute(f'SELECT {", ".join(select)} FROM "{sheet.table_name}" {where} ORDER BY _row',
                                    params).fetchall()
        if column is not None and query.operation != "list":
            rows = [r for r in rows if r[1] is not None]
        return _compute(sheet, query, column, group, rows)


def _stored(value: object, kind: str) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "number":
        return parse_number(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def _index(sheet: Sheet, name: str) -> int:
    for index, column in enumerate(sheet.columns):
        if column.lower() == name.strip().lower():
            return index
    raise QueryError(f"sheet {sheet.sheet!r} has no column {name!r}; the columns are: {', '.join(sheet.columns)}")


def _where(sheet: Sheet, query: Query) -> tuple[str, list[object]]:
    conditions = [(query.filter_column, query.filter_op, query.filter_value)] if query.filter_column else []
    if query.and_column:
        conditions.append((query.and_column, "=", query.and_value))
    parts, params = [], []
    for column, comparison, value in conditions:
        sql, values = _condition(sheet, column, comparison, value)
        parts.append(sql)
        params.extend(values)
    return ("WHERE " + " AND ".join(parts), params) if parts else ("", [])


def _condition(sheet: Sheet, column: str, comparison: str, value: str) -> tuple[str, list[object]]:
    index = _index(sheet, column)
    if comparison not in COMPARISONS:
        raise QueryError(f"unknown comparison {comparison!r}; use one of {', '.join(COMPARISONS)}")
    if comparison == "contains":
        return f"ulower(CAST(c{index} AS TEXT)) LIKE ?", [f"%{value.strip().lower()}%"]
    if sheet.types[index] == "number":
        number = parse_number(value)
        if number is None:
            raise QueryError(f"column {sheet.columns[index]!r} holds numbers; {value!r} is not a number")
        return f"c{index} {comparison} ?", [number]
    return f"ulower(c{index}) {comparison} ?", [value.strip().lower()]


def _compute(sheet: Sheet, query: Query, column: int | None, group: int | None, rows: Sequence[tuple]) -> Answer:
    if query.operation == "list":
        lines = [f"row {r[0]}: " + ", ".join(str(v) for v in r[1:]) for r in rows[:LIST_LIMIT]]
        if len(rows) > LIST_LIMIT:
            lines.append(f"… and {len(rows) - LIST_LIMIT} more rows")
        return Answer(sheet.sheet, lines or ["no rows match"], [r[0] for r in rows])
    groups: dict[object, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[-1] if group is not None else None, []).append(row)
    lines = []
    for key in sorted(groups, key=lambda k: (k is None, str(k))):
        members = groups[key]
        value = _aggregate(query.operation, [m[1] for m in members] if column is not None else [], len(members))
        lines.append(f"{key}: {value}" if group is not None else value)
    return Answer(sheet.sheet, lines or ["no rows match"], [r[0] for r in rows])


def _aggregate(operation: str, values: list[object], count: int) -> str:
    if operation == "count":
        return str(count)
    if not values:
        return "no values"
    if operation in ("min", "max"):
        numeric = all(isinstance(v, float) for v in values)
        best = (min if operation == "min" else max)(values, key=(lambda v: v) if numeric else (lambda v: str(v)))
        return format_number(best) if isinstance(best, float) else str(best)
    total = sum((Decimal(repr(v)) for v in values), Decimal(0))
    return format_number(total if operation == "sum" else total / len(values))


def format_number(value: float | Decimal) -> str:
    """Exact for sums of the cells' decimal values; averages to 6 decimal places; no trailing zeros."""
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    text = format(number.quantize(Decimal("0.000001")).normalize(), "f")
    return text
