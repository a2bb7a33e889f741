"""The GUI's view of the core: a small facade over agents.core.Core.

Why a facade: the GUI must degrade clearly when a piece of the core is missing
(an older build without the document library, say) and must never call the
core from the GUI thread. Every method here is meant to run inside a StreamJob.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYSTEM_PROMPT = "You are Enclave, a helpful assistant that runs privately on the user's computer. Answer concisely."


@dataclass(frozen=True)
class LoadStage:
    """Start-up progress shown in the status bar ("Loading model…")."""

    text: str
    model_ready: bool = False
    library_ready: bool = False


@dataclass(frozen=True)
class ConversationInfo:
    conversation_id: str
    title: str
    updated: float = 0.0


class FeatureMissing(RuntimeError):
    """A feature's core piece is not installed; the message says which and what still works."""


class Services:
    """Wraps one Core; created on a worker thread by `load_services`."""

    def __init__(self, core: Any) -> None:
        self.core = core

    # -- what exists ---------------------------------------------------------
    @property
    def settings(self) -> Any:
        return self.core.settings

    @property
    def paths(self) -> Any:
        return self.core.paths

    @property
    def has_library(self) -> bool:
        return callable(getattr(self.core, "library", None))

    @property
    def has_orchestrator(self) -> bool:
        return callable(getattr(self.core, "orchestrator", None))

    def _library(self) -> Any:
        if not self.has_library:
            raise FeatureMissing("the document library is not part of this Enclave build; "
                                 "chat still works with the model alone")
        return self.core.library()

    # -- start-up --------------------------------------------------------------
    def load_model(self) -> Any:
        return self.core.model().load()

    def load_library(self) -> None:
        """Open the library and warm its embedding model, so the first question or drop is not slow."""
        if not self.has_library:
            return
        library = self.core.library()
        embedder = getattr(library, "embedder", None)
        embedder = embedder() if callable(embedder) else None
        if embedder is not None and callable(getattr(embedder, "load", None)):
            embedder.load()
        self._resume(library)

    @staticmethod
    def _resume(library: Any) -> None:
        """Finish documents a crash left pending, wherever they live (unless another process is writing)."""
        pending, resume = getattr(library, "pending", None), getattr(library, "resume", None)
        if not callable(pending) or not callable(resume) or not pending():
            return
        from rag.lock import LibraryBusy
        try:
            for _ in resume(wait=False):
                pass
        except LibraryBusy:
            pass     # the process that is writing folds pending documents into its own run

    # -- chat -------------------------------------------------------------------
    def ask(self, request: str, *, conversation_id: str | None, cancel: Any,
            consent: Callable[[Any], bool] | None, route: str | None = None,
            accept_offer: Callable[[Any], bool] | None = None) -> Iterator[Any]:
        """`route` forces one ("cloud": the user asked to escalate); None lets the orchestrator decide.
        `accept_offer` answers a cloud offer made before the local answer (the "ask first" setting)."""
        store = self._history()
        if store is not None and hasattr(store, "origin"):
            store.origin = "gui"       # conversations asked here belong to the GUI's chat list
        if self.has_orchestrator:
            from agents.events import Route
            yield from self.core.orchestrator().run(request, conversation_id=conversation_id,
                                                    route=Route(route) if route else None,
                                                    cancel=cancel, consent=consent, accept_offer=accept_offer)
            return
        if route == "cloud":
            raise FeatureMissing("asking the cloud needs the agent orchestrator, which is not part of this build")
        yield from self._model_only_answer(request, cancel)

    def _model_only_answer(self, request: str, cancel: Any) -> Iterator[Any]:
        """Fallback when the orchestrator is missing: the plain local model, said so in the trace."""
        from agents.events import FinalAnswer, Route, RouteChosen, Token

        yield RouteChosen(Route.DIRECT, "the agent orchestrator is not part of this build; "
                                        "answering with the model alone (no documents)", "rule")
        model = self.core.model()
        messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": request}]
        parts: list[str] = []
        for piece in model.chat(messages, max_tokens=self.settings.max_answer_tokens,
                                temperature=self.settings.temperature, cancel=cancel):
            parts.append(piece)
            yield Token(piece)
        if not cancel.cancelled:
            yield FinalAnswer("".join(parts).strip(), (), Route.DIRECT)

    def summarize(self, path: str | Path, mode: str, cancel: Any) -> Iterator[Any]:
        if not self.has_orchestrator:
            raise FeatureMissing("summarizing needs the agent orchestrator, which is not part of this build")
        yield from self.core.orchestrator().summarize(path, mode=mode, cancel=cancel)

    # -- library ------------------------------------------------------------------
    def index(self, paths: Sequence[str | Path], cancel: Any) -> Iterator[Any]:
        """Index on the job's thread; if someone else is writing the library, say so, then wait for it."""
        library = self._library()
        waiting = self._waiting_line(library)
        if waiting:
            from rag.types import IndexProgress
            yield IndexProgress(0, 0, waiting)
        yield from library.index(list(paths), cancel=cancel)

    @staticmethod
    def _waiting_line(library: Any) -> str:
        """A status line when the library's writer lock is taken now (rag.lock), else ''."""
        writer = getattr(library, "writer", None)
        if writer is None or not callable(getattr(writer, "try_hold", None)):
            return ""
        with writer.try_hold() as free:
            if free:
                return ""
        pid = writer.holder()
        if pid is None or pid == os.getpid():
            return "Waiting for the other indexing job (folder watcher) to finish…"
        return f"Waiting: another Enclave process (pid {pid}) is indexing this library…"

    def watch(self, folders: Sequence[str], on_progress: Callable[[Any], None]) -> Any | None:
        """Start keeping `folders` indexed (rag's watcher, on its own thread); None when nothing to watch."""
        if not folders or not self.has_library:
            return None
        from rag.watcher import LibraryWatcher
        watcher = LibraryWatcher(self._library(), list(folders), on_progress=on_progress)
        watcher.start()
        return watcher

    def documents(self) -> list[Any]:
        return list(self._library().documents()) if self.has_library else []

    def document_titles(self, limit: int = 3) -> list[Any]:
        """Titles of the latest indexed documents (rag.titles), for the first-run example questions."""
        from rag.titles import document_titles
        return document_titles(self._library(), limit) if self.has_library else []

    def preview(self, path: str, page: int | None, quote: str) -> Any:
        """The cited page or passage with `quote` marked (rag.preview), or a message saying why not."""
        from rag.preview import PreviewError, preview
        try:
            return preview(path, page, quote)
        except PreviewError as exc:
            return str(exc)

    def forget(self, path: str) -> bool:
        return bool(self._library().forget(path))

    # -- history --------------------------------------------------------------------
    def _history(self) -> Any:
        store = getattr(self.core, "history", None)
        return store() if callable(store) else None

    def conversations(self) -> list[ConversationInfo]:
        store = self._history()
        if store is None:
            return []
        listing = (getattr(store, "gui_conversations", None) or getattr(store, "list_conversations", None)
                   or getattr(store, "conversations", None))
        if listing is None:
            return []
        out: list[ConversationInfo] = []
        for item in listing():
            cid = _field(item, "conversation_id", "id")
            title = _field(item, "title") or "Untitled"
            updated = _field(item, "updated_at", "updated") or 0.0
            out.append(ConversationInfo(str(cid), str(title), float(updated) if isinstance(updated, int | float) else 0.0))
        return out

    def messages(self, conversation_id: str) -> list[tuple[Any, ...]]:
        store = self._history()
        if store is None:
            return []
        reader = getattr(store, "messages", None) or getattr(store, "load", None)
        if reader is None:
            return []
        result: list[tuple[Any, ...]] = []
        for msg in reader(conversation_id):     # (role, text, citations): a reopened answer keeps its sources
            result.append((str(_field(msg, "role")), str(_field(msg, "content", "text") or ""),
                           tuple(_field(msg, "citations") or ())))
        return result

    def delete_conversation(self, conversation_id: str) -> bool:
        store = self._history()
        return bool(store is not None and store.delete(conversation_id))

    # -- settings ---------------------------------------------------------------------
    def save_settings(self) -> None:
        self.core.save_settings()

    def close(self) -> None:
        self.core.close()


def _field(item: Any, *names: str) -> Any:
    for name in names:
        if isinstance(item, dict) and name in item:
            return item[name]
        if hasattr(item, name):
            return getattr(item, name)
    return None


def make_core() -> Any:
    """The real core (imported here, on the worker thread, so start-up never pays for it)."""
    from agents.core import Core
    return Core()


def load_services(core_factory: Callable[[], Any] | None = None) -> Iterator[Any]:
    """Create the core, load the model, then the library; yields LoadStage and finally Services."""
    yield LoadStage("Starting the assistant…")
    services = Services((core_factory or make_core)())
    yield services                     # usable for settings and queued questions right away
    yield LoadStage("Loading model…")
    services.load_model()
    yield LoadStage("Model ready · loading document library…" if services.has_library else "Model ready",
                    model_ready=True)
    services.load_library()
    yield LoadStage("Ready" if services.has_library else "Ready (document library not installed)",
                    model_ready=True, library_ready=services.has_library)
