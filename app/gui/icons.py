"""The app icon, from resources/icons (an SVG drawn for Enclave)."""
from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon, QPixmap


def app_icon() -> QIcon:
    svg = resources.files("resources").joinpath("icons", "enclave.svg").read_bytes()
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap()
        pixmap.loadFromData(svg, "SVG")
        icon.addPixmap(pixmap.scaled(size, size))
    return icon
