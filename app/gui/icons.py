"""The app icon, rendered from resources/icons/enclave.svg at every size a desktop asks for."""
from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


def app_icon() -> QIcon:
    svg = resources.files("resources").joinpath("icons/enclave.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(svg))
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
