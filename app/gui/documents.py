"""Opening a cited document at its page with the system viewer.

PySide6-Essentials has no QtPdf, so Enclave hands the file to the desktop's
viewer; for PDFs the URL carries `#page=N`, which viewers that support PDF open
parameters (browsers, Evince, Okular, Acrobat) honour.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def file_dialog_filter() -> str:
    """The file dialogs' filter: every format the library reads (PDF, Office, mail, sheets, images...)."""
    from agents.api import SUPPORTED_SUFFIXES

    return f"Documents ({' '.join('*' + s for s in sorted(SUPPORTED_SUFFIXES))});;All files (*)"


def document_url(path: str, page: int | None) -> QUrl:
    url = QUrl.fromLocalFile(str(Path(path)))
    if page and path.lower().endswith(".pdf"):
        url.setFragment(f"page={page}")
    return url


def _system_open(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


# Tests replace this to observe what would be opened without launching a viewer.
opener: Callable[[QUrl], bool] = _system_open


def open_document(path: str, page: int | None) -> str | None:
    """Open the document; return a user message when that is impossible, else None."""
    if not Path(path).exists():
        return f"{path} no longer exists; it may have been moved or deleted (re-index its folder)"
    if not opener(document_url(path, page)):
        return f"no application on this computer opens {Path(path).name}"
    return None
