"""Render the app icon (resources/icons/enclave.svg) into what each platform's installer wants.

    python packaging/icons.py OUT_DIR      (with the project's virtual environment: PySide6 + Pillow)

Writes enclave.svg, enclave-<N>.png for the hicolor theme sizes, enclave.ico (Windows) and
enclave.icns (macOS). Qt's SVG renderer draws each size from the vector, so small sizes stay sharp.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_SVG = ROOT / "resources" / "icons" / "enclave.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int, out: Path) -> None:
    """Draw the SVG at size x size pixels on a transparent background."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_png._app = QGuiApplication([])  # type: ignore[attr-defined]  # kept alive for the process
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")


def build_icons(out_dir: Path, svg: Path = SOURCE_SVG) -> dict[str, Path]:
    """Every icon file for every platform, rendered into out_dir; returns them by kind."""
    from PIL import Image

    if not svg.is_file():
        raise FileNotFoundError(f"the app icon {svg} is missing")
    out_dir.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {"svg": out_dir / "enclave.svg"}
    shutil.copyfile(svg, made["svg"])
    for size in PNG_SIZES:
        made[f"png{size}"] = out_dir / f"enclave-{size}.png"
        render_png(svg, size, made[f"png{size}"])
    largest = Image.open(made["png512"]).convert("RGBA")
    made["ico"] = out_dir / "enclave.ico"
    largest.save(made["ico"], sizes=[(s, s) for s in ICO_SIZES])
    made["icns"] = out_dir / "enclave.icns"
    largest.save(made["icns"])
    return made


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for kind, path in build_icons(Path(argv[0])).items():
        print(f"{kind:7s} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
