"""The one error type the front ends catch, and the one place that words an exception for people.

Every exception whose message is written for the user subclasses `UserError` (defined in
rag/errors.py, the lowest layer, so rag and agents can both raise it). Anything else is a bug:
`user_message` returns None and the front end shows it as one, with its traceback.
"""
from __future__ import annotations

from agents.platform.cancel import Cancelled
from rag.errors import UserError, is_disk_full

__all__ = ["Cancelled", "UserError", "user_message"]


def user_message(exc: BaseException) -> str | None:
    """The message to show for `exc`, or None when it is a bug."""
    if isinstance(exc, UserError):
        return str(exc)
    if is_disk_full(exc):
        return "The disk is full; free some space and try again (nothing already saved was lost)."
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return None
