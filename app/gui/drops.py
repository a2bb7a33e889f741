"""Drag-and-drop helpers: which local files or folders a drop carries."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def dropped_paths(mime: Any) -> list[Path]:
    """Local files/folders in a QMimeData (URLs that are not local files are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
