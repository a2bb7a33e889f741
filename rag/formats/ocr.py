"""Optical character recognition with PP-OCR models on onnxruntime, fully offline, without OpenCV.

The PyPI package `rapidocr` (3.10) carries PP-OCR models (detection, orientation, recognition;
~32 MB, the character list inside the recognition model) in its wheel. Enclave runs them with its
own small pipeline (rag.formats.ppocr: numpy + Pillow), so neither RapidOCR's code nor OpenCV is
loaded: the desktop bundle ships the three model files and no OpenCV (~290 MiB with the full
`opencv-python` that rapidocr-onnxruntime 1.4 required, ~170 MiB even headless). The files are
found by path (no import of rapidocr, no download). The engine is loaded once per loader
process (about a second) and reused. Recognized boxes are put back into reading order: lines
top to bottom, and words left to right within a line.
"""
from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

from rag.formats.base import LoadError

MAX_SIDE = 2500          # larger scans are shrunk first: detection time grows with the pixel count
MODEL_PACKAGE = "rapidocr"
MODELS = {"det": "PP-OCRv6_det_small.onnx", "cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
          "rec": "PP-OCRv6_rec_small.onnx"}      # in rapidocr 3.10's wheel, folder models/

_engine: Any = None
_lock = threading.Lock()


def model_files() -> dict[str, Path]:
    """The three ONNX files, found like the embedded GGUF: by the package's folder, without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    folders = [Path(f) / "models" for f in (spec.submodule_search_locations or [])] if spec else []
    for folder in folders:
        if all((folder / name).is_file() for name in MODELS.values()):
            return {task: folder / name for task, name in MODELS.items()}
    where = ", ".join(map(str, folders)) or f"no {MODEL_PACKAGE} package is installed"
    raise LoadError(f"OCR models are missing ({', '.join(MODELS.values())}; looked in: {where}); "
                    f"reinstall with `pip install {MODEL_PACKAGE}==3.10.0`")


def engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rag.formats.ppocr import PPOCR

            _engine = PPOCR(model_files())
        return _engine


def recognize(image: Any) -> str:
    """Text of a PIL image, in reading order ('' when none is found)."""
    import numpy as np

    picture = image.convert("RGB")
    if max(picture.size) > MAX_SIDE:
        scale = MAX_SIDE / max(picture.size)
        picture = picture.resize((max(1, int(picture.width * scale)), max(1, int(picture.height * scale))))
    found = engine()(np.ascontiguousarray(np.asarray(picture)[:, :, ::-1]))     # the models read BGR, like OpenCV
    if not found:
        return ""
    return _reading_order([(box.tolist(), text) for box, text, _score in found])


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
    texts = [" ".join(t for *_, t in sorted(line, key=lambda b: b[2])) for line in lines]
    breaks = _breaks(lines)
    return "".join(text + (breaks[i] if i < len(breaks) else "") for i, text in enumerate(texts))


def _breaks(lines: list[list[tuple[float, float, float, str]]]) -> list[str]:
    """What follows each line but the last: a blank line where the gap to the next line is clearly wider than the
    page's usual line spacing (a new paragraph, a memo's header block): without it the answer finder read a header
    and the sentence under it as one sentence. Evenly spaced text (single or double) gets single line breaks."""
    gaps = [min(b[0] for b in nxt) - max(b[1] for b in cur) for cur, nxt in zip(lines, lines[1:])]
    if len(gaps) < 2:
        return ["\n"] * len(gaps)
    heights = sorted(max(b[1] for b in line) - min(b[0] for b in line) for line in lines)
    usual = sorted(gaps)[len(gaps) // 4]        # the usual spacing: most gaps are within paragraphs
    wide = max(1.6 * usual, 0.6 * heights[len(heights) // 2])
    return ["\n\n" if gap > wide else "\n" for gap in gaps]
