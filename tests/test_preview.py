"""The in-app preview's core: the cited sentence found on the rendered page and boxed by PDFium's own rectangles."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from rag.preview import PagePreview, PreviewError, TextPreview, find_quote, preview

TITLE = "Tenancy agreement — terms"
BEFORE = "The landlord is Mira Okafor of 12 Harbour Road. Rent is due on the first day of each month."
CITED = ("Either party may end the tenancy with a notice period of two months, given in writing "
         "to the other party's postal address.")
AFTER = "Pets are allowed with the landlord's written consent. The deposit is 1,800 euros."


def write_lines(pdf, y: float, body: str) -> float:
    text = pdf.beginText(72, y)
    text.setFont("Helvetica", 11)
    line = ""
    for word in body.split():
        if len(line) + len(word) > 70:
            text.textLine(line.rstrip())
            line = ""
        line += word + " "
    text.textLine(line.rstrip())
    pdf.drawText(text)
    return text.getY()


def make_lease(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 770, "Page one: parties and the property.")
    pdf.showPage()
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, TITLE)
    write_lines(pdf, 740, f"{BEFORE} {CITED} {AFTER}")
    pdf.showPage()
    pdf.save()


def pixel_boxes(path: Path, page_number: int, start: int, end: int, scale: float) -> list[tuple[str, tuple]]:
    """Each character's tight box, in the rendered page's pixels, straight from PDFium (origin bottom left)."""
    document = pdfium.PdfDocument(str(path))
    page = document[page_number - 1]
    height = page.get_height()
    textpage = page.get_textpage()
    out = []
    for index in range(start, end):
        char = textpage.get_text_range(index, 1)
        left, bottom, right, top = textpage.get_charbox(index)
        out.append((char, (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)))
    document.close()
    return out


def covered(box: tuple, shown: PagePreview, slack: float = 1.0) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(h.left - slack <= cx <= h.right + slack and h.top - slack <= cy <= h.bottom + slack
               for h in shown.highlights)


def test_the_highlight_covers_exactly_the_cited_sentence_on_the_rendered_page(tmp_path):
    pdf = tmp_path / "lease.pdf"
    make_lease(pdf)
    shown = preview(pdf, 2, CITED)
    assert isinstance(shown, PagePreview) and shown.page == 2 and shown.page_count == 2
    assert shown.width == 900 and shown.height > 1200 and len(shown.pixels) == shown.stride * shown.height
    assert len(shown.highlights) >= 2               # the sentence runs over a line break
    start, end = shown.chars
    inside = pixel_boxes(pdf, 2, start, end, shown.scale)
    printed = [(c, b) for c, b in inside if c.strip() and b[2] > b[0]]
    assert "".join(c for c, _ in printed).startswith("Eitherpartymayend")
    assert all(covered(b, shown) for _c, b in printed)
    # every highlight is filled by the sentence's characters, not by a neighbour's
    for h in shown.highlights:
        assert any(h.left - 1 <= b[0] and b[2] <= h.right + 1 and h.top - 1 <= b[1] and b[3] <= h.bottom + 1
                   for _c, b in printed)
    # the characters before and after the sentence (title, landlord, pets) are not highlighted
    count = pdfium.PdfDocument(str(pdf))[1].get_textpage().count_chars()
    others = pixel_boxes(pdf, 2, 0, start, shown.scale) + pixel_boxes(pdf, 2, end, count, shown.scale)
    outside = [b for c, b in others if c.strip() and b[2] > b[0]]
    assert outside and not any(covered(b, shown, slack=-0.5) for b in outside)
    # the highlighted pixels hold dark text (the page is really rendered there)
    h = shown.highlights[0]
    row = int((h.top + h.bottom) / 2)
    line = shown.pixels[row * shown.stride + int(h.left) * 3: row * shown.stride + int(h.right) * 3]
    assert min(line) < 100


def test_a_quote_on_the_page_after_the_cited_one_is_found_there(tmp_path):
    pdf = tmp_path / "lease.pdf"
    make_lease(pdf)
    shown = preview(pdf, 1, CITED)
    assert shown.page == 2 and shown.found
    unfound = preview(pdf, 1, "A sentence that is nowhere in this lease at all.")
    assert unfound.page == 1 and not unfound.found and unfound.chars is None


def test_text_documents_show_the_passage_in_context_with_the_sentence_marked(tmp_path):
    md = tmp_path / "lease.md"
    filler = "\n".join(f"Clause {n}: ordinary wording about the flat and its keys." for n in range(40))
    md.write_text(f"# Lease\n\n{filler}\n\n{BEFORE}\n{CITED.replace(' of two', chr(10) + 'of two')}\n{AFTER}\n\n{filler}\n")
    shown = preview(md, None, CITED)
    assert isinstance(shown, TextPreview) and shown.found and shown.before and shown.after
    marked = " ".join(shown.text[shown.start:shown.end].split())
    assert marked == CITED
    assert BEFORE in shown.text and AFTER in shown.text and len(shown.text) < 2200


def test_quotes_are_found_across_spacing_hyphens_and_a_cut_end():
    page = "The notice per-\niod is two\nmonths, in writing. Pets are allowed."
    assert page[slice(*find_quote(page, "The notice period is two months, in writing."))].startswith("The notice")
    start, end = find_quote(page, "notice period is two months, in writing; the landlord may refuse…")
    assert page[start:end] == "notice per-\niod is two\nmonths, in writing"
    assert find_quote(page, "something else entirely here") is None


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(PreviewError, match="no longer exists"):
        preview(tmp_path / "gone.pdf", 1, "x")
