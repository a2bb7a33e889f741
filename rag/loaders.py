"""Turn a file into text pages, or say in plain words why it cannot be read.

Each loader goes through a well-kept library (pypdf, python-docx, BeautifulSoup,
charset-normalizer) so that the library, not us, knows the format. A loader
returns `LoadedDocument` (pages of text, page numbers kept for PDFs) or raises
`LoadError` whose message is shown to the user as the document's failure reason.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".log", ".csv", ".rst"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}

MAX_FILE_BYTES = 200 * 2**20        # bigger than this is refused, not read into memory
MAX_PDF_PAGES = 5000


class LoadError(Exception):
    """A file could not be turned into text; the message is the user-facing reason."""


@dataclass(frozen=True)
class LoadedDocument:
    """Text of a document. `pages[i]` is (page number or None, text)."""

    pages: list[tuple[int | None, str]]

    @property
    def has_text(self) -> bool:
        return any(text.strip() for _, text in self.pages)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load_document(path: Path) -> LoadedDocument:
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
        if suffix == ".pdf":
            doc = _load_pdf(path)
        elif suffix == ".docx":
            doc = _load_docx(path)
        elif suffix in HTML_SUFFIXES:
            doc = LoadedDocument([(None, _html_text(_decode(path.read_bytes())))])
        elif suffix in TEXT_SUFFIXES | MARKDOWN_SUFFIXES:
            doc = LoadedDocument([(None, _decode(path.read_bytes()))])
        else:
            raise LoadError(f"unsupported file type '{suffix or path.name}'")
    except FileNotFoundError:
        raise LoadError("the file disappeared before it could be read") from None
    except PermissionError:
        raise LoadError("permission denied: the file cannot be read") from None
    if not doc.has_text:
        if suffix == ".pdf":
            raise LoadError("the PDF has no text layer (scanned or image-only pages); it would need OCR")
        raise LoadError("the file contains no text")
    return doc


def _decode(data: bytes) -> str:
    """Decode text of unknown encoding (UTF-8, UTF-16 with BOM, Latin-1, ...); refuse binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").replace("\r\n", "\n")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        text = _decode_utf16_without_bom(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if _looks_binary(text):
        raise LoadError("the file looks binary, not text (it is full of control characters)")
    return text.replace("\r\n", "\n")


def _decode_legacy(data: bytes) -> str:
    """Single-byte text: Western (cp1252/Latin-1) unless the detector is sure of another script."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError("the file looks binary, not text (its bytes match no text encoding)")
    if best.encoding.startswith(("cp125", "iso8859", "latin", "mac")):
        for western in ("cp1252", "latin-1"):
            try:
                return data.decode(western)
            except UnicodeDecodeError:
                continue
    return str(best)


def _decode_utf16_without_bom(data: bytes) -> str:
    # UTF-16 text of a Latin alphabet has a zero byte in every other position.
    even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
    if max(even, odd) < 0.3 * len(data[:4096]) / 2:
        raise LoadError("the file looks binary, not text (it contains zero bytes)")
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise LoadError("the file looks binary, not text (it contains zero bytes)") from None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return controls / len(sample) > 0.05


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def _load_docx(path: Path) -> LoadedDocument:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise LoadError(f"the Word file is damaged or not really a .docx ({exc.__class__.__name__})") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return LoadedDocument([(None, "\n\n".join(p for p in parts if p.strip()))])


def _load_pdf(path: Path) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # pypdf warns loudly about harmless quirks
    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")     # many "protected" PDFs open with the empty user password
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = 0
            if not ok:
                raise LoadError("the PDF is encrypted and needs a password")
        count = len(reader.pages)
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError("the PDF is encrypted and needs a password") from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise LoadError(f"the PDF is damaged and cannot be read ({_short(exc)})") from None
    if count == 0:
        raise LoadError("the PDF has no pages")
    if count > MAX_PDF_PAGES:
        raise LoadError(f"the PDF has too many pages to index ({count}; the limit is {MAX_PDF_PAGES})")
    pages: list[tuple[int | None, str]] = []
    broken = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            log.debug("page %d of a PDF could not be read: %s", number, exc.__class__.__name__)
            broken += 1
            text = ""
        pages.append((number, text.replace("\x00", "")))
    if broken == count:
        raise LoadError("the PDF is damaged: none of its pages could be read")
    return LoadedDocument(pages)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return text[:120]
