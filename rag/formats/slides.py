"""PowerPoint (.pptx, python-pptx): one slide is one page, speaker notes included."""
from __future__ import annotations

from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress, short
from rag.formats.zipguard import check_zip


def load_pptx(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    check_zip(path, "PowerPoint (.pptx)")
    from pptx import Presentation

    try:
        presentation = Presentation(str(path))
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many types for damaged files
        raise LoadError(f"the PowerPoint file is damaged or not really a .pptx ({short(exc)})") from None
    pages: list[tuple[int | None, str]] = []
    labels: dict[int, str] = {}
    slides = list(presentation.slides)
    for number, slide in enumerate(slides, start=1):
        progress(f"reading slide {number} of {len(slides)}")
        parts = []
        for shape in slide.shapes:
            parts.extend(_shape_text(shape))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                parts.append("Speaker notes: " + notes.text.strip())
        labels[number] = f"slide {number}"
        pages.append((number, "\n".join(p for p in parts if p.strip())))
    return LoadedDocument(pages, labels=labels)


def _shape_text(shape) -> list[str]:
    """Text of a shape, of a table's cells and of the shapes inside a group."""
    out = []
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        out.append(shape.text_frame.text)
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            out.append(" | ".join(cell.text for cell in row.cells))
    for child in getattr(shape, "shapes", ()):
        out.extend(_shape_text(child))
    return out
