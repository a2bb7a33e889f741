"""The base of every error written for the user, and the library's own ones.

`UserError` lives here, in the lowest layer, so that rag and agents can both raise it;
the front door (agents/api) re-exports it and the GUI and the CLI catch only that type
(docs/architecture.md, "Errors"). Light to import: no third-party modules.
"""
from __future__ import annotations

import errno


class UserError(Exception):
    """A request that cannot be done, with a message written for the user (never a bug)."""


class LibraryError(UserError):
    """A library request that cannot be done; the message is for the user."""


class EmbeddingModelError(LibraryError):
    """The embedding model cannot be found or loaded; the message says what to do."""


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC anywhere in the chain, or SQLite's SQLITE_FULL ("database or disk is full")."""
    seen: BaseException | None = exc
    for _ in range(16):           # a bounded walk: exception chains can loop
        if seen is None:
            break
        if getattr(seen, "errno", None) == errno.ENOSPC or getattr(seen, "sqlite_errorcode", None) == 13:
            return True
        if "disk is full" in str(seen) or "No space left" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
