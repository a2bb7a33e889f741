"""Word documents (python-docx), opened only after the zip-bomb check."""
from __future__ import annotations

import zipfile
from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError
from rag.formats.zipguard import check_zip


def load_docx(path: Path) -> LoadedDocument:
    check_zip(path, "Word (.docx)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise LoadError(f"the Word file is damaged or not really a .docx ({exc.__class__.__name__})") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return LoadedDocument([(None, "\n\n".join(p for p in parts if p.strip()))])
