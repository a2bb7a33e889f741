"""A scripted fake core for the GUI's widget tests (no llama.cpp, no embedder, instant).

It has agents.core.Core's surface (settings, paths, model(), orchestrator(), library(),
history(), save_settings(), close(); tests/test_fakes_match.py compares them), so the GUI
tests run the real front door (agents.api.Enclave) over it. The history is the real
ConversationStore in the test's ENCLAVE_HOME, so conversation lists are real. The
end-to-end GUI test drives the real Core instead.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from agents.platform.cancel import CancelToken
from agents.events import (Citation, CloudExchange, ConsentRequest, ExpertFinished, ExpertStarted, FinalAnswer,
                           Progress, RetrievalHits, Route, RouteChosen, Token, ToolCalled, ToolResult)
from agents.platform.history import ConversationStore
from agents.platform.paths import data_paths
from agents.platform.settings import load_settings, save_settings
from rag.types import DocumentRecord, DocumentStatus, IndexProgress, Passage
from tests.fakes import ScriptedModel


def passage(path: str, page: int, text: str) -> Passage:
    return Passage(f"{path}-{page}", "d1", path, page, page, 0, len(text), text, 0.9, ("vector",))


class FakeOrchestrator:
    """Streams a scripted answer word by word, honouring cancel between tokens like the real one."""

    def __init__(self, core: "FakeCore") -> None:
        self.core = core
        self.requests: list[tuple[str, str | None]] = []
        self.tokens_yielded = 0
        self.routes: list[Route | None] = []
        self.scopes: list[tuple[str, ...]] = []

    def run(self, request: str, *, conversation_id: str | None = None, route: Route | None = None,
            cancel: CancelToken | None = None, consent: Callable[[ConsentRequest], bool] | None = None,
            accept_offer: Callable[[Any], bool] | None = None) -> Iterator[Any]:
        core = self.core
        if core.cloud_offer is not None and core.cloud_offer.before_local and route is None:
            yield core.cloud_offer
            if accept_offer is not None and accept_offer(core.cloud_offer):
                route = Route.CLOUD
        self.requests.append((request, conversation_id))
        self.routes.append(route)
        if core.fail_with is not None:
            raise core.fail_with
        store = core.history()
        if conversation_id is None:
            conversation_id = store.new_conversation(request)
        store.append(conversation_id, "user", request)
        yield RouteChosen(Route.DOCUMENTS, "the question names a document", "rule")
        yield ExpertStarted("retrieval", request)
        hits = tuple(passage(p, page, text) for p, page, text in core.sources)
        yield RetrievalHits(request, hits)
        yield ToolCalled("search_documents", {"query": request})
        yield ToolResult("search_documents", True, f"{len(hits)} passages")
        yield ExpertFinished("retrieval", f"{len(hits)} passages")
        yield from core.events_before_answer
        if core.consent_request is not None and consent is not None:
            allowed = consent(core.consent_request)
            yield CloudExchange(core.consent_request.endpoint, allowed, "ok" if allowed else "denied")
        words = core.answer.split(" ")
        for number, word in enumerate(words):
            if cancel is not None and cancel.cancelled:
                return
            self.tokens_yielded += 1
            yield Token(word + ("" if number == len(words) - 1 else " "))
            if core.token_delay:
                time.sleep(core.token_delay)
        citations = tuple(Citation(f"{Path(p).name} p.{page}", p, page, text) for p, page, text in core.sources)
        store.append(conversation_id, "assistant", core.answer, route="documents", citations=citations)
        yield FinalAnswer(core.answer, citations, Route.DOCUMENTS, conversation_id)
        if core.cloud_offer is not None and not core.cloud_offer.before_local and route is None:
            yield core.cloud_offer

    def summarize(self, path: str | Path, mode: str = "short", cancel: CancelToken | None = None) -> Iterator[Any]:
        self.core.summaries.append((str(path), mode))
        yield Progress(1, 2, "Reading pages")
        text = f"{mode} summary of {Path(path).name}"
        for word in text.split(" "):
            if cancel is not None and cancel.cancelled:
                return
            yield Token(word + " ")
        yield Progress(2, 2, "Combining")
        yield FinalAnswer(text, (), Route.SUMMARIZE)


class FakeEmbedder:
    def __init__(self) -> None:
        self.loaded = False

    def load(self) -> None:
        self.loaded = True


class FakeLibrary:
    """Indexes by walking the given paths; files named *bad* fail with a reason."""

    def __init__(self, core: "FakeCore") -> None:
        self.core = core
        self.embedder = FakeEmbedder()
        self.read_only_notice = ""
        self.records: dict[str, DocumentRecord] = {}
        self.index_calls: list[list[str]] = []
        self.forgotten: list[str] = []

    def index(self, paths: Sequence[str | Path], cancel: CancelToken | None = None, on_wait: Any = None, *,
              wait: bool = True) -> Iterator[IndexProgress]:
        self.index_calls.append([str(p) for p in paths])
        files: list[Path] = []
        for p in map(Path, paths):
            files += sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for number, file in enumerate(files):
            if cancel is not None and cancel.cancelled:
                from agents.platform.cancel import Cancelled
                raise Cancelled()
            yield IndexProgress(number, len(files), str(file))
            if self.core.index_delay:
                time.sleep(self.core.index_delay)
            if "bad" in file.name:
                record = DocumentRecord(str(number), str(file), DocumentStatus.FAILED, reason="no text layer (scanned PDF?)")
            else:
                record = DocumentRecord(str(number), str(file), DocumentStatus.INDEXED, pages=2, chunks=3, indexed_at=time.time())
            self.records[str(file)] = record
            yield IndexProgress(number + 1, len(files), "", record)

    def documents(self) -> list[DocumentRecord]:
        return list(self.records.values())

    def search(self, query: str, k: int = 8, scope: Sequence[str] | None = None) -> list[Passage]:
        return [passage(p, page, text) for p, page, text in self.core.sources][:k]

    def pending(self) -> list[str]:
        return []

    def resume(self, cancel: Any = None, *, wait: bool = True) -> Iterator[IndexProgress]:
        return iter(())

    def document_pages(self, path: str | Path) -> list[tuple[int | None, str]]:
        from rag.loaders import load_document
        return load_document(Path(path)).pages

    def forget(self, path: str | Path, cancel: Any = None, on_wait: Any = None) -> bool:
        self.forgotten.append(str(path))
        return self.records.pop(str(path), None) is not None


class FakeCore:
    def __init__(self, *, answer: str = "The invoice total is 42 euros.",
                 sources: Sequence[tuple[str, int, str]] = (), load_gate: threading.Event | None = None) -> None:
        self.paths = data_paths().ensure()
        loaded = load_settings(self.paths.settings_file)
        self.settings = loaded.settings
        self.settings_problems = loaded.problems
        self.answer = answer
        self.sources = list(sources)
        self.token_delay = 0.0
        self.index_delay = 0.0
        self.fail_with: BaseException | None = None
        self.consent_request: ConsentRequest | None = None
        self.cloud_offer: Any = None          # a CloudOffer event to yield after the answer
        self.events_before_answer: list[Any] = []     # yielded between retrieval and the answer's tokens
        self.summaries: list[tuple[str, str]] = []
        self.load_gate = load_gate
        self._model = ScriptedModel(default="Hello from the model alone")
        self._orchestrator = FakeOrchestrator(self)
        self._library = FakeLibrary(self)
        self._history: ConversationStore | None = None
        self.closed = False
        self.origin = "cli"          # the front door sets "gui" for the app

    def model_choice(self) -> Any:
        from agents.engine.model_source import choose_model
        return choose_model(self.settings.model_path)

    def model(self) -> Any:
        if self.load_gate is not None:
            self.load_gate.wait(30)
        return self._model

    def reload_model(self) -> None:
        self.reloads = getattr(self, "reloads", 0) + 1

    def orchestrator(self, scope: tuple[str, ...] = ()) -> FakeOrchestrator:
        self._orchestrator.scopes.append(tuple(scope))
        return self._orchestrator

    def library(self) -> FakeLibrary:
        return self._library

    def history(self) -> ConversationStore:
        if self._history is None:
            self._history = ConversationStore(self.paths.history_db, origin=self.origin)
        return self._history

    def save_settings(self, settings: Any = None) -> None:
        if settings is not None:
            self.settings = settings
        save_settings(self.paths.settings_file, self.settings)

    def close(self) -> None:
        self.closed = True


# -- pytest-qt helpers shared by the tests/test_gui_*.py files ------------------------------------
import pytest  # noqa: E402

QT_WARNINGS_FAIL = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # the offscreen platform plugin cannot size-hint or raise windows; harmless there, real on a desktop
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
    pytest.mark.gui,
]


@pytest.fixture
def make_app(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Build the real EnclaveApp around a given core; shut it down after the test."""
    from app.gui.application import EnclaveApp

    apps: list[Any] = []

    def make(core: Any, *, wait_ready: bool = True, **kwargs: Any) -> Any:
        enclave = EnclaveApp(lambda: core, show_error_dialogs=False, **kwargs)
        qtbot.addWidget(enclave.window)
        apps.append(enclave)
        enclave.start()
        if wait_ready:
            qtbot.waitUntil(lambda: enclave.controller.is_model_ready, timeout=60_000)
        return enclave

    yield make
    for enclave in apps:
        enclave.controller.shutdown()
        enclave.popup.hide()
        enclave.tray.hide()
        enclave.window.hide()
        for dialog in enclave.dialogs:
            dialog.hide()


def ask(qtbot: Any, enclave: Any, question: str) -> None:
    """Type a question in the main window, send it, and wait until the answer is finished."""
    enclave.window.chat.input.setPlainText(question)
    enclave.window.chat.send_button.click()
    qtbot.waitUntil(lambda: not enclave.window.session.busy, timeout=10_000)


def drop(widget: Any, paths: list[Path]) -> None:
    """Drag files onto a widget the way a file manager does (enter, then drop)."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
