"""Image files (PNG, JPEG, TIFF): OCR, one page per image frame (multi-page TIFF keeps its pages)."""
from __future__ import annotations

from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress

MAX_FRAMES = 500
MAX_PIXELS = 80_000_000       # Pillow's own bomb guard warns at 89 M and fails at 179 M


def load_image(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    from PIL import Image, UnidentifiedImageError

    from rag.formats.ocr import recognize

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as picture:
            frames = getattr(picture, "n_frames", 1)
            if frames > MAX_FRAMES:
                raise LoadError(f"the image has {frames} pages (the limit is {MAX_FRAMES})")
            pages: list[tuple[int | None, str]] = []
            empty = []
            for index in range(frames):
                picture.seek(index)
                progress(f"OCR page {index + 1} of {frames}")
                text = recognize(picture)
                if not text.strip():
                    empty.append(index + 1)
                pages.append((index + 1, text))
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise LoadError(f"the image is damaged or not really an image ({exc.__class__.__name__})") from None
    except Image.DecompressionBombError:
        raise LoadError(f"the image has more than {MAX_PIXELS // 1_000_000} million pixels; it was not read") from None
    if len(empty) == len(pages):
        raise LoadError("no text was found in the image (OCR recognized nothing)")
    notes = [f"page{'s' if len(empty) > 1 else ''} {', '.join(map(str, empty))}: no text found"] if empty else []
    return LoadedDocument(pages, notes=notes)
