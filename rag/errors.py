"""The library's user-facing errors, in a module light enough for app/errors.py to import."""
from __future__ import annotations


class LibraryError(Exception):
    """A library request that cannot be done; the message is for the user."""


class EmbeddingModelError(LibraryError):
    """The embedding model cannot be found or loaded; the message says what to do."""
