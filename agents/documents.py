"""How the agents see the user's document library, and how they find a document by name.

The agents depend on this small Protocol rather than on rag's classes, so agent
logic is tested with a tiny in-memory library and runs unchanged on rag's Library.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from rag.errors import UserError
from rag.types import DocumentRecord, DocumentStatus, Passage


class DocumentLibrary(Protocol):
    def documents(self) -> list[DocumentRecord]: ...

    def search(self, query: str, k: int = 8) -> list[Passage]: ...

    def document_pages(self, path: str | Path) -> list[tuple[int | None, str]]: ...

    def entity_names(self) -> set[str]: ...


class DocumentNotFound(UserError, LookupError):
    """No document matches the name the user (or the model) gave; the message lists candidates."""


def file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def resolve_document(records: Sequence[DocumentRecord], name: str) -> DocumentRecord:
    """The indexed document `name` refers to: full path, file name, name without extension, or a unique part."""
    wanted = name.strip().strip("\"'").lower()
    if not wanted:
        raise DocumentNotFound("no document name was given")
    indexed = [r for r in records if r.status == DocumentStatus.INDEXED]
    for test in (lambda r: r.path.lower() == wanted,
                 lambda r: file_name(r.path).lower() == file_name(wanted),
                 lambda r: _stem(file_name(r.path)).lower() == _stem(file_name(wanted))):
        found = [r for r in indexed if test(r)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise DocumentNotFound(f"{name!r} matches several documents: "
                                   + ", ".join(r.path for r in found[:5]) + "; give the full path")
    partial = [r for r in indexed if wanted in file_name(r.path).lower()]
    if len(partial) == 1:
        return partial[0]
    known = ", ".join(sorted(file_name(r.path) for r in indexed)[:10]) or "none are indexed yet"
    if partial:
        raise DocumentNotFound(f"{name!r} matches several documents ({', '.join(file_name(r.path) for r in partial[:5])}); "
                               "be more specific")
    raise DocumentNotFound(f"no indexed document is called {name!r}; the documents are: {known}")


def mentioned_documents(records: Sequence[DocumentRecord], text: str) -> list[DocumentRecord]:
    """Indexed documents whose file name (with or without extension) appears in `text`."""
    lowered = text.lower()
    found = []
    for record in records:
        if record.status != DocumentStatus.INDEXED:
            continue
        name = file_name(record.path).lower()
        stem = _stem(name)
        if name in lowered or (len(stem) >= 4 and _word_in(stem, lowered)):
            found.append(record)
    return found


def _word_in(word: str, text: str) -> bool:
    import re
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


class DocumentUnreadable(UserError, ValueError):
    """A file outside the library could not be read; the message says why."""


def load_pages(path: Path) -> list[tuple[int | None, str]]:
    """Pages of a file that is not in the library, through rag's loaders (PDF, DOCX, HTML, text)."""
    from rag.loaders import LoadError, load_document

    try:
        return load_document(path).pages
    except LoadError as exc:
        raise DocumentUnreadable(f"{path.name}: {exc}") from None


Pages = list[tuple[int | None, str]]
PageLoader = Callable[[Path], Pages]


def find_pages(library: DocumentLibrary | None, name: str, page_loader: PageLoader | None = load_pages
               ) -> tuple[str, Pages]:
    """(path, pages) of an indexed document named `name`, else of a file on disk read with rag's loaders."""
    if library is not None:
        try:
            record = resolve_document(library.documents(), name)
        except DocumentNotFound:
            if not Path(name).expanduser().is_file():
                raise
        else:
            return record.path, library.document_pages(record.path)
    path = Path(name).expanduser()
    if not path.is_file():
        raise DocumentNotFound(f"{name}: no such file, and no indexed document has that name")
    if page_loader is None:
        raise DocumentUnreadable(f"{path}: this file is not in the library and no loader is available; "
                                 "index it first (enclave index PATH)")
    return str(path.resolve()), page_loader(path.resolve())
