"""Every format from the GUI, with the real core: the file dialogs offer them, and spreadsheets,
mail (.eml, .mbox, .msg), slides and images dropped on the library are indexed (OCR included)."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from app.gui.documents import file_dialog_filter
from tests.formats_docs import make_csv, make_mbox, make_msg, make_pptx, make_xlsx, text_png
from tests.gui_fakes import QT_WARNINGS_FAIL, drop, make_app  # noqa: F401 - fixture
from tests.rag_docs import make_pdf
from tests.test_gui_e2e import SharedModelCore

pytestmark = QT_WARNINGS_FAIL

FORMATS = (".xlsx", ".csv", ".eml", ".mbox", ".msg", ".pptx", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf", ".docx")


def test_file_dialogs_offer_every_format() -> None:
    documents = file_dialog_filter().split(";;")[0]
    offered = set(documents[documents.index("(") + 1:documents.index(")")].split())
    assert {f"*{suffix}" for suffix in FORMATS} <= offered


def _folder(root: Path) -> Path:
    from PIL import Image

    docs = root / "docs"
    docs.mkdir()
    make_xlsx(docs / "budget.xlsx")
    make_csv(docs / "ventes.csv")
    pdf = make_pdf(root / "source.pdf", ["Quarterly revenue of the Orion line was 1.2 million euros."])
    make_mbox(docs / "inbox.mbox", ("figures.pdf", pdf.read_bytes()))
    make_msg(docs / "board.msg", [])
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Invoice"
    message.set_content("The invoice is due on 30 June.")
    (docs / "invoice.eml").write_bytes(message.as_bytes())
    make_pptx(docs / "deck.pptx")
    png = text_png(docs / "notice.png", ["The tenant must give two months notice"])
    Image.open(png).convert("RGB").save(docs / "notice.jpg", quality=95)
    Image.open(png).save(docs / "notice.tiff")
    return docs


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_every_format_dropped_on_the_library_is_indexed(qtbot, make_app, tmp_path: Path, real_model,
                                                        real_embedder) -> None:
    docs = _folder(tmp_path)
    files = sorted(docs.iterdir())
    core = SharedModelCore(model=real_model)
    enclave = make_app(core)
    window = enclave.window
    qtbot.waitUntil(lambda: window.stage_label.text() == "Ready", timeout=120_000)
    drop(window.library, files)                                      # the files themselves, not their folder
    qtbot.waitUntil(lambda: window.library.table.rowCount() == len(files) + 1 and not enclave.indexer.running,
                    timeout=300_000)
    rows = {window.library.cell_text(r, 0): (window.library.cell_text(r, 1), window.library.cell_text(r, 2))
            for r in range(window.library.table.rowCount())}
    assert {name for name, (status, _) in rows.items() if status == "Indexed"} == {f.name for f in files} | {"figures.pdf"}
    assert "attachment of inbox.mbox, message 2" in rows["figures.pdf"][1]
    found = {p.file_name for p in core.library().search("tenant must give two months notice", k=5)}
    assert {"notice.png", "notice.jpg", "notice.tiff"} <= found                # OCR'd, all three
    assert enclave.controller.errors.history == []

    summarized: list[str] = []
    window.summarize_requested.connect(summarized.append)
    drop(window, [docs / "board.msg", docs / "notice.tiff"])         # dropped on the window: summarized (and indexed)
    assert summarized == [str(docs / "board.msg"), str(docs / "notice.tiff")]
