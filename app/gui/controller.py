"""The app's controller: owns the core's front door (agents.api.Enclave, loaded in the background),
jobs, errors and consent.

Widgets never touch the core; they ask the controller for a job and connect to
its signals. Until the model is loaded, requests wait in a queue (the user can
type and send while the model loads).
"""
from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from agents.api import Enclave, LoadStage

from app.gui.consent import ConsentBroker
from app.gui.error_channel import ErrorChannel
from app.gui.gc_policy import GcPolicy
from app.gui.jobs import CancelFlag, JobRunner, StreamJob

CoreFactory = Callable[[], Any]     # tests: a fake with agents.core.Core's surface (tests/gui_fakes.py)


def start_enclave(core_factory: CoreFactory | None = None) -> Iterator[LoadStage | Enclave]:
    """Create the front door (settings usable at once), then load the model and the library."""
    yield LoadStage("Starting the assistant…")
    enclave = Enclave(core_factory(), front_end="gui") if core_factory is not None else Enclave(front_end="gui")
    yield enclave
    yield from enclave.start()

GIL_SWITCH_S = 0.001


class AppController(QObject):
    stage = Signal(LoadStage)
    enclave_ready = Signal(Enclave)     # settings usable; the model may still be loading
    model_ready = Signal()
    library_changed = Signal()          # documents were added, re-indexed or forgotten

    def __init__(self, core_factory: CoreFactory | None = None, parent_widget: QWidget | None = None,
                 *, show_error_dialogs: bool = True, consent_decider: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent_widget)
        self._core_factory = core_factory
        self.errors = ErrorChannel(parent_widget, show_dialogs=show_error_dialogs)
        self.runner = JobRunner(self)
        self.runner.failed.connect(self.errors.report)
        self.consent = ConsentBroker(parent_widget, decide=consent_decider)
        self.enclave: Enclave | None = None
        self.is_model_ready = False
        self.last_stage: LoadStage | None = None
        self._waiting: list[Callable[[], None]] = []
        self._waiting_for_enclave: list[Callable[[Enclave], object]] = []
        self._loader: StreamJob | None = None
        self.gc_policy = GcPolicy(lambda: self.runner.running > 0, self)
        self._switch_interval: float | None = None

    # -- start-up -----------------------------------------------------------------
    def start_loading(self) -> StreamJob:
        self.gc_policy.start()
        # Workers run pure-Python work (parsing, chunking) beside the GUI thread; a shorter GIL switch
        # interval lets the GUI thread take the GIL back within ~1 ms instead of queueing behind them.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GIL_SWITCH_S)
        job = StreamJob("loading the model", lambda flag: start_enclave(self._core_factory))
        job.item.connect(self._on_load_item)
        self._loader = job
        return self.runner.start(job)

    def _on_load_item(self, item: LoadStage | Enclave) -> None:
        if isinstance(item, Enclave):
            self.enclave = item
            self.enclave_ready.emit(item)
            waiting, self._waiting_for_enclave = self._waiting_for_enclave, []
            for use in waiting:
                use(item)
            return
        self.last_stage = item
        if item.ready:
            gc.freeze()      # the core's import-time objects live for the session: keep them out of full GCs
        self.stage.emit(item)
        if item.model_ready and not self.is_model_ready:
            self.is_model_ready = True
            self.model_ready.emit()
            waiting, self._waiting = self._waiting, []
            for start in waiting:
                start()

    def when_started(self, use: Callable[[Enclave], object]) -> bool:
        """Call `use(enclave)` now if the core's front door exists (settings read), else once it does."""
        if self.enclave is not None:
            use(self.enclave)
            return True
        self._waiting_for_enclave.append(use)
        return False

    def when_ready(self, start: Callable[[], None]) -> bool:
        """Run `start` now if the model is loaded, else once it is; True when it ran now."""
        if self.is_model_ready:
            start()
            return True
        self._waiting.append(start)
        return False

    # -- jobs ----------------------------------------------------------------------------
    def job(self, name: str, work: Callable[[Enclave, CancelFlag], Iterable[Any] | None], *,
            urgent: bool = False) -> StreamJob:
        """A job that calls `work(enclave, flag)` on a worker thread; not started yet. Background jobs
        run at a lower priority; `urgent` ones (what the user waits for: an answer, a preview) do not."""
        def run(flag: CancelFlag) -> Iterable[Any] | None:
            if self.enclave is None:
                raise RuntimeError("the core is not loaded yet")
            return work(self.enclave, flag)
        return StreamJob(name, run, urgent=urgent)

    def start(self, job: StreamJob) -> StreamJob:
        return self.runner.start(job)

    def shutdown(self) -> None:
        self.gc_policy.stop()
        if self._switch_interval is not None:
            sys.setswitchinterval(self._switch_interval)
        self.consent.shutdown()
        self.runner.stop_all()
        if self.enclave is not None:
            try:
                self.enclave.close()
            except Exception as exc:  # noqa: BLE001 - closing must not hide the quit
                self.errors.history.append(self.errors_describe(exc))

    @staticmethod
    def errors_describe(exc: BaseException) -> Any:
        from app.gui.error_channel import describe_exception
        return describe_exception(exc, doing="closing")
