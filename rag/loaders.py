"""Turn a file into text pages, or say in plain words why it cannot be read.

This module only dispatches: each format has its own module in rag/formats/,
going through a well-kept library (pypdf, python-docx, openpyxl, python-pptx,
extract-msg, RapidOCR) so that the library, not us, knows the format. A loader
returns `LoadedDocument` (pages of text, page numbers kept) or raises `LoadError`
whose message is shown to the user as the document's failure reason. Loaders run
in a separate process with a time and memory budget (rag.formats.sandbox).
"""
from __future__ import annotations

from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress
from rag.formats.suffixes import HTML_SUFFIXES, IMAGE_SUFFIXES, MARKDOWN_SUFFIXES, SUPPORTED_SUFFIXES, TEXT_SUFFIXES

__all__ = ["LoadError", "LoadedDocument", "SUPPORTED_SUFFIXES", "is_supported", "load_document"]


MAX_FILE_BYTES = 200 * 2**20        # bigger than this is refused, not read into memory


def is_supported(path: Path) -> bool:
    """A known suffix, or a plain-text file named without one (LICENSE, README, GPL-3, MPL-2.0)."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES or is_unsuffixed_text(path)


def is_unsuffixed_text(path: Path) -> bool:
    """A file with no suffix, or only a version number for one ("MPL-2.0"), whose first 4 KiB read as text.

    Why: licences, READMEs and notes are often saved without ".txt", and "unsupported file type '.0'" for a
    legal text is no help. Binary files without a suffix (programs, caches) hold NUL bytes or fail UTF-8.
    """
    suffix = path.suffix
    if suffix and not suffix[1:].isdigit():
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    if not head or b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:        # a character cut at the end of the sample is fine
            return False
        sample = head[:exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    return printable >= 0.98 * len(sample)


def load_document(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    """Read `path` into pages of text; raise LoadError with a specific reason on any problem."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoadError("the file disappeared before it could be read") from None
    except PermissionError:
        raise LoadError("permission denied: the file cannot be read") from None
    if size == 0:
        raise LoadError("the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise LoadError(f"the file is too large to index ({size / 2**20:.0f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB)")
    suffix = path.suffix.lower()
    try:
        doc = _load(path, suffix, progress)
    except FileNotFoundError:
        raise LoadError("the file disappeared before it could be read") from None
    except PermissionError:
        raise LoadError("permission denied: the file cannot be read") from None
    except MemoryError:
        raise LoadError("the file needs more memory to read than is allowed; it was not indexed") from None
    if not doc.has_text:
        if suffix == ".pdf":
            found = f" ({'; '.join(doc.notes)})" if doc.notes else ""
            raise LoadError(f"no text was found in the PDF, not even by OCR{found}")
        raise LoadError("the file contains no text")
    return doc


def _load(path: Path, suffix: str, progress: Progress) -> LoadedDocument:
    from rag.formats import docx, images, mail, pdf, sections, sheets, slides, text

    if suffix == ".pdf":
        return pdf.load_pdf(path, progress)
    if suffix == ".docx":
        return docx.load_docx(path)
    if suffix == ".pptx":
        return slides.load_pptx(path, progress)
    if suffix in {".xlsx", ".xlsm"}:
        return sheets.load_xlsx(path, progress)
    if suffix in {".csv", ".tsv"}:
        return sheets.load_csv(path, progress)
    if suffix == ".eml":
        return mail.load_eml(path, progress)
    if suffix == ".mbox":
        return mail.load_mbox(path, progress)
    if suffix == ".msg":
        return mail.load_msg(path, progress)
    if suffix in IMAGE_SUFFIXES:
        return images.load_image(path, progress)
    if suffix in HTML_SUFFIXES:
        visible, headings = sections.html_text_and_headings(text.decode(path.read_bytes()))
        return LoadedDocument([(None, visible)], headings={0: headings})
    if suffix in TEXT_SUFFIXES | MARKDOWN_SUFFIXES or is_unsuffixed_text(path):
        plain = text.decode(path.read_bytes())
        return LoadedDocument([(None, plain)], headings={0: sections.text_headings(plain)})
    raise LoadError(f"unsupported file type '{suffix or path.name}'")
