"""The core's services: the settings, the data folder, and (lazily, because they are slow to start)
the one model, library, history and orchestrator of the process.

The front ends never hold this object: they hold agents.api.Enclave, which wraps it. Tests
of the GUI pass a fake with the same surface (tests/gui_fakes.py; a test compares the two).
Nothing here imports Qt.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from agents.engine.model_api import LoadableModel
from agents.engine.model_source import ModelChoice, choose_model
from agents.platform.paths import DataPaths, data_paths
from agents.engine.runtime import ModelConfig
from agents.platform.settings import Settings, load_settings, save_settings

if TYPE_CHECKING:
    from agents.platform.history import ConversationStore
    from agents.orchestrator import Orchestrator
    from rag.library import Library


class Core:
    """Services shared by every front end; create one per process."""

    def __init__(self, paths: DataPaths | None = None, model: LoadableModel | None = None, *,
                 origin: str = "cli") -> None:
        self.paths = (paths or data_paths()).ensure()
        loaded = load_settings(self.paths.settings_file)
        self.settings: Settings = loaded.settings
        self.settings_problems: list[str] = loaded.problems
        self._lock = threading.Lock()
        self._model: LoadableModel | None = model   # tests pass a scripted fake here
        self._library_lock = threading.Lock()
        self._library: Library | None = None
        self.origin = origin          # which front end this process is ("cli", "gui"): new chats are marked so
        self._agents_lock = threading.Lock()
        self._history: ConversationStore | None = None
        self._orchestrator: Orchestrator | None = None

    def save_settings(self, settings: Settings | None = None) -> None:
        """Write the settings (after making `settings` the active ones); the next request's agents use them."""
        if settings is not None and settings is not self.settings:
            self.settings = settings
            with self._agents_lock:
                self._orchestrator = None       # rebuilt on the next request, on the same model and library
        save_settings(self.paths.settings_file, self.settings)

    def model_choice(self) -> ModelChoice:
        return choose_model(self.settings.model_path)

    def model(self) -> LoadableModel:
        """The process's one model (created on first use; `load()` it off the GUI thread).

        Normally llama.cpp in its own engine process (agents/engine/client.py), so a native crash
        never takes this process down; the user's own inference server when one is configured.
        """
        with self._lock:
            if self._model is None:
                self._model = self._make_model()
            return self._model

    def reload_model(self) -> None:
        """Drop the model so the next use creates it from the settings as they are now (a model switch)."""
        with self._lock:
            old, self._model = self._model, None
        with self._agents_lock:
            self._orchestrator = None
        if old is not None:
            old.close()

    def _make_model(self) -> LoadableModel:
        if self.settings.inference_server_url.strip():
            from agents.engine.openai_server import ServerConfig, ServerModel
            from agents.platform.keychain import load_server_key

            return ServerModel(ServerConfig(url=self.settings.inference_server_url,
                                            model=self.settings.inference_server_model,
                                            context_size=self.settings.context_size, api_key=load_server_key()))
        from agents.engine.client import EngineModel

        return EngineModel(self._model_config(self.model_choice().path), check_file=self.paths.home / "engine-checks.json")

    def _model_config(self, path: Path) -> ModelConfig:
        return ModelConfig(path=path, context_size=self.settings.context_size, threads=self.settings.threads)

    # -- document library -------------------------------------------------------
    def library(self) -> "Library":
        """The process's one document library at paths.library_dir (embedding model loads on first use)."""
        from rag.library import Library

        with self._library_lock:
            if self._library is None:
                extractor = None
                if self.settings.model_entity_extraction:
                    from rag.model_entities import ModelEntityExtractor

                    extractor = ModelEntityExtractor(self.model())
                self._library = Library(self.paths.library_dir, embedding_model=self.settings.embedding_model,
                                        model_extractor=extractor)
            return self._library

    # -- agents -----------------------------------------------------------------
    def history(self) -> "ConversationStore":
        """The conversation history, SQLite in the data folder (`enclave ask --continue`, the GUI's chats)."""
        from agents.platform.history import ConversationStore

        with self._agents_lock:
            if self._history is None:
                self._history = ConversationStore(self.paths.history_db, origin=self.origin)
            return self._history

    def orchestrator(self, scope: tuple[str, ...] = ()) -> "Orchestrator":
        """The agent that answers requests; built on the one model and the one library.

        With a `scope` (files or folders), a fresh orchestrator whose library is hard-scoped to them.
        """
        from agents.orchestrator import Orchestrator, library_embedder

        if scope:
            from rag.scope import ScopedLibrary

            library = self.library()
            return Orchestrator(self.model(), ScopedLibrary(library, list(scope)), settings=self.settings,
                                paths=self.paths, history=self.history(), embed=library_embedder(library))
        if self._orchestrator is None:
            library = self.library()
            built = Orchestrator(self.model(), library, settings=self.settings, paths=self.paths,
                                 history=self.history(), embed=library_embedder(library))
            with self._agents_lock:
                if self._orchestrator is None:
                    self._orchestrator = built
        assert self._orchestrator is not None
        return self._orchestrator

    def close(self) -> None:
        with self._library_lock:
            if self._library is not None:
                self._library.close()
                self._library = None
        with self._lock:
            if self._model is not None:
                self._model.close()
                self._model = None
