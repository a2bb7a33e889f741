"""Optical character recognition with RapidOCR on onnxruntime, fully offline.

The PyPI package `rapidocr-onnxruntime` carries its detection, orientation and
recognition models (PP-OCRv4, ~15 MB) inside the wheel, so nothing is downloaded.
The engine is loaded once per loader process (about a second) and reused.
Recognized boxes are put back into reading order: lines top to bottom, and words
left to right within a line.
"""
from __future__ import annotations

import threading
from typing import Any

from rag.formats.base import LoadError

MAX_SIDE = 2500          # larger scans are shrunk first: detection time grows with the pixel count

_engine: Any = None
_lock = threading.Lock()


def engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError:
                raise LoadError("OCR is not installed (the rapidocr-onnxruntime package is missing)") from None
            _engine = RapidOCR()
        return _engine


def recognize(image: Any) -> str:
    """Text of a PIL image, in reading order ('' when none is found)."""
    import numpy as np

    picture = image.convert("RGB")
    if max(picture.size) > MAX_SIDE:
        scale = MAX_SIDE / max(picture.size)
        picture = picture.resize((max(1, int(picture.width * scale)), max(1, int(picture.height * scale))))
    result, _elapsed = engine()(np.asarray(picture)[:, :, ::-1])     # RapidOCR expects BGR like OpenCV
    if not result:
        return ""
    return _reading_order([(box, text) for box, text, _score in result])


def _reading_order(found: list[tuple[list[list[float]], str]]) -> str:
    boxes = []
    for box, text in found:
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(ys), max(ys), min(xs), text))
    boxes.sort()
    lines: list[list[tuple[float, float, float, str]]] = []
    for box in boxes:
        top, bottom = box[0], box[1]
        if lines:
            last = lines[-1][-1]
            middle = (top + bottom) / 2
            if last[0] <= middle <= last[1]:
                lines[-1].append(box)
                continue
        lines.append([box])
    return "\n".join(" ".join(t for *_, t in sorted(line, key=lambda b: b[2])) for line in lines)
