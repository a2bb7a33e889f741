"""Spreadsheet tables answer aggregate questions exactly (real XLSX/CSV files, real SQLite)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from agents.tools.tables import describe, fill_by_rule, is_table_request
from rag.loaders import load_document
from rag.tables import Query, QueryError, Tables, format_number
from tests.formats_docs import CATEGORIES, budget_rows, exact_sum, make_csv, make_xlsx


@pytest.fixture
def tables(tmp_path: Path):
    store = Tables(tmp_path / "tables.sqlite3")
    store.replace("doc1", load_document(make_xlsx(tmp_path / "budget.xlsx")))
    store.replace("doc2", load_document(make_csv(tmp_path / "ventes.csv")))
    yield store
    store.close()


def test_aggregates_equal_the_computed_numbers(tables: Tables) -> None:
    expenses, staff = tables.sheets("doc1")
    assert expenses.columns == ["Date", "Category", "Amount", "Note"] and expenses.types == ["text", "text", "number", "text"]
    rows = budget_rows()
    amounts = [r[2] for r in rows]
    total = tables.query(expenses, Query("sum", "Amount"))
    assert total.lines == [format_number(exact_sum(amounts))] and total.rows == list(range(2, 47))
    assert Decimal(total.lines[0]) == exact_sum(amounts)
    assert tables.query(expenses, Query("count")).lines == ["45"]
    assert tables.query(expenses, Query("max", "Amount")).lines == [format_number(max(amounts))]
    assert tables.query(expenses, Query("min", "amount")).lines == [format_number(min(amounts))]
    average = Decimal(tables.query(expenses, Query("average", "Amount")).lines[0])
    assert abs(average - exact_sum(amounts) / 45) < Decimal("0.000001")
    travel = [r for r in rows if r[1] == "Travel"]
    filtered = tables.query(expenses, Query("sum", "Amount", "Category", "=", "travel"))
    assert filtered.lines == [format_number(exact_sum(r[2] for r in travel))]
    assert filtered.rows == [i + 2 for i, r in enumerate(rows) if r[1] == "Travel"]
    grouped = tables.query(expenses, Query("sum", "Amount", group_by="Category"))
    assert grouped.lines == [f"{c}: {format_number(exact_sum(r[2] for r in rows if r[1] == c))}" for c in sorted(CATEGORIES)]
    assert tables.query(staff, Query("average", "Salary", "Team", "=", "Research")).lines == ["91500"]
    big = tables.query(expenses, Query("count", "", "Amount", ">", "500"))
    assert big.lines == [str(sum(1 for a in amounts if a > 500))]


def test_csv_numbers_are_typed(tables: Tables) -> None:
    (sheet,) = tables.sheets("doc2")
    assert sheet.types == ["text", "text", "number", "number"]
    prices = [12.5 + i * 1.25 for i in range(30)]
    assert tables.query(sheet, Query("sum", "Prix")).lines == [format_number(exact_sum(prices))]
    assert tables.query(sheet, Query("count", "", "Région", "=", "ZÜRICH")).lines == ["10"]


def test_bad_queries_say_what_exists(tables: Tables) -> None:
    expenses, _ = tables.sheets("doc1")
    with pytest.raises(QueryError, match="no column 'Price'; the columns are: Date, Category, Amount, Note"):
        tables.query(expenses, Query("sum", "Price"))
    with pytest.raises(QueryError, match="holds text, not numbers; numeric columns: Amount"):
        tables.query(expenses, Query("sum", "Category"))
    with pytest.raises(QueryError, match="is not a number"):
        tables.query(expenses, Query("count", "", "Amount", ">", "lots"))


def test_replacing_and_forgetting_drop_the_old_tables(tables: Tables, tmp_path: Path) -> None:
    old = tables.sheets("doc1")[0].table_name
    tables.replace("doc1", load_document(make_xlsx(tmp_path / "b2.xlsx", budget_rows(5))))
    assert tables.query(tables.sheets("doc1")[0], Query("count")).lines == ["5"]
    tables.forget("doc1")
    assert tables.sheets("doc1") == [] and tables.labels([("doc1", 1)]) == {}
    names = {r[0] for r in tables._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not any(n.startswith("t_doc1_") for n in names) and old not in names


class _Lib:
    """The two calls the rule filler makes, over a real Tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def table_values(self, sheet, column):
        return self.tables.distinct_values(sheet, column)


def test_the_rule_fills_the_query_from_the_request(tables: Tables) -> None:
    sheets = tables.sheets("doc1")
    lib = _Lib(tables)
    assert not is_table_request("what does the lease say about pets?")
    assert fill_by_rule("What is the total of Amount in budget.xlsx?", sheets, lib, "budget.xlsx") == \
        {"operation": "sum", "column": "Amount", "sheet": "Expenses"}
    assert fill_by_rule("How much did we spend in total on Travel?", sheets, lib, "budget.xlsx") == \
        {"operation": "sum", "column": "Amount", "sheet": "Expenses", "filter_column": "Category", "filter_op": "=",
         "filter_value": "Travel"}
    assert fill_by_rule("average amount by category", sheets, lib, "budget.xlsx") == \
        {"operation": "average", "column": "Amount", "sheet": "Expenses", "group_by": "Category"}
    assert fill_by_rule("highest salary in the Staff sheet", sheets, lib, "budget.xlsx") == \
        {"operation": "max", "column": "Salary", "sheet": "Staff"}
    assert fill_by_rule("what is the total?", [sheets[1]], lib, "budget.xlsx") == \
        {"operation": "sum", "column": "Salary", "sheet": "Staff"}


def test_the_answer_cites_sheet_and_rows(tables: Tables) -> None:
    expenses, _ = tables.sheets("doc1")
    query = Query("sum", "Amount", "Category", "=", "Office")
    text = describe("/docs/budget.xlsx", "Expenses", query, tables.query(expenses, query))
    total = format_number(exact_sum(r[2] for r in budget_rows() if r[1] == "Office"))
    assert text == f"Sum of Amount where Category = Office (11 rows): {total} [budget.xlsx Expenses rows 3–43]"
