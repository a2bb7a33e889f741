"""Text detection of the PP-OCR pipeline (DB, "Differentiable Binarization") with numpy and Pillow only.

The detection model gives each pixel a probability of being text. As in PaddleOCR's and RapidOCR's
DB post-processing: threshold, dilate by 2x2, take each text region, fit its minimum-area rectangle,
keep it when the mean probability inside is high enough, grow it by area*1.6/perimeter on every
side (the "unclip": the model is trained to predict shrunk regions) and map it back to the image.
Regions are found as 8-connected components of pixel runs instead of OpenCV contours; growing the
fitted rectangle replaces the polygon offset, whose minimum-area rectangle is the same.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

MAX_SIDE = 2000          # the detector's input: the long side at most this...
MIN_SIDE = 736           # ...the short side at least this (both as RapidOCR), in multiples of 32
THRESH, BOX_THRESH, UNCLIP, MIN_SIZE, MAX_CANDIDATES = 0.3, 0.5, 1.6, 3, 1000


def resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    return np.asarray(Image.fromarray(image).resize((width, height), Image.BILINEAR))


def detect(session, image: np.ndarray) -> list[np.ndarray]:
    """Boxes of text lines in `image` (H x W x 3, BGR uint8): 4 corners each, clockwise from top-left."""
    height, width = image.shape[:2]
    scale = min(1.0, MAX_SIDE / max(height, width))
    scale = max(scale, MIN_SIDE / min(height, width)) if min(height, width) * scale < MIN_SIDE else scale
    size_h, size_w = (max(32, int(round(n * scale / 32)) * 32) for n in (height, width))
    tensor = (resize(image, size_w, size_h).astype(np.float32) / 255.0 - 0.5) / 0.5
    probability = session.run(None, {session.get_inputs()[0].name: tensor.transpose(2, 0, 1)[None]})[0][0, 0]
    mask = probability > THRESH
    grown = mask.copy()                               # cv2.dilate with a 2x2 kernel
    grown[1:, :] |= mask[:-1, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[1:, 1:] |= mask[:-1, :-1]
    boxes = []
    for points in _regions(grown)[:MAX_CANDIDATES]:
        center, axes, sides = _min_area_rect(points)
        if min(sides) < MIN_SIZE or _mean_inside(probability, _corners(center, axes, sides)) < BOX_THRESH:
            continue
        grow = sides[0] * sides[1] * UNCLIP / (2 * (sides[0] + sides[1]))
        sides = (sides[0] + 2 * grow, sides[1] + 2 * grow)
        if min(sides) < MIN_SIZE + 2:
            continue
        box = _corners(center, axes, sides) * [width / size_w, height / size_h]
        box = _clockwise(np.clip(np.round(box), 0, [width - 1, height - 1]))
        if np.linalg.norm(box[0] - box[1]) > 3 and np.linalg.norm(box[0] - box[3]) > 3:
            boxes.append(box.astype(np.float32))
    return boxes


def _regions(mask: np.ndarray) -> list[np.ndarray]:
    """The 8-connected regions of `mask`, each as its runs' end pixels (x, y): enough for a convex hull."""
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1] - 1             # inclusive
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    row_begin = np.searchsorted(rows, np.arange(mask.shape[0] + 1))
    for row in range(1, mask.shape[0]):
        i, i_end = row_begin[row - 1], row_begin[row]
        j, j_end = row_begin[row], row_begin[row + 1]
        while i < i_end and j < j_end:              # runs of two rows touch, diagonals included
            if starts[i] <= ends[j] + 1 and starts[j] <= ends[i] + 1:
                parent[root(i)] = root(j)
            if ends[i] < ends[j]:
                i += 1
            else:
                j += 1
    labels = np.array([root(i) for i in range(len(rows))], dtype=np.int64)
    order = np.argsort(labels, kind="stable")
    cuts = np.nonzero(np.diff(labels[order]))[0] + 1
    points = np.concatenate([np.stack([starts, rows], 1), np.stack([ends, rows], 1)]).astype(np.float64)
    return [points[np.concatenate([group, group + len(rows)])] for group in np.split(order, cuts) if len(group)]


def _min_area_rect(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """(center, unit axes as rows, side lengths) of the smallest rectangle around `points` (rotating calipers)."""
    hull = _convex_hull(points)
    edges = np.roll(hull, -1, axis=0) - hull
    angles = np.unique(np.mod(np.arctan2(edges[:, 1], edges[:, 0]), np.pi / 2)) if len(hull) > 1 else np.zeros(1)
    u = hull @ np.stack([np.cos(angles), np.sin(angles)])
    v = hull @ np.stack([-np.sin(angles), np.cos(angles)])
    best = int(np.argmin((u.max(0) - u.min(0)) * (v.max(0) - v.min(0))))
    a = angles[best]
    axes = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    low = np.array([u[:, best].min(), v[:, best].min()])
    high = np.array([u[:, best].max(), v[:, best].max()])
    return ((low + high) / 2) @ axes, axes, (float(high[0] - low[0]), float(high[1] - low[1]))


def _convex_hull(points: np.ndarray) -> np.ndarray:
    """Andrew's monotone chain over the distinct points."""
    pts = sorted(set(map(tuple, points.tolist())))
    if len(pts) < 3:
        return np.array(pts, dtype=np.float64)

    def half(sequence: list) -> list:
        chain: list = []
        for p in sequence:
            while len(chain) >= 2 and ((chain[-1][0] - chain[-2][0]) * (p[1] - chain[-2][1])
                                       - (chain[-1][1] - chain[-2][1]) * (p[0] - chain[-2][0])) <= 0:
                chain.pop()
            chain.append(p)
        return chain[:-1]
    return np.array(half(pts) + half(pts[::-1]), dtype=np.float64)


def _corners(center: np.ndarray, axes: np.ndarray, sides: tuple[float, float]) -> np.ndarray:
    half_u, half_v = axes[0] * sides[0] / 2, axes[1] * sides[1] / 2
    return np.array([center - half_u - half_v, center + half_u - half_v, center + half_u + half_v,
                     center - half_u + half_v])


def _mean_inside(probability: np.ndarray, box: np.ndarray) -> float:
    """Mean text probability inside the polygon `box` (RapidOCR's "fast" box score)."""
    h, w = probability.shape
    x0, y0 = np.clip(np.floor(box.min(0)).astype(int), 0, [w - 1, h - 1])
    x1, y1 = np.clip(np.ceil(box.max(0)).astype(int), 0, [w - 1, h - 1])
    canvas = Image.new("1", (int(x1 - x0 + 1), int(y1 - y0 + 1)), 0)
    ImageDraw.Draw(canvas).polygon([(float(x - x0), float(y - y0)) for x, y in box], fill=1)
    inside = np.asarray(canvas, dtype=bool)
    region = probability[y0:y1 + 1, x0:x1 + 1]
    return float(region[inside].mean()) if inside.any() else 0.0


def _clockwise(box: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    by_x = box[np.argsort(box[:, 0], kind="stable")]
    left, right = by_x[:2], by_x[2:]
    (tl, bl), (tr, br) = left[np.argsort(left[:, 1])], right[np.argsort(right[:, 1])]
    return np.array([tl, tr, br, bl])
