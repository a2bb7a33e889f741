"""E-mail attachments as documents of their own, linked to their message.

The mail loader hands over the bytes of each supported attachment (rag.formats.mail). They
are written under the library's folder, attachments/<message document id>/<n>/<name>, and
indexed like any file: in the budgeted loader process, with their own pages and tables.
A sidecar (.link.json) names the mail file and the message, so every page of an attachment
is cited as "figures.pdf p.2, attached to inbox.mbox message 2" and its status in the
library says "attachment of inbox.mbox, message 2"; the message's own page lists its
attachments ("Attachments: figures.pdf"). Attachments are written and marked pending
before their mail file's commit, so a crash in between is finished by the next index run;
re-indexing the mail file replaces them, forgetting it forgets them, and a scope that holds
the mail file holds its attachments (rag.scope).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from rag.formats.base import LoadedDocument
from rag.types import DocumentRecord, DocumentStatus, IndexProgress

FOLDER = "attachments"
LINK = ".link.json"
_UNSAFE = re.compile(r"[^\w.\- ]+")


def folder_of(library_folder: Path, doc_id: str) -> Path:
    return (Path(library_folder) / FOLDER / doc_id).resolve()


def marker(doc_id: str) -> str:
    """The part of an attachment's path that names the document it came from (rag.scope uses it)."""
    return f"{os.sep}{FOLDER}{os.sep}{doc_id}{os.sep}"


def children(library, doc_id: str) -> list[DocumentRecord]:
    prefix = str(folder_of(library.folder, doc_id)) + os.sep
    return [r for r in library.store.documents() if r.path.startswith(prefix)]


def stage(library, prepared) -> list[str]:
    """Write the attachments of a prepared document (replacing its old ones) and mark them pending."""
    from rag.library_files import canonical, doc_id_for

    root = folder_of(library.folder, prepared.doc_id)
    if not prepared.document.attachments and not root.exists():
        return []                   # the common case, without listing the library's documents per file
    for old in children(library, prepared.doc_id):
        library.forget(old.path)
    shutil.rmtree(root, ignore_errors=True)
    paths = []
    for number, attachment in enumerate(prepared.document.attachments, start=1):
        folder = root / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / LINK, json.dumps({"source": prepared.path, "label": attachment.parent_label}).encode())
        target = folder / safe_name(attachment.name)
        _write(target, attachment.data)
        path = canonical(target)
        library.store.set_status(doc_id_for(path), path, DocumentStatus.PENDING,
                                 f"attachment of {Path(prepared.path).name}, {attachment.parent_label}: waiting")
        paths.append(path)
    return paths


def index(library, paths: list[str], done: int, total: int, cancel) -> Iterator[IndexProgress]:
    """Index staged attachments one by one (the same two phases as any file)."""
    for path in paths:
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield IndexProgress(done, total, path)
        prepared = yield from library._prepare(path, done, total, cancel)
        if not isinstance(prepared, DocumentRecord):
            prepared = library._commit(prepared)
        yield IndexProgress(done, total, path, prepared)


def link(path: str, document: LoadedDocument) -> LoadedDocument:
    """An attachment's pages cited with their message, and a note naming it; other files unchanged."""
    sidecar = Path(path).parent / LINK
    if f"{os.sep}{FOLDER}{os.sep}" not in path or not sidecar.is_file():
        return document
    try:
        info = json.loads(sidecar.read_text(encoding="utf-8"))
        source, label = Path(info["source"]).name, str(info["label"])
    except (OSError, ValueError, KeyError, TypeError):
        return document
    where = f"attached to {source} {label}"
    if all(number is None for number, _ in document.pages):        # text: no pages to name
        pages = [(i, text) for i, (_, text) in enumerate(document.pages, start=1)]
        labels = {number: where for number, _ in pages}
    else:
        pages = [(number if number is not None else i, text) for i, (number, text) in enumerate(document.pages, start=1)]
        labels = {number: f"{document.labels.get(number) or f'p.{number}'}, {where}" for number, _ in pages}
    return replace(document, pages=pages, labels=labels, notes=[f"attachment of {source}, {label}", *document.notes])


def forget(library, doc_id: str) -> None:
    """Forget the attachments of a forgotten document, and delete their files."""
    if not folder_of(library.folder, doc_id).exists():
        return
    for child in children(library, doc_id):
        library.forget(child.path)
    shutil.rmtree(folder_of(library.folder, doc_id), ignore_errors=True)


def safe_name(name: str) -> str:
    """A plain file name from an attachment's (untrusted) name: no folders, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    stem, dot, suffix = base.rpartition(".")
    stem = _UNSAFE.sub("_", stem if dot else base)[:100] or "attachment"
    return f"{stem}.{_UNSAFE.sub('', suffix)[:10].lower()}" if dot else stem


def _write(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
