"""The core's front door: one object that the CLI and the GUI both drive.

It owns the settings, the data folder and (lazily, because they are slow to
start) the local model and the other services. Nothing here imports Qt.
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

    def __init__(self, paths: DataPaths | None = None, model: LoadableModel | None = None) -> None:
        self.paths = (paths or data_paths()).ensure()
        loaded = load_settings(self.paths.settings_file)
        self.settings: Settings = loaded.settings
        self.settings_problems: list[str] = loaded.problems
        self._lock = threading.Lock()
        self._model: LoadableModel | None = model   # tests pass a scripted fake here
        self._library_lock = threading.Lock()
        self._library: Library | None = None
        self._agents_lock = threading.Lock()
        self._history: ConversationStore | None = None
        self._orchestrator: Orchestrator | None = None

    def save_settings(self) -> None:
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
                self._history = ConversationStore(self.paths.history_db)
            return self._history

    def orchestrator(self) -> "Orchestrator":
        """The agent that answers requests; built on the one model and the one library."""
        from agents.orchestrator import Orchestrator, library_embedder

        if self._orchestrator is None:
            library = self.library()
            built = Orchestrator(self.model(), library, settings=self.settings, paths=self.paths,
                                 history=self.history(), embed=library_embedder(library))
            with self._agents_lock:
                if self._orchestrator is None:
                    self._orchestrator = built
        assert self._orchestrator is not None
        return self._orchestrator

    def scoped_orchestrator(self, scope: list[str]) -> "Orchestrator":
        """An orchestrator whose library is hard-scoped to `scope` (files or folders; rag.scope): nothing
        outside it is ever retrieved. LibraryError when nothing is indexed there. `ask --in` and the GUI's
        scope chip use it."""
        from agents.orchestrator import Orchestrator, library_embedder
        from rag.scope import ScopedLibrary

        library = self.library()
        return Orchestrator(self.model(), ScopedLibrary(library, scope), settings=self.settings, paths=self.paths,
                            history=self.history(), embed=library_embedder(library))

    def close(self) -> None:
        with self._library_lock:
            if self._library is not None:
                self._library.close()
                self._library = None
        with self._lock:
            if self._model is not None:
                self._model.close()
                self._model = None
