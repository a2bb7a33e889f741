"""Drag-and-drop helpers: which local files or folders a drop carries."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def dropped_paths(mime: Any) -> list[Path]:
    """Local files/folders in a QMimeData (URLs that are not local files are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class AcceptsFileDrops:
    """Mixin for a QWidget that takes dropped files and folders: it calls `files_dropped(paths)`.

    The widget calls `self.setAcceptDrops(True)` in its constructor and defines `files_dropped`
    (the first-run drop zone emits a signal; the library panel indexes them).
    """

    files_dropped: Callable[[list[Path]], None]

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped(paths)
