"""What the in-app preview shows for a citation: the PDF page rendered with the cited sentence's boxes,
or a text document's passage in its context with the sentence marked.

Why here and not in the GUI: finding the quote on the page and asking PDFium for the boxes
of exactly those characters is document work (no Qt); the GUI only paints pixels and
rectangles it is given. PDFium (pypdfium2) renders and knows every character's box, so the
highlight covers the sentence that supports the answer, not the chunk's first line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONTEXT_CHARS = 700            # text shown before and after a quote in a text document
TARGET_WIDTH_PX = 900          # a rendered page's width (crisp in a side pane, fast to render)
_CLOSING = ".!?\"”’)»"
_ELLIPSIS = re.compile(r"[…\"“”]+")


class PreviewError(Exception):
    """The preview cannot be made; the message says why in words a user understands."""


@dataclass(frozen=True)
class Box:
    """A rectangle in the rendered page's pixels (origin top left)."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class PagePreview:
    path: str
    page: int                      # 1-based page shown (the quote may sit on the page after the cited one)
    page_count: int
    width: int
    height: int
    stride: int
    pixels: bytes                  # RGB, 3 bytes a pixel, `stride` bytes a row
    highlights: tuple[Box, ...]    # where the quote is, merged by PDFium into line rectangles
    chars: tuple[int, int] | None  # the quote's character range on the page (PDFium's indexes)
    scale: float
    content: Box | None = None     # where the page's text is (a narrow pane shows that, not the margins)

    @property
    def found(self) -> bool:
        return bool(self.highlights)


@dataclass(frozen=True)
class TextPreview:
    path: str
    text: str                      # the passage in its context
    start: int                     # the quote inside `text` (start == end: not found)
    end: int
    before: bool                   # text was cut before / after the context
    after: bool

    @property
    def found(self) -> bool:
        return self.end > self.start


def normalized(text: str) -> tuple[str, list[int]]:
    """Lowercase letters and digits only, with each one's index in `text` (line breaks, hyphens and
    spacing differ between the extractor that indexed a page and PDFium; the words do not)."""
    kept, where = [], []
    for index, char in enumerate(text):
        if char.isalnum():
            kept.append(char.lower())
            where.append(index)
    return "".join(kept), where


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The [start, end) of `quote` in `text`, ignoring spacing and punctuation; a quote cut short or
    changed at its end is found by its longest matching beginning (at least 20 letters)."""
    hay, where = normalized(text)
    needle, _ = normalized(_ELLIPSIS.sub(" ", quote))
    if not needle or not hay:
        return None
    if hay.find(needle) < 0:        # the longest beginning of the quote that is on the page (binary search)
        low, high = min(20, len(needle)), len(needle) - 1
        if hay.find(needle[:low]) < 0:
            return None
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if hay.find(needle[:middle]) >= 0 else (low, middle - 1)
        needle_used = needle[:low]
    else:
        needle_used = needle
    found = hay.find(needle_used)
    end = where[found + len(needle_used) - 1] + 1
    while needle_used == needle and end < len(text) and text[end] in _CLOSING:
        end += 1                    # the whole quote matched: its closing punctuation belongs to it
    return where[found], end


def preview(path: str | Path, page: int | None, quote: str, *, width_px: int = TARGET_WIDTH_PX) -> PagePreview | TextPreview:
    """The preview of a citation: its page (PDF) or its passage (anything else), with `quote` marked."""
    file = Path(path)
    if not file.exists():
        raise PreviewError(f"{file.name} no longer exists at {file.parent}")
    if file.suffix.lower() == ".pdf":
        return pdf_preview(file, page, quote, width_px=width_px)
    return text_preview(file, page, quote)


def pdf_preview(file: Path, page: int | None, quote: str, *, width_px: int = TARGET_WIDTH_PX) -> PagePreview:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(file))
    except pdfium.PdfiumError as exc:
        raise PreviewError(f"{file.name} cannot be opened as a PDF ({exc})") from None
    try:
        count = len(document)
        wanted = min(max(page or 1, 1), count)
        order = [wanted] + [p for p in (wanted + 1, wanted - 1) if 1 <= p <= count]
        for number in order if quote.strip() else ():   # a passage over a page break is cited by its first page
            if _locate(document, number, quote) is not None:
                return _render(document, number, count, quote, width_px, str(file))
        return _render(document, wanted, count, "", width_px, str(file))
    finally:
        document.close()


def _page_text(textpage: object) -> str:
    """The page's characters one per PDFium index (get_text_range may merge or drop generated ones)."""
    import pypdfium2.raw as raw

    handle = textpage.raw  # type: ignore[attr-defined]
    return "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 32) for i in range(raw.FPDFText_CountChars(handle)))


def _locate(document: object, number: int, quote: str) -> tuple[int, int] | None:
    page = document[number - 1]  # type: ignore[index]
    textpage = page.get_textpage()
    try:
        return find_quote(_page_text(textpage), quote)
    finally:
        textpage.close()
        page.close()


def _render(document: object, number: int, count: int, quote: str, width_px: int, path: str) -> PagePreview:
    page = document[number - 1]  # type: ignore[index]
    textpage = page.get_textpage()
    try:
        span = find_quote(_page_text(textpage), quote) if quote.strip() else None
        scale = width_px / max(page.get_width(), 1.0)
        bitmap = page.render(scale=scale, rev_byteorder=True)      # RGB
        to_pixels = bitmap.get_posconv(page)
        boxes: list[Box] = []
        if span is not None:
            start, end = span
            for index in range(textpage.count_rects(start, end - start)):
                left, bottom, right, top = textpage.get_rect(index)
                x0, y0 = to_pixels.to_bitmap(left, top)
                x1, y1 = to_pixels.to_bitmap(right, bottom)
                boxes.append(Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        result = PagePreview(path, number, count, bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer),
                             tuple(boxes), span, scale, _content(textpage, to_pixels))
        bitmap.close()
        return result
    finally:
        textpage.close()
        page.close()


def _content(textpage: object, to_pixels: object) -> Box | None:
    """The box around every character of the page, in pixels (None for a page without text)."""
    import pypdfium2.raw as raw

    handle = textpage.raw  # type: ignore[attr-defined]
    left = bottom = right = top = None
    for index in range(raw.FPDFText_CountChars(handle)):
        l, b, r, t = textpage.get_charbox(index)  # type: ignore[attr-defined]
        if r <= l:
            continue                   # generated spaces and line breaks have no box
        left = l if left is None else min(left, l)
        bottom = b if bottom is None else min(bottom, b)
        right = r if right is None else max(right, r)
        top = t if top is None else max(top, t)
    if left is None:
        return None
    x0, y0 = to_pixels.to_bitmap(left, top)  # type: ignore[attr-defined]
    x1, y1 = to_pixels.to_bitmap(right, bottom)  # type: ignore[attr-defined]
    return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def text_preview(file: Path, page: int | None, quote: str) -> TextPreview:
    from rag.loaders import LoadError, load_document

    try:
        loaded = load_document(file)
    except LoadError as exc:
        raise PreviewError(f"{file.name} cannot be read: {exc}") from None
    pages = [text for number, text in loaded.pages if page is None or number in (None, page)] or \
        [text for _n, text in loaded.pages]
    full = "\n\n".join(pages)
    span = find_quote(full, quote) if quote.strip() else None
    start, end = span if span else (0, 0)
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(full), (end if span else 0) + CONTEXT_CHARS)
    if lo > 0:                      # begin and end the context at line breaks where there are some
        cut = full.rfind("\n", max(0, lo - 200), lo)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(full):
        cut = full.find("\n", hi, hi + 200)
        hi = cut if cut >= 0 else hi
    return TextPreview(str(file), full[lo:hi], start - lo if span else 0, end - lo if span else 0, lo > 0, hi < len(full))
