"""PDF text per page (pypdf), with OCR for the pages that have no text layer.

pypdf >= 6.10 caps what every filter may inflate to (75 MB by default), so a small
PDF with a huge compressed stream raises LimitReachedError instead of eating the
memory; such a page is skipped with a reason. A page whose text layer is empty
or nearly so is OCR'd from the images drawn on it (a scanned page is one image);
text pages of a mixed PDF are kept as they are.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress, short

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 5000
MIN_TEXT_CHARS = 16          # fewer visible characters than this: the page has no usable text layer
# pypdf glues the words of some PDFs together ("ThecurrentDebianGNU/Linuxrelease,11,contains…": justified text
# whose spaces are glyph positions, not characters). English words average about 5 letters; a page whose
# "words" average more than 12 is read again with PDFium, which places the spaces (found on the Debian FAQ
# PDF: 28 letters a "word"; the Bash manual and the GNU standards read 5).
MAX_MEAN_WORD = 12.0
# Others glue only some of their words, where a justified line is tight ("Hereareafewbasicmethodstogaintheroot
# shellprompt": the Debian Reference, about one word in seventeen), and the page's mean stays near 6. A run of
# letters this long that English does not know is such a run of words; a page with more than MAX_RUN_ONS of them
# is read again with PDFium too. English words of 18+ letters are rare and known ("internationalization").
MIN_RUN_ON = 18
MAX_RUN_ONS = 2
_LETTERS = re.compile(r"[A-Za-z]+")


def load_pdf(path: Path, progress: Progress = no_progress) -> LoadedDocument:
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
    except _limit_error() as exc:
        raise LoadError(f"the PDF would inflate past the safety limit ({short(exc)}); it was not read") from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise LoadError(f"the PDF is damaged and cannot be read ({short(exc)})") from None
    if count == 0:
        raise LoadError("the PDF has no pages")
    if count > MAX_PDF_PAGES:
        raise LoadError(f"the PDF has too many pages to index ({count}; the limit is {MAX_PDF_PAGES})")
    document = _read_pages(reader, count, progress)
    pages = _respaced(path, document.pages)
    return replace(document, pages=pages, headings=_headings(reader, pages))


def glued(text: str) -> bool:
    """Has this page's text lost the spaces between its words, all of them or where its lines are tight?"""
    words = text.split()
    if len(words) >= 20 and sum(map(len, words)) / len(words) > MAX_MEAN_WORD:
        return True
    return run_ons(text) > MAX_RUN_ONS


def run_ons(text: str) -> int:
    """How many runs of letters in `text` are several words without their spaces (long, and no English word)."""
    from rag.text_stats import zipf

    return sum(1 for word in _LETTERS.findall(text) if len(word) >= MIN_RUN_ON and zipf(word.lower()) == 0)


def _respaced(path: Path, pages: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """The pages, those whose words pypdf glued together read again with PDFium (kept when that is no better)."""
    todo = [i for i, (_, text) in enumerate(pages) if glued(text)]
    if not todo:
        return pages
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - PDFium refusing the file leaves pypdf's text as it was
        log.debug("PDFium could not open the PDF: %s", exc.__class__.__name__)
        return pages
    out = list(pages)
    try:
        for i in todo:
            text = document[i].get_textpage().get_text_range().replace("\r\n", "\n").replace("\x00", "")
            if text.strip() and (not glued(text) or run_ons(text) < run_ons(pages[i][1])):
                out[i] = (pages[i][0], text)
    except Exception as exc:  # noqa: BLE001 - a page PDFium cannot read keeps pypdf's text
        log.debug("PDFium could not read a page: %s", exc.__class__.__name__)
    finally:
        document.close()
    return out


def _headings(reader, pages: list[tuple[int | None, str]]) -> dict[int, list[tuple[int, str]]]:
    """Section titles per page: the PDF's outline (bookmarks), else its numbered heading lines."""
    from rag.formats.sections import outline_headings, pdf_outline, text_headings

    by_number = outline_headings(pdf_outline(reader), pages)
    if by_number:
        return {number - 1: found for number, found in by_number.items()}
    found = {i: text_headings(text) for i, (_, text) in enumerate(pages)}
    return {i: h for i, h in found.items() if h}


def _read_pages(reader, count: int, progress: Progress) -> LoadedDocument:
    pages: list[tuple[int | None, str]] = []
    broken, bombs, empty = [], [], []
    for number, page in enumerate(reader.pages, start=1):
        progress(f"reading page {number} of {count}")
        try:
            text = (page.extract_text() or "").replace("\x00", "")
        except _limit_error():
            bombs.append(number)
            text = ""
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
            log.debug("page %d of a PDF could not be read: %s", number, exc.__class__.__name__)
            broken.append(number)
            text = ""
        if len("".join(text.split())) < MIN_TEXT_CHARS and number not in bombs and _inflates_too_much(page):
            bombs.append(number)      # pypdf's text extraction hides the cap it hit; the content stream shows it
        if len("".join(text.split())) < MIN_TEXT_CHARS and number not in bombs:
            recognized = _ocr_page(page, number, count, progress)
            if recognized:
                text = recognized
            elif not text.strip() and number not in broken:
                empty.append(number)
        pages.append((number, text))
    if len(bombs) == count:
        raise LoadError("the PDF's compressed content would inflate past the safety limit (75 MB); it was not read")
    if len(broken) + len(bombs) == count:
        raise LoadError("the PDF is damaged: none of its pages could be read")
    notes = []
    if empty:
        notes.append(f"{_pages_word(empty)}: no text found")
    if bombs:
        notes.append(f"{_pages_word(bombs)}: skipped, content would inflate past the safety limit")
    if broken:
        notes.append(f"{_pages_word(broken)}: damaged, skipped")
    return LoadedDocument(pages, notes=notes)


def _ocr_page(page, number: int, count: int, progress: Progress) -> str:
    """Text recognized in the images of one page ('' when it has none or OCR finds nothing)."""
    from rag.formats.ocr import recognize

    try:
        images = list(page.images)
    except Exception as exc:  # noqa: BLE001 - an undecodable image is a page without text, not a failed file
        log.debug("images of page %d could not be read: %s", number, exc.__class__.__name__)
        return ""
    texts = []
    for image in images:
        progress(f"OCR page {number} of {count}")
        try:
            picture = image.image
        except Exception as exc:  # noqa: BLE001 - same as above
            log.debug("an image on page %d could not be decoded: %s", number, exc.__class__.__name__)
            continue
        if picture is not None and min(picture.size) >= 16:
            texts.append(recognize(picture))
    return "\n".join(t for t in texts if t.strip())


def _inflates_too_much(page) -> bool:
    """True when the page's content stream is over pypdf's decompression cap."""
    try:
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
    except _limit_error():
        return True
    except Exception:  # noqa: BLE001 - other damage is handled (or ignored) by text extraction
        return False
    return False


def _pages_word(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _limit_error() -> type[BaseException]:
    from pypdf.errors import LimitReachedError

    return LimitReachedError
