"""The PP-OCR pipeline on onnxruntime, numpy and Pillow: detect lines, turn upside-down ones, read them.

The models are RapidOCR's (PaddleOCR's PP-OCR exported to ONNX), shipped in the `rapidocr` wheel;
this module follows RapidOCR's own pipeline and settings (Apache-2.0) step by step, without OpenCV:
its OpenCV calls were image resizing, perspective crops and contour fitting, done here with Pillow
and numpy (rag.formats.ppocr_detect). The recognition model carries its character list in its
metadata; the output is decoded greedily (CTC), as RapidOCR does.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image

from rag.formats.ppocr_detect import detect, resize

CLS_SHAPE, CLS_THRESH = (48, 192), 0.9        # orientation classifier: input height, width; "180" certainty
REC_HEIGHT, REC_MIN_WIDTH = 48, 320           # recognizer: input height, narrowest batch width
BATCH = 6
TEXT_SCORE = 0.5                              # lines read with less mean confidence are dropped


class PPOCR:
    """Three ONNX sessions (detection, orientation, recognition); `__call__` reads one BGR image."""

    def __init__(self, models: dict[str, Path], threads: int = 0) -> None:
        self.det, self.cls, self.rec = (_session(models[task], threads) for task in ("det", "cls", "rec"))
        meta = self.rec.get_modelmeta().custom_metadata_map
        if "character" not in meta:
            raise ValueError(f"{models['rec'].name} carries no character list")
        self.characters = ["", *meta["character"].splitlines(), " "]     # CTC blank first, space last

    def __call__(self, image: np.ndarray) -> list[tuple[np.ndarray, str, float]]:
        """(box, text, confidence) of each text line of `image` (H x W x 3, BGR uint8)."""
        boxes = detect(self.det, image)
        crops = self._upright([_crop(image, box) for box in boxes])
        found = []
        for box, (text, score) in zip(boxes, self._read(crops)):
            if text.strip() and score >= TEXT_SCORE:
                found.append((box, text, score))
        return found

    def _upright(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        height, width = CLS_SHAPE
        for batch in _batches(crops):
            tensor = np.stack([_normalized(crops[i], height, width) for i in batch])
            probabilities = self.cls.run(None, {self.cls.get_inputs()[0].name: tensor})[0]
            for i, row in zip(batch, probabilities):
                if int(row.argmax()) == 1 and row[1] > CLS_THRESH:      # labels "0", "180"
                    crops[i] = np.ascontiguousarray(crops[i][::-1, ::-1])
        return crops

    def _read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        for batch in _batches(crops):
            ratio = max([REC_MIN_WIDTH / REC_HEIGHT] + [crops[i].shape[1] / crops[i].shape[0] for i in batch])
            width = int(REC_HEIGHT * ratio)
            tensor = np.stack([_normalized(crops[i], REC_HEIGHT, width) for i in batch])
            scores = self.rec.run(None, {self.rec.get_inputs()[0].name: tensor})[0]
            for i, row in zip(batch, scores):
                out[i] = self._decode(row)
        return out

    def _decode(self, scores: np.ndarray) -> tuple[str, float]:
        """Greedy CTC: the best character per step, repeats merged, blanks dropped."""
        best, confidence = scores.argmax(axis=1), scores.max(axis=1)
        keep = np.ones(len(best), dtype=bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        text = "".join(self.characters[i] for i in best[keep] if i < len(self.characters))
        return text, float(confidence[keep].mean()) if keep.any() else 0.0


def _session(file: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")    # the cores are shared
    # No memory arena: the arena keeps the detector's largest activations after each page, which took an A4
    # scan at 200-300 dpi past the loader's memory budget (1.0-1.3 GiB peak; without it 0.75-0.9 GiB, no slower).
    options.enable_cpu_mem_arena = False
    return ort.InferenceSession(str(file), options, providers=["CPUExecutionProvider"])


def _batches(crops: list[np.ndarray]) -> list[list[int]]:
    """Indices in batches of similar width-to-height ratio (less padding), as RapidOCR batches them."""
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
    return [order[k:k + BATCH] for k in range(0, len(order), BATCH)]


def _normalized(crop: np.ndarray, height: int, width: int) -> np.ndarray:
    """`crop` scaled to `height` (at most `width` wide), to [-1, 1], channels first, padded right with 0."""
    scaled_w = min(width, int(math.ceil(height * crop.shape[1] / crop.shape[0])))
    pixels = (resize(crop, max(1, scaled_w), height).astype(np.float32) / 255.0 - 0.5) / 0.5
    out = np.zeros((3, height, width), dtype=np.float32)
    out[:, :, :pixels.shape[1]] = pixels.transpose(2, 0, 1)
    return out


def _crop(image: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The quadrilateral `box` of `image` straightened to a rectangle (a tall one is turned to lie)."""
    width = max(1, int(max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[2] - box[3]))))
    height = max(1, int(max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2]))))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    # Pillow's perspective maps each output pixel (x, y) to the input: solve for its 8 coefficients.
    rows = []
    for (x, y), (u, v) in zip(target, box.astype(np.float64)):
        rows.append(([x, y, 1, 0, 0, 0, -u * x, -u * y], u))
        rows.append(([0, 0, 0, x, y, 1, -v * x, -v * y], v))
    coefficients = np.linalg.solve(np.array([r for r, _ in rows]), np.array([b for _, b in rows]))
    picture = Image.fromarray(image).transform((width, height), Image.PERSPECTIVE, coefficients.tolist(),
                                               Image.BICUBIC)
    crop = np.asarray(picture)
    return np.ascontiguousarray(np.rot90(crop)) if height / width >= 1.5 else crop
