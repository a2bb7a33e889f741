"""Real files of the newer formats, generated for the tests: scans, spreadsheets, mail, slides, hostile files."""
from __future__ import annotations

import zipfile
import zlib
from datetime import date
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

CATEGORIES = ["Travel", "Office", "Food", "Software"]


def budget_rows(n: int = 45) -> list[tuple[date, str, float, str]]:
    """(Date, Category, Amount, Note) rows with cents, so a sum is only exact when done in decimal."""
    rows = []
    for i in range(n):
        amount = round(10 + (i * 37.13) % 900 + (i % 7) * 0.05, 2)
        rows.append((date(2024, 1 + i % 12, 1 + i % 27), CATEGORIES[i % 4], amount, f"item {i}"))
    return rows


def exact_sum(values) -> Decimal:
    return sum((Decimal(repr(float(v))) for v in values), Decimal(0))


def make_xlsx(path: Path, rows=None) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Expenses"
    sheet.append(["Date", "Category", "Amount", "Note"])
    for row in rows or budget_rows():
        sheet.append(list(row))
    staff = workbook.create_sheet("Staff")
    staff.append(["Name", "Team", "Salary"])
    for name, team, salary in [("Lena Fischer", "Research", 95000), ("Omar Haddad", "Sales", 61000),
                               ("Ada Brook", "Research", 88000)]:
        staff.append([name, team, salary])
    workbook.save(str(path))
    return path


def make_csv(path: Path) -> Path:
    """A semicolon CSV in Latin-1 with decimal numbers: the dialect and the encoding must be detected."""
    lines = ["Région;Produit;Quantité;Prix"]
    for i in range(30):
        lines.append(f"{['Zürich', 'Genève', 'Bâle'][i % 3]};article {i};{i % 5 + 1};{12.5 + i * 1.25:.2f}")
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


def text_png(path: Path, lines: list[str], size: tuple[int, int] = (1200, 400)) -> Path:
    """A PNG with black text on white, large enough for OCR."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=42)
    for i, line in enumerate(lines):
        draw.text((40, 40 + i * 70), line, fill="black", font=font)
    image.save(path)
    return path


def make_scanned_pdf(path: Path, text_pages: dict[int, str], image_pages: dict[int, Path], blank: tuple[int, ...] = ()) -> Path:
    """A PDF mixing text pages, image-only pages (a picture of text) and blank pages, numbered from 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, max([*text_pages, *image_pages, *blank]) + 1):
        if number in text_pages:
            pdf.drawString(40, 800, text_pages[number])
        elif number in image_pages:
            pdf.drawImage(str(image_pages[number]), 40, 450, width=515, height=172)
        pdf.showPage()
    pdf.save()
    return path


def make_mbox(path: Path, attachment: tuple[str, bytes]) -> Path:
    """Three messages; the second carries `attachment` (name, bytes)."""
    import mailbox

    box = mailbox.mbox(str(path))
    specs = [("Lena Fischer <lena@nordlicht.example>", "Omar Haddad <omar@nordlicht.example>", "Tue, 04 Jun 2024 09:15:00 +0200",
              "Orion boiler launch", "The Orion boiler launch moves to September because of supplier delays."),
             ("Omar Haddad <omar@nordlicht.example>", "Lena Fischer <lena@nordlicht.example>", "Wed, 05 Jun 2024 11:00:00 +0200",
              "Quarterly figures", "Please find the quarterly figures attached."),
             ("Ada Brook <ada@nordlicht.example>", "Lena Fischer <lena@nordlicht.example>", "Fri, 07 Jun 2024 16:30:00 +0200",
              "Team dinner", "The team dinner is booked at the harbour restaurant on Friday evening.")]
    for index, (sender, to, when, subject, body) in enumerate(specs):
        message = EmailMessage()
        message["From"], message["To"], message["Date"], message["Subject"] = sender, to, when, subject
        message.set_content(body)
        if index == 1:
            name, data = attachment
            message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
        box.add(message)
    box.flush()
    box.close()
    return path


def make_msg(path: Path, attachments: list[tuple[str, bytes]]) -> Path:
    """An Outlook .msg written by another implementation (aspose-email-foss) than the one that reads it."""
    from datetime import datetime, timezone

    from aspose.email_foss import msg

    message = msg.MapiMessage.create("Quarterly figures", "Please find the quarterly figures attached. "
                                     "The board meets on 12 June in Hamburg.")
    message.set_property(msg.PropertyId.SENDER_NAME, "Omar Haddad")
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, "omar@nordlicht.example")
    message.set_property(msg.PropertyId.MESSAGE_DELIVERY_TIME, datetime(2024, 6, 5, 9, 0, tzinfo=timezone.utc))
    message.add_recipient("lena@nordlicht.example", display_name="Lena Fischer")
    for name, data in attachments:
        message.add_attachment(name, data, mime_type="application/octet-stream")
    message.save(str(path))
    return path


def make_pptx(path: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for title, body, notes in [("Roadmap 2025", "Three launches are planned.", "Mention the Orion delay."),
                               ("Budget", "Marketing spend rises to 40,000 euros.", "Finance approved this on 2 May."),
                               ("Hiring", "Two engineers join the heating team.", "")]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    box = deck.slides[2].shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
    box.text_frame.text = "Start date: 1 March"
    deck.save(str(path))
    return path


def make_docx_bomb(path: Path, inflated_mib: int = 64) -> Path:
    """A DOCX whose document.xml inflates from ~60 KiB to `inflated_mib` MiB (python-docx would read it whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w") as member:
            block = b" " * 2**20
            for _ in range(inflated_mib):
                member.write(block)
    return path


def make_pdf_bomb(path: Path, text_page: str | None = None, inflated_mib: int = 100) -> Path:
    """A PDF whose (last) page's content stream inflates to `inflated_mib` MiB; an optional real text page first."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    if text_page is not None:
        from tempfile import TemporaryDirectory

        from pypdf import PdfReader

        from tests.rag_docs import make_pdf
        with TemporaryDirectory() as folder:
            writer.add_page(PdfReader(str(make_pdf(Path(folder) / "t.pdf", [text_page]))).pages[0])
    page = writer.add_blank_page(width=595, height=842)
    compressor = zlib.compressobj(6)
    line = b"BT /F1 12 Tf 40 800 Td (x) Tj ET\n" * 32768
    data = b"".join(compressor.compress(line) for _ in range(inflated_mib)) + compressor.flush()
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    with open(path, "wb") as out:
        writer.write(out)
    return path
