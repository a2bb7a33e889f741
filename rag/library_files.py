"""Which files an index run covers, and how the library names them: ids, canonical paths, content hashes.

Folders are walked in a stable order, hidden files and folders skipped, unsupported formats left
out; a path that was indexed and is now gone is reported so that it leaves the index.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from rag.loaders import is_supported

log = logging.getLogger(__name__)
INTERRUPTED = "indexing was interrupted; it will be redone on the next index run"


def doc_id_for(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


def canonical(path: str | Path) -> str:
    return str(Path(path).expanduser().resolve())


def hash_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expand(paths: Sequence[str | Path], known: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(files to index, paths that do not exist, indexed paths that are gone) for the paths asked for."""
    files: dict[str, None] = {}
    missing: list[str] = []
    removed: list[str] = []
    for raw in paths:
        path = canonical(raw)
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path, onerror=lambda e: log.warning("cannot list %s", e.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if not name.startswith(".") and is_supported(Path(full)):
                        files[full] = None
            prefix = path.rstrip(os.sep) + os.sep
            removed.extend(k for k in known if k.startswith(prefix) and not os.path.exists(k))
        elif os.path.exists(path):
            files[path] = None
        elif path in known:
            removed.append(path)        # it was indexed and is gone: it leaves the index
        else:
            missing.append(path)
    return list(files), missing, removed
