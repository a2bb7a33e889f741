"""Spreadsheets (XLSX through openpyxl in read-only mode) and CSV (the csv module).

Each sheet becomes a table (kept in SQLite for exact answers, see rag.tables) and
row-aware pages of text: a block of rows with the header line repeated on top, so
a passage read alone still says what each value is, and a citation can name the
sheet and rows ("Sheet1 rows 20–39"). The first non-empty row is the header.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, SheetTable, no_progress, short
from rag.formats.text import decode
from rag.formats.zipguard import check_zip

MAX_CELLS = 3_000_000
BLOCK_CHARS = 400            # a page of rows stays under the embedding model's 256 tokens (digits tokenize densely)
BLOCK_ROWS = 20


def load_xlsx(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    check_zip(path, "Excel (.xlsx)")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise LoadError(f"the Excel file is damaged or not really an .xlsx ({short(exc)})") from None
    try:
        tables = []
        cells = 0
        for sheet in workbook.worksheets:
            progress(f"reading sheet {sheet.title}")
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells += len(values)
                if cells > MAX_CELLS:
                    raise LoadError(f"the workbook has more than {MAX_CELLS:,} cells; it is too large to index")
                rows.append((number, list(values)))
            table = _table(sheet.title, rows)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    return _document(tables)


def load_csv(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    text = decode(path.read_bytes())
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    cells = 0
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            cells += len(values)
            if cells > MAX_CELLS:
                raise LoadError(f"the CSV file has more than {MAX_CELLS:,} cells; it is too large to index")
            rows.append((number, list(values)))
    except csv.Error as exc:
        raise LoadError(f"the CSV file is malformed ({short(exc)})") from None
    table = _table(path.stem, rows)
    return _document([table] if table else [])


def _table(name: str, rows: list[tuple[int, list[object]]]) -> SheetTable | None:
    """The header (first non-empty row, blank and repeated names fixed) and the non-empty rows below it."""
    filled = [(n, v) for n, v in rows if any(_cell(x) for x in v)]
    if not filled:
        return None
    width = max(len(v) for _, v in filled)
    (_, head), body = filled[0], filled[1:]
    header: list[str] = []
    for index in range(width):
        base = _cell(head[index]) if index < len(head) else ""
        base = " ".join(base.split()) or f"column {index + 1}"
        column, suffix = base, 2
        while column in header:
            column, suffix = f"{base} {suffix}", suffix + 1
        header.append(column)
    return SheetTable(name, header, [(n, list(v) + [None] * (width - len(v))) for n, v in body])


def _document(tables: list[SheetTable]) -> LoadedDocument:
    pages: list[tuple[int | None, str]] = []
    labels: dict[int, str] = {}
    for table in tables:
        head = " | ".join(table.header)
        block: list[tuple[int, str]] = []
        size = 0
        for number, values in table.rows:
            line = " | ".join(_cell(v) for v in values)
            if block and (len(block) >= BLOCK_ROWS or size + len(line) > BLOCK_CHARS):
                _emit(table.sheet, head, block, pages, labels)
                block, size = [], 0
            block.append((number, line))
            size += len(line) + 1
        if block or not table.rows:
            _emit(table.sheet, head, block, pages, labels)
    if not pages:
        raise LoadError("the spreadsheet has no cells with values")
    return LoadedDocument(pages, labels=labels, tables=tables)


def _emit(sheet: str, head: str, block: list[tuple[int, str]], pages: list, labels: dict[int, str]) -> None:
    number = len(pages) + 1
    span = f"rows {block[0][0]}–{block[-1][0]}" if len(block) > 1 else (f"row {block[0][0]}" if block else "header")
    labels[number] = f"{sheet} {span}"
    pages.append((number, "\n".join([f"{sheet} {span}", head, *(line for _, line in block)])))


def _cell(value: object) -> str:
    """A cell as text: dates without a zero time, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return " ".join(str(value).split())
