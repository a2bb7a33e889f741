"""A computed answer honours every condition the question names, or says which part it could not map.

The symptom this guards against: "how many rows ... in region X" over a CSV answered "Number of rows (240
rows): 240" — the region dropped, the count of all rows shown with the authority of an exact computation.
Real CSV and XLSX files generated here, real SQLite tables; the end-to-end tests ask through the front door
(agents.api.Enclave) with the real library and model.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.tools.table_conditions import condition_phrases, unmapped
from agents.tools.tables import describe_columns, fill_by_rule, ignored_values, names_column
from rag.loaders import load_document
from rag.tables import Query, Tables

REGIONS = ("North", "North", "North", "South", "South", "East", "West", "West", "North")
PRODUCTS = ("Kettle", "Toaster", "Blender")


def sales_rows(n: int = 240) -> list[tuple[str, str, int, float]]:
    """(Region, Product, Units, Amount): uneven regions, so a filtered count is never a share of the total."""
    return [(REGIONS[i % len(REGIONS)], PRODUCTS[(i // 2) % 3], 1 + i % 6, round(20 + (i * 13.7) % 300, 2))
            for i in range(n)]


def make_sales_csv(path: Path) -> Path:
    lines = ["Region,Product,Units,Amount"] + [f"{r},{p},{u},{a:.2f}" for r, p, u, a in sales_rows()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_sales_xlsx(path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sales"
    sheet.append(["Region", "Product", "Units", "Amount"])
    for row in sales_rows():
        sheet.append(list(row))
    workbook.save(path)
    return path


class _Lib:
    """The one call the rule filler makes, over a real Tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def table_values(self, sheet, column):
        return self.tables.distinct_values(sheet, column)


@pytest.fixture(params=["csv", "xlsx"])
def sales(request, tmp_path: Path):
    maker = make_sales_csv if request.param == "csv" else make_sales_xlsx
    path = maker(tmp_path / f"sales.{request.param}")
    store = Tables(tmp_path / "tables.sqlite3")
    store.replace("doc", load_document(path))
    yield store, path.name
    store.close()


def test_a_count_in_a_region_is_the_filtered_count(sales) -> None:
    store, name = sales
    sheets = store.sheets("doc")
    call = fill_by_rule("How many rows are in region South?", sheets, _Lib(store), name)
    assert call is not None and (call["filter_column"], call["filter_value"]) == ("Region", "South")
    assert unmapped("How many rows are in region South?", call, name) == ""
    answer = store.query(sheets[0], Query(call["operation"], call["column"], call["filter_column"], "=",
                                          call["filter_value"]))
    assert answer.lines == [str(sum(1 for r in sales_rows() if r[0] == "South"))]      # 53, not 240


def test_a_sum_keeps_its_condition(sales) -> None:
    store, name = sales
    call = fill_by_rule("What is the total Amount for Blender?", store.sheets("doc"), _Lib(store), name)
    assert call is not None and call["filter_value"] == "Blender"
    assert unmapped("What is the total Amount for Blender?", call, name) == ""


def test_a_condition_no_column_or_value_matches_is_named(sales) -> None:
    store, name = sales
    sheets = store.sheets("doc")
    for question, part in (("How many rows are in region Atlantis?", "in region Atlantis"),
                           ("What is the total Amount for Blender in 2023?", "in 2023"),
                           ("How many rows have Units above 4?", "above 4")):
        call = fill_by_rule(question, sheets, _Lib(store), name)
        assert call is not None
        assert unmapped(question, call, name, [s.sheet for s in sheets]) == part, question
    assert unmapped("How many rows are in sales.csv?", {"operation": "count", "column": ""}, "sales.csv") == ""
    assert condition_phrases("total Amount for Blender in the North") == ["for Blender", "in the North"]


def test_two_conditions_are_both_applied(sales) -> None:
    """"blenders ... in the North": the product named before any condition word is a condition too."""
    store, name = sales
    sheets = store.sheets("doc")
    question = "What is the total Amount of blenders sold in the North region?"
    call = fill_by_rule(question, sheets, _Lib(store), name)
    assert call is not None
    assert {(call["filter_column"], call["filter_value"]), (call["and_column"], call["and_value"])} == {
        ("Region", "North"), ("Product", "Blender")}
    assert ignored_values(question, call, sheets, _Lib(store), name) == ""
    answer = store.query(sheets[0], Query(call["operation"], call["column"], call["filter_column"], "=",
                                          call["filter_value"], and_column=call["and_column"],
                                          and_value=call["and_value"]))
    expected = sum(a for r, p, _, a in sales_rows() if r == "North" and p == "Blender")
    assert float(answer.lines[0]) == pytest.approx(expected)


def test_a_named_value_the_query_ignores_is_reported(sales) -> None:
    store, name = sales
    sheets = store.sheets("doc")
    question = "How many toasters were sold in the South?"
    dropped = {"operation": "count", "column": "", "sheet": sheets[0].sheet, "filter_column": "Region",
               "filter_op": "=", "filter_value": "South"}
    assert ignored_values(question, dropped, sheets, _Lib(store), name) == "Toaster"
    assert unmapped(question, dropped, name) == ""      # the word-level check alone would have let it through


def test_a_column_is_named_by_its_words() -> None:
    assert names_column("What is the total amount in euros?", "amount_eur")
    assert names_column("average unit price", "unitPrice")
    assert not names_column("What is the total amount?", "amount_eur")
    assert not names_column("How many rows are in Southampton?", "South")


def test_the_explanation_shows_the_columns(sales) -> None:
    store, name = sales
    text = describe_columns(f"/d/{name}", store.sheets("doc"), "in region Atlantis")
    assert '"in region Atlantis" matches no column and value' in text
    assert "Region (text), Product (text), Units (number), Amount (number)" in text
    assert not any(ch.isdigit() for ch in text.split("Its columns")[0])      # no number before the columns


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_front_door_counts_only_the_rows_the_question_names(real_model, real_embedder, tmp_path: Path) -> None:
    from agents.api import Enclave, FinalAnswer

    docs = tmp_path / "docs"
    docs.mkdir()
    make_sales_csv(docs / "sales.csv")
    south = sum(1 for r in sales_rows() if r[0] == "South")
    with Enclave(model=real_model) as enclave:
        assert all(p.record.status.value == "indexed" for p in enclave.index([docs]) if p.record)
        final = [e for e in enclave.ask("How many rows are in region South?") if isinstance(e, FinalAnswer)][0]
        assert f"Number of rows where Region = South ({south} rows): {south} [sales.csv" in final.text
        final = [e for e in enclave.ask("How many rows are in region Atlantis?") if isinstance(e, FinalAnswer)][0]
        assert '"in region Atlantis" matches no column and value of sales.csv' in final.text
        assert "Region (text), Product (text), Units (number), Amount (number)" in final.text
        assert "240" not in final.text
        (docs / "memo.txt").write_text("The sales team meets on Mondays to review the regional figures.\n",
                                       encoding="utf-8")
        enclave.index([docs])          # two documents now: the question names the sheet by its columns and values
        north_blenders = sum(u for r, p, u, _ in sales_rows() if r == "North" and p == "Blender")
        final = [e for e in enclave.ask("What is the total of units of blenders sold in the North region?")
                 if isinstance(e, FinalAnswer)][0]
        assert "Sum of Units where" in final.text and f"): {north_blenders} [sales.csv" in final.text
        assert "Region = North" in final.text and "Product = Blender" in final.text
        enclave.core._model = None       # the session's model is closed by its fixture
