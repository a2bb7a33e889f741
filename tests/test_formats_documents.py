"""The newer formats, loaded from real generated files: spreadsheets, CSV, mail, slides, OCR."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from rag.loaders import LoadError, load_document
from tests.formats_docs import make_csv, make_mbox, make_pptx, make_scanned_pdf, make_xlsx, text_png
from tests.rag_docs import make_pdf


def test_xlsx_pages_are_row_blocks_with_the_header_repeated(tmp_path: Path) -> None:
    doc = load_document(make_xlsx(tmp_path / "budget.xlsx"))
    assert [t.sheet for t in doc.tables] == ["Expenses", "Staff"]
    assert doc.tables[0].header == ["Date", "Category", "Amount", "Note"]
    assert doc.tables[0].rows[0][0] == 2 and len(doc.tables[0].rows) == 45       # file row numbers kept
    expenses = [doc.labels[n] for n, _ in doc.pages if doc.labels[n].startswith("Expenses")]
    spans = [tuple(map(int, label.split()[-1].split("–"))) for label in expenses]
    assert spans[0][0] == 2 and spans[-1][1] == 46 and len(spans) >= 3
    assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:]))       # consecutive, nothing left out
    for number, text in doc.pages:
        lines = text.splitlines()
        assert lines[0] == doc.labels[number]
        if doc.labels[number].startswith("Expenses"):
            assert lines[1] == "Date | Category | Amount | Note"
    assert "2024-01-01 | Travel | 10" in doc.pages[0][1]
    assert doc.labels[len(doc.pages)] == "Staff rows 2–4"


def test_csv_dialect_and_encoding_are_detected(tmp_path: Path) -> None:
    doc = load_document(make_csv(tmp_path / "ventes.csv"))
    table = doc.tables[0]
    assert table.header == ["Région", "Produit", "Quantité", "Prix"]
    assert table.rows[0] == (2, ["Zürich", "article 0", "1", "12.50"])
    assert doc.labels[1].startswith("ventes rows 2–")


def test_mbox_one_message_per_page_with_headers_and_attachment(tmp_path: Path) -> None:
    attachment = make_pdf(tmp_path / "figures.pdf", ["Quarterly revenue was 1.2 million euros."])
    box = make_mbox(tmp_path / "inbox.mbox", ("figures.pdf", attachment.read_bytes()))
    doc = load_document(box)
    assert [doc.labels[n] for n, _ in doc.pages] == ["message 1", "message 2", "message 3"]
    first = doc.pages[0][1]
    assert first.startswith("From: Lena Fischer <lena@nordlicht.example>\n\nTo: Omar Haddad")
    assert "Subject: Orion boiler launch" in first and "Date: Tue, 04 Jun 2024" in first and "September" in first
    assert "Attachments: figures.pdf" in doc.pages[1][1] and "Attachments" not in first
    # the attachment is handed over whole, to be indexed as a document of its own (rag.attachments)
    assert [(a.name, a.parent_label, a.data) for a in doc.attachments] == [("figures.pdf", "message 2", attachment.read_bytes())]
    assert not any("1.2 million euros" in text for _, text in doc.pages)


def test_eml_and_unsupported_attachment_note(tmp_path: Path) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "Invoice"
    message.set_content("The invoice is due on 30 June.")
    message.add_attachment(b"\x00\x01binary", maintype="application", subtype="octet-stream", filename="tool.exe")
    path = tmp_path / "invoice.eml"
    path.write_bytes(message.as_bytes())
    doc = load_document(path)
    assert len(doc.pages) == 1 and "due on 30 June" in doc.pages[0][1]
    assert doc.notes == ["message 1, attachment tool.exe: type '.exe' is not indexed"]


def test_outlook_msg_headers_body_and_attachments(tmp_path: Path) -> None:
    from tests.formats_docs import make_msg

    pdf = make_pdf(tmp_path / "source.pdf", ["Quarterly revenue was 1.2 million euros."])
    doc = load_document(make_msg(tmp_path / "figures.msg", [("figures.pdf", pdf.read_bytes()), ("tool.exe", b"\x00\x01")]))
    assert [n for n, _ in doc.pages] == [1] and doc.labels == {1: "message 1"}
    text = doc.pages[0][1]
    assert text.startswith("From: Omar Haddad")
    assert "To: Lena Fischer <lena@nordlicht.example>" in text and "Subject: Quarterly figures" in text
    assert "Date: 2024-06-05 09:00:00+00:00" in text and "Attachments: figures.pdf, tool.exe" in text
    assert "The board meets on 12 June in Hamburg." in text
    assert [(a.name, a.parent_label, a.data) for a in doc.attachments] == [("figures.pdf", "message 1", pdf.read_bytes())]
    assert doc.notes == ["message 1, attachment tool.exe: type '.exe' is not indexed"]


def test_a_damaged_msg_fails_with_a_reason(tmp_path: Path) -> None:
    from rag.loaders import LoadError

    bad = tmp_path / "broken.msg"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)      # an OLE signature, nothing behind it
    with pytest.raises(LoadError, match="damaged or not really a .msg"):
        load_document(bad)


def test_pptx_one_slide_per_page_with_notes(tmp_path: Path) -> None:
    doc = load_document(make_pptx(tmp_path / "deck.pptx"))
    assert [n for n, _ in doc.pages] == [1, 2, 3] and doc.labels[2] == "slide 2"
    assert "Marketing spend rises to 40,000 euros." in doc.pages[1][1]
    assert "Speaker notes: Finance approved this on 2 May." in doc.pages[1][1]
    assert "Start date: 1 March" in doc.pages[2][1] and "Speaker notes" not in doc.pages[2][1]


@pytest.mark.slow
def test_ocr_of_a_png_and_of_the_image_only_pages_of_a_pdf(tmp_path: Path) -> None:
    png = text_png(tmp_path / "note.png", ["Invoice number 4711", "Total due 250 euros"])
    started = time.monotonic()
    text = load_document(png).pages[0][1]
    assert "4711" in text and "250" in text and "Invoice" in text
    scan = text_png(tmp_path / "scan.png", ["The tenant must give two months notice"])
    pdf = make_scanned_pdf(tmp_path / "lease.pdf", {1: "Lease agreement between Anna and Ben.", 4: "Signatures follow."},
                           {2: scan}, blank=(3,))
    doc = load_document(pdf)
    assert [n for n, _ in doc.pages] == [1, 2, 3, 4]
    assert "Lease agreement" in doc.pages[0][1]
    assert "two months notice" in doc.pages[1][1].replace("  ", " ")
    assert doc.pages[2][1].strip() == ""
    assert doc.notes == ["page 3: no text found"]
    assert time.monotonic() - started < 120


def test_a_scan_with_nothing_readable_fails_with_a_reason(tmp_path: Path) -> None:
    from tests.rag_docs import make_image_only_pdf

    with pytest.raises(LoadError, match="no text was found in the PDF, not even by OCR"):
        load_document(make_image_only_pdf(tmp_path / "shapes.pdf"))


@pytest.mark.slow
def test_a_full_a4_scan_is_read_within_the_loader_budget(tmp_path: Path) -> None:
    """A whole A4 page at 300 dpi (2480 x 3508, dense text) through the budgeted loader process the library uses.

    The OCR engine's memory arena once took such a page past the 1 GiB budget, so a scan failed as "a damaged or
    hostile file?" and the name on it was never found.
    """
    from PIL import Image, ImageDraw, ImageFont

    from rag.formats.sandbox import SandboxedLoader

    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=40)
    lines = ["The warehouse lease was approved by Ingrid Vasquez on 28 January 2025."]
    lines += [f"Clause {n}: the tenant keeps the loading bay clear and reports damage within {n} days."
              for n in range(1, 45)]
    for i, line in enumerate(lines):
        draw.text((150, 150 + i * 72), line, fill="black", font=font)
    page.save(tmp_path / "scan.png")
    loader = SandboxedLoader()
    try:
        text = loader.load(tmp_path / "scan.png").pages[0][1]
    finally:
        loader.close()
    assert "Ingrid Vasquez" in text and "Clause 44" in text


def test_plain_text_without_a_suffix_is_read_and_binaries_are_not(tmp_path: Path) -> None:
    """LICENSE, README and "MPL-2.0" are text files named without ".txt"; a program without a suffix is not."""
    from rag.library_files import expand
    from rag.loaders import is_supported

    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "LICENSE").write_text("Permission is granted to copy this work for 30 days.\n", encoding="utf-8")
    (folder / "MPL-2.0").write_text("Mozilla Foundation is the license steward.\n", encoding="utf-8")
    (folder / "program").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    (folder / "photo.raw").write_bytes(b"plain words but an unknown suffix")
    assert "30 days" in load_document(folder / "LICENSE").pages[0][1]
    assert "license steward" in load_document(folder / "MPL-2.0").pages[0][1]
    with pytest.raises(LoadError, match="unsupported file type"):
        load_document(folder / "program")
    assert not is_supported(folder / "photo.raw")
    files, _, _ = expand([folder], [])
    assert sorted(Path(f).name for f in files) == ["LICENSE", "MPL-2.0"]
