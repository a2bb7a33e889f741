"""`enclave ask` over a spreadsheet answers the number computed by code and cites sheet and rows;
`ask --in PATH` answers only from that file or folder (real SmolLM2, real Library)."""
from __future__ import annotations

from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken
from agents.events import FinalAnswer, ToolCalled
from agents.orchestrator import Orchestrator
from agents.tools.tables import fill_by_model
from rag.tables import format_number
from tests.formats_docs import CATEGORIES, budget_rows, exact_sum, make_xlsx
from tests.rag_docs import make_pdf

pytestmark = [pytest.mark.model, pytest.mark.embedding, pytest.mark.slow]


@pytest.fixture
def indexed(tmp_path: Path, real_embedder, enclave_home):
    from agents.core import Core

    docs = tmp_path / "docs"
    (docs / "finance").mkdir(parents=True)
    make_xlsx(docs / "finance" / "budget.xlsx")
    make_pdf(docs / "warranty.pdf", ["The warranty for the Orion boiler lasts seven years."])
    make_pdf(docs / "finance" / "memo.pdf", ["The Orion boiler budget memo: spending is frozen until March."])
    core = Core()
    records = list(core.library().index([docs]))
    assert all(p.record.status.value == "indexed" for p in records if p.record)
    core.close()
    return docs


def test_cli_ask_total_answers_the_computed_number(indexed: Path, capsys) -> None:
    from app.cli import run_cli

    expected = format_number(exact_sum(r[2] for r in budget_rows()))
    assert run_cli(["ask", "--trace", "What is the total of Amount in budget.xlsx?"]) == 0
    out, err = capsys.readouterr()
    assert "[trace] Tool call: table_query(" in err
    answer, sources = out.split("\nSources:\n", 1)
    assert f": {expected} [budget.xlsx Expenses rows 2–46]" in answer
    assert f"{indexed / 'finance' / 'budget.xlsx'}  [budget.xlsx Expenses rows 2–46]" in sources

    travel = format_number(exact_sum(r[2] for r in budget_rows() if r[1] == "Travel"))
    assert run_cli(["ask", "--in", str(indexed / "finance" / "budget.xlsx"), "How much did we spend in total on Travel?"]) == 0
    out, _ = capsys.readouterr()
    assert f"Sum of Amount where Category = Travel (12 rows): {travel}" in out


def test_cli_ask_in_a_folder_only_retrieves_there(indexed: Path, capsys) -> None:
    from app.cli import run_cli

    assert run_cli(["ask", "--trace", "--in", str(indexed / "finance"), "What about the Orion boiler?"]) == 0
    _, err = capsys.readouterr()
    retrieval = next(line for line in err.splitlines() if line.startswith("[trace] Retrieval:"))
    assert "memo.pdf" in retrieval and "warranty.pdf" not in retrieval
    assert run_cli(["ask", "--in", str(indexed / "nowhere"), "anything"]) != 0
    _, err = capsys.readouterr()
    assert "nothing is indexed in" in err


def test_the_model_fills_a_query_with_real_column_names(real_model, indexed: Path) -> None:
    """Without a rule match the model fills the query; the grammar keeps every column a real one."""
    from agents.core import Core

    core = Core(model=real_model)
    try:
        library = core.library()
        sheets = library.sheets(indexed / "finance" / "budget.xlsx")
        call = fill_by_model(real_model, "Give me the spending figure summed up for the travel category.", sheets)
        assert call is not None and call["column"] in sheets[0].columns
        assert call["operation"] in ("count", "sum", "average", "min", "max", "list")
        orchestrator = Orchestrator(real_model, library)
        events = list(orchestrator.run("In budget.xlsx, what is the average Amount by Category?", cancel=CancelToken()))
        calls = [e for e in events if isinstance(e, ToolCalled)]
        assert calls and calls[0].name == "table_query" and calls[0].arguments["group_by"] == "Category"
        final = next(e for e in events if isinstance(e, FinalAnswer)).text
        for category in CATEGORIES:
            values = [r[2] for r in budget_rows() if r[1] == category]
            assert f"{category}: {format_number(exact_sum(values) / len(values))}" in final
    finally:
        core._model = None          # the session's model is closed by its fixture
        core.close()
