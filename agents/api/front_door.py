"""The one object the GUI and the CLI hold: `Enclave`, the core's typed front door.

Why one object (the way Anki's `Collection` is the one thing its GUI holds): the front ends
never reach into the agents or the library, so the core can change behind this surface, and a
behaviour (index before summarizing, where settings are saved, which errors are the user's) is
decided once, here, for both. Its parts live in small mixins: asking, the library,
conversations, configuration, models. Everything slow is lazy: creating an Enclave reads the settings
only; `start()` loads the model and the library (off the GUI thread). See docs/architecture.md.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from agents.api.asking import Asking
from agents.api.configuration import Configuration
from agents.api.conversations import Conversations
from agents.api.library_access import LibraryAccess
from agents.api.models_access import ModelManagement
from agents.api.types import LoadStage

if TYPE_CHECKING:
    from agents.core import Core
    from agents.engine.model_api import LoadableModel
    from agents.platform.paths import DataPaths


class Enclave(Asking, LibraryAccess, Conversations, Configuration, ModelManagement):
    """The core's front door; create one per process (the GUI on a worker thread, the CLI per command)."""

    def __init__(self, core: Core | None = None, *, paths: DataPaths | None = None,
                 model: LoadableModel | None = None, front_end: str = "cli") -> None:
        """`front_end` ("cli" or "gui") marks the conversations this process starts: the GUI's chat list
        leaves out the ones started and kept on the command line."""
        if core is None:
            from agents.core import Core

            core = Core(paths, model, origin=front_end)
        else:
            core.origin = front_end
        self.core = core
        self.front_end = front_end

    def start(self) -> Iterator[LoadStage]:
        """Load the model, then open the library and warm its embedding model; yields each stage."""
        yield LoadStage("Loading model…")
        self.core.model().load()
        yield LoadStage("Model ready · loading document library…", model_ready=True)
        self.warm_library()
        yield LoadStage("Ready", model_ready=True, library_ready=True)

    def load_model(self) -> str:
        """Load the model now (the CLI's `chat` does, to say when it is ready); returns its name."""
        return self.core.model().load().name

    def close(self) -> None:
        """Close the library and stop the model engine; safe to call twice."""
        self.core.close()

    def __enter__(self) -> Enclave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
