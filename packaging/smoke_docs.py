"""A tiny document library for the smoke test: one text file and one real PDF, written with the
standard library only (the smoke test must not need the project's virtual environment)."""
from __future__ import annotations

from pathlib import Path

NOTES = """Port Elric harbour notes

The lighthouse of Port Elric is kept by Marguerite Okafor. She has kept the light since 1998
and logs every ship that passes the northern breakwater.
"""

REPORT_LINES = [
    "Port Elric harbour report, page one.",
    "The fishing fleet landed 412 tonnes of cod in the spring season.",
    "The harbour master is Tobias Lindqvist.",
]


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica text, correct xref table) that any PDF reader can extract."""
    content = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines) + " ET"
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lighthouse-notes.txt").write_text(NOTES, encoding="utf-8")
    (folder / "harbour-report.pdf").write_bytes(tiny_pdf(REPORT_LINES))
    return folder
