"""A folder of real-world documents through the real Library (all-MiniLM-L6-v2, chromadb, SQLite):
every format indexed with citations that name sheet rows, slides and messages; hostile files fail
with a reason while the rest of the folder is indexed; search can be hard-scoped to a file or folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.library import Library
from rag.tables import Query, format_number
from rag.types import DocumentStatus
from tests.formats_docs import (budget_rows, exact_sum, make_docx_bomb, make_mbox, make_pdf_bomb, make_pptx,
                                make_scanned_pdf, make_xlsx, text_png)
from tests.rag_docs import make_pdf

pytestmark = [pytest.mark.embedding, pytest.mark.slow]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-world")
    make_xlsx(root / "budget.xlsx")
    attachment = make_pdf(root / "figures-source.pdf", ["Quarterly revenue of the Orion line was 1.2 million euros."])
    (root / "mail").mkdir()
    make_mbox(root / "mail" / "inbox.mbox", ("figures.pdf", attachment.read_bytes()))
    attachment.unlink()
    make_pptx(root / "deck.pptx")
    scan = text_png(root / "scan-page.png", ["The tenant must give two months notice"])
    make_scanned_pdf(root / "lease.pdf", {1: "Lease agreement between Anna Berg and Ben Cole."}, {2: scan}, blank=(3,))
    scan.unlink()
    (root / "hostile").mkdir()
    make_docx_bomb(root / "hostile" / "bomb.docx")
    make_pdf_bomb(root / "hostile" / "bomb.pdf")
    (root / "hostile" / "fine.txt").write_text("The gate code for the warehouse is 4417.")
    return root


@pytest.fixture(scope="module")
def library(folder: Path, real_embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = Library(tmp_path_factory.mktemp("library"), embedder=real_embedder)
    progress = list(lib.index([folder]))
    lib.progress_seen = progress
    yield lib
    lib.close()


def _record(lib: Library, path: Path):
    return next(r for r in lib.documents() if r.path == str(path))


def test_every_file_is_indexed_or_fails_with_a_reason(library: Library, folder: Path) -> None:
    status = {Path(r.path).name: (r.status, r.reason) for r in library.documents()}
    assert status["budget.xlsx"] == (DocumentStatus.INDEXED, "")
    assert status["inbox.mbox"] == (DocumentStatus.INDEXED, "")
    assert status["figures.pdf"] == (DocumentStatus.INDEXED, "attachment of inbox.mbox, message 2")
    assert status["deck.pptx"] == (DocumentStatus.INDEXED, "")
    assert status["lease.pdf"] == (DocumentStatus.INDEXED, "page 3: no text found")
    assert status["fine.txt"] == (DocumentStatus.INDEXED, "")
    assert status["bomb.docx"][0] == DocumentStatus.FAILED and "zip bomb" in status["bomb.docx"][1]
    assert status["bomb.pdf"][0] == DocumentStatus.FAILED and "safety limit" in status["bomb.pdf"][1]
    details = [p.detail for p in library.progress_seen if p.detail]
    assert "OCR page 2 of 3" in details and "reading slide 2 of 3" in details


@pytest.mark.parametrize("query, label", [
    ("two months notice tenant", "lease.pdf p.2"),
    ("Orion boiler launch September supplier delays", "inbox.mbox message 1"),
    ("quarterly revenue Orion line million euros", "figures.pdf p.1, attached to inbox.mbox message 2"),
    ("Finance approved marketing spend", "deck.pptx slide 2"),
    ("Lena Fischer Research salary", "budget.xlsx Staff rows 2–4"),
])
def test_citations_name_pages_slides_messages_and_rows(library: Library, query: str, label: str) -> None:
    assert label in [p.label for p in library.search(query, k=3)]


def test_sheet_tables_answer_exactly(library: Library, folder: Path) -> None:
    sheet, answer = library.table_query(folder / "budget.xlsx", "Expenses", Query("sum", "Amount"))
    assert answer.lines == [format_number(exact_sum(r[2] for r in budget_rows()))]
    assert [s.sheet for s in library.sheets(folder / "budget.xlsx")] == ["Expenses", "Staff"]


def test_scope_is_hard(library: Library, folder: Path) -> None:
    everywhere = library.search("Orion", k=8)
    assert {Path(p.path).name for p in everywhere} >= {"inbox.mbox", "deck.pptx"}
    only_deck = library.search("Orion", k=8, scope=[str(folder / "deck.pptx")])
    assert only_deck and {Path(p.path).name for p in only_deck} == {"deck.pptx"}
    mail_folder = library.search("warehouse gate code", k=8, scope=[str(folder / "mail")])
    assert mail_folder and all("/mail/" in p.path or "attached to inbox.mbox" in p.label for p in mail_folder)


def test_forgetting_a_spreadsheet_drops_its_tables(folder: Path, real_embedder, tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib", embedder=real_embedder)
    try:
        list(lib.index([folder / "budget.xlsx"]))
        doc_id = lib.documents()[0].doc_id
        assert lib.tables.sheets(doc_id)
        assert lib.forget(folder / "budget.xlsx")
        assert lib.tables.sheets(doc_id) == []
    finally:
        lib.close()
