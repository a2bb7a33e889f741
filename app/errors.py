"""The one place that turns the core's exceptions into messages for people.

Both the CLI and the GUI call `user_message`; None means "this is a bug", and the
caller shows it as one (with its traceback available), never as a user error.
"""
from __future__ import annotations

from agents.documents import DocumentNotFound, DocumentUnreadable
from agents.engine.gguf import GGUFError
from agents.platform.history import HistoryError
from agents.platform.keychain import KeychainError
from agents.engine.model_source import ModelNotFound
from agents.privacy.http import CloudError, EndpointError
from agents.engine.runtime import ModelError
from agents.experts.summarizer import SummaryError
from agents.tools.registry import ToolCallError
from rag.errors import LibraryError

# Exception types whose message is written for the user. Later modules append theirs.
USER_ERRORS: list[type[BaseException]] = [ModelError, GGUFError, ModelNotFound]
USER_ERRORS += [KeychainError, EndpointError, CloudError]
USER_ERRORS += [LibraryError]   # rag: bad queries, unknown documents, embedding model problems
USER_ERRORS += [HistoryError, SummaryError, DocumentNotFound, DocumentUnreadable, ToolCallError]  # agents


def user_message(exc: BaseException) -> str | None:
    if isinstance(exc, tuple(USER_ERRORS)):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return None
