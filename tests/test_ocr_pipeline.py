"""The OpenCV-free PP-OCR pipeline: its geometry on drawn shapes, and the real models on real images.

OCR of files (PNG, scanned PDF pages, cancel) is tested through the loaders in test_formats_documents.py
and test_formats_hostile.py; here are the parts OpenCV used to do, checked against what they must give."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from rag.formats import ocr, ppocr, ppocr_detect
from rag.formats.base import LoadError


def _mask(size: tuple[int, int], shapes: list[list[tuple[float, float]]]) -> np.ndarray:
    canvas = Image.new("1", size, 0)
    for polygon in shapes:
        ImageDraw.Draw(canvas).polygon(polygon, fill=1)
    return np.array(canvas, dtype=bool)


def test_regions_are_the_8_connected_components():
    mask = _mask((60, 40), [[(2, 2), (12, 2), (12, 8), (2, 8)], [(30, 10), (50, 10), (50, 30), (30, 30)]])
    mask[9, 13] = True                        # touches the first square only diagonally: still the same region
    mask[35, 5] = True                        # a lone pixel
    regions = ppocr_detect._regions(mask)
    extents = sorted((int(r[:, 0].min()), int(r[:, 1].min()), int(r[:, 0].max()), int(r[:, 1].max())) for r in regions)
    assert extents == [(2, 2, 13, 9), (5, 35, 5, 35), (30, 10, 50, 30)]
    assert ppocr_detect._regions(np.zeros((5, 5), dtype=bool)) == []


def test_min_area_rect_of_a_turned_rectangle():
    angle, (cx, cy), (w, h) = math.radians(20), (100.0, 80.0), (120.0, 30.0)
    u, v = np.array([math.cos(angle), math.sin(angle)]), np.array([-math.sin(angle), math.cos(angle)])
    corners = [tuple(np.array([cx, cy]) + su * u * w / 2 + sv * v * h / 2) for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    points = ppocr_detect._regions(_mask((220, 170), [corners]))[0]
    center, axes, sides = ppocr_detect._min_area_rect(points)
    assert np.allclose(center, [cx, cy], atol=1.5)
    assert sorted(sides) == pytest.approx([h, w], abs=2.5)
    long_axis = axes[int(np.argmax(sides))]
    assert abs(abs(long_axis @ u) - 1) < 0.01           # the fitted rectangle lies along the drawn one
    box = ppocr_detect._clockwise(ppocr_detect._corners(center, axes, sides))
    assert box[0][0] < box[1][0] and box[0][1] < box[3][1]    # top-left, top-right, bottom-right, bottom-left


def test_a_perspective_crop_straightens_a_box_and_turns_a_tall_one():
    image = np.zeros((100, 200, 3), dtype=np.uint8)
    image[20:40, 50:150] = 255                          # a white band
    crop = ppocr._crop(image, np.array([[50, 20], [150, 20], [150, 40], [50, 40]], dtype=np.float32))
    assert crop.shape[:2] == (20, 100) and crop[5:15, 10:90].min() == 255
    tall = ppocr._crop(image, np.array([[60, 10], [80, 10], [80, 90], [60, 90]], dtype=np.float32))
    assert tall.shape[:2] == (20, 80)                   # 80 high, 20 wide: read lying down


def test_missing_models_are_named_in_the_error(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "MODEL_PACKAGE", "no_such_ocr_package")
    with pytest.raises(LoadError, match="OCR models are missing .*no no_such_ocr_package package is installed"):
        ocr.model_files()


@pytest.mark.slow
def test_the_real_models_read_a_page_with_turned_and_upside_down_lines(tmp_path: Path):
    from PIL import ImageFont

    page = Image.new("RGB", (1400, 900), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=40)
    draw.text((60, 60), "Lease agreement between Anna and Ben", fill="black", font=font)
    draw.text((60, 160), "Deposit 1,250 euros due on 3 March", fill="black", font=font)
    flipped = Image.new("RGB", (900, 80), "white")
    ImageDraw.Draw(flipped).text((20, 15), "Signed in Lisbon", fill="black", font=font)
    page.paste(flipped.rotate(180), (60, 400))
    skewed = Image.new("RGBA", (900, 80), (255, 255, 255, 0))
    ImageDraw.Draw(skewed).text((20, 15), "Notice period two months", fill="black", font=font)
    turned = skewed.rotate(4, expand=True, resample=Image.BICUBIC)
    page.paste(turned, (60, 600), turned)
    text = ocr.recognize(page)
    lines = text.splitlines()
    assert lines[0] == "Lease agreement between Anna and Ben"
    assert lines[1] == "Deposit 1,250 euros due on 3 March"
    assert "Signed in Lisbon" in lines                  # upside down: turned by the orientation model
    assert "Notice period two months" in lines          # 4 degrees off: the fitted box follows it
