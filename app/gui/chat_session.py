"""One conversation's logic: submit, stream, stop, regenerate, switch conversations.

Shared by the main window and the tray's quick-query popup: both render into a
ChatPanel (and optionally a SourcesPanel) and drive the same controller.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from agents.api import (CitationMade, CloudOffer, ErrorEvent, Event, FinalAnswer, Progress, Route, Stopped,
                        StoredMessage, Token, answer_summary)
from app.gui.chat_panel import ChatPanel
from app.gui.cloud_switch import plain_cloud_message
from app.gui.controller import AppController
from app.gui.jobs import ErrorInfo, StreamJob
from app.gui.sources_panel import SourcesPanel


class ChatSession(QObject):
    answered = Signal(FinalAnswer)
    conversation_changed = Signal(object)   # id (str, or None before the first answer is stored)
    switched = Signal()                     # a new or another chat is shown (what showed the old one is reset)

    def __init__(self, controller: AppController, panel: ChatPanel, sources: SourcesPanel | None = None) -> None:
        super().__init__(panel)
        self.controller = controller
        self.panel = panel
        self.sources = sources
        self.conversation_id: str | None = None     # the core's history assigns one with the first answer
        self.job: StreamJob | None = None
        self.scope: Callable[[], list[str]] = list      # the scope chip's paths (app.gui.scope_chip), [] = all
        self._stopped = False
        self._generation = 0           # which submit a queued start belongs to
        panel.submitted.connect(self.submit)
        panel.stop_requested.connect(self.stop)
        panel.regenerate_requested.connect(self.regenerate)
        panel.offer_accepted.connect(self.ask_cloud)
        self._next_route: Route | None = None    # CLOUD once, when the user accepted a cloud offer

    @property
    def busy(self) -> bool:
        return self.job is not None or bool(self.panel.turns and self.panel.turns[-1].status == "waiting")

    def submit(self, text: str) -> None:
        if self.busy:
            self.panel.set_status("Wait for the current answer, or press Stop")
            return
        self._stopped = False
        self._generation += 1
        self.panel.start_turn(text)
        if self.sources is not None:
            self.sources.set_citations([])
        if not self.controller.when_ready(lambda g=self._generation: self._run(text, g)):
            self.panel.set_status("Waiting for the model to load — your question will be answered then")

    def _run(self, text: str, generation: int) -> None:
        if self._stopped or generation != self._generation:
            return       # stopped (or replaced) while waiting for the model
        cid = self.conversation_id
        consent = self.controller.consent
        route = Route.CLOUD if self.panel.cloud_button.isChecked() or self._next_route == Route.CLOUD else None
        self.panel.cloud_button.setChecked(False)          # escalation is per question, never sticky
        self._next_route = None
        scope = self.scope()
        job = self.controller.job("answering", lambda enclave, flag: enclave.ask(
            text, conversation_id=cid, cancel=flag.token(), consent=consent.callback(flag.token()), route=route,
            scope=scope,
            accept_offer=lambda offer: offer.before_local and consent.ask(offer, flag.token())), urgent=True)
        job.item.connect(self._on_event)
        job.succeeded.connect(self._on_done)
        job.cancelled_signal.connect(self._on_done)
        job.failed.connect(self._on_failed)
        self.job = job
        self.panel.set_status("Answering…")
        self.panel.set_busy(True)
        self.controller.start(job)

    def _on_event(self, event: Event) -> None:
        if self._stopped:
            return
        if isinstance(event, Token):
            self.panel.append_token(event.text)
        elif isinstance(event, CitationMade):
            turn = self.panel.turns[-1]
            turn.citations.append(event.citation)
            if self.sources is not None:
                self.sources.add_citation(event.citation)
        elif isinstance(event, FinalAnswer):
            self.conversation_id = event.conversation_id or self.conversation_id
            self.panel.finish_turn("done", answer=event.text, citations=list(event.citations))
            self.panel.set_how(answer_summary(event))
            if self.sources is not None:
                self.sources.set_citations(event.citations)
            self.answered.emit(event)
        elif isinstance(event, CloudOffer):
            self.panel.add_trace(event)
            if event.offered:
                self.panel.turns[-1].offer = event.reason
                self.panel.render_tail()
        elif isinstance(event, Progress):
            self.panel.set_status(f"{event.label} ({event.done}/{event.total})")
            self.panel.add_trace(event)
        else:
            self.panel.add_trace(event)
            if isinstance(event, ErrorEvent | Stopped):
                self.panel.turns[-1].note = plain_cloud_message(event.message)
                self.panel.render()

    def _on_done(self) -> None:
        self.job = None
        turn = self.panel.turns[-1] if self.panel.turns else None
        if turn is not None and turn.status in ("waiting", "streaming"):
            self.panel.finish_turn("stopped" if self._stopped else "done")
        self.panel.set_status("Stopped" if self._stopped else "")
        self.panel.set_busy(False)
        self.conversation_changed.emit(self.conversation_id)

    def _on_failed(self, info: ErrorInfo) -> None:
        self.job = None
        if self.panel.turns:
            self.panel.finish_turn("failed", note=f"Could not answer: {info.message}")
        self.panel.set_status("")
        self.panel.set_busy(False)

    def stop(self) -> None:
        """Stops rendering at once and cancels the run (the model stops at its next token)."""
        if not self.panel.turns or self.panel.turns[-1].status not in ("waiting", "streaming"):
            return
        self._stopped = True
        if self.job is not None:
            self.job.cancel()
        self.panel.finish_turn("stopped")
        self.panel.set_status("Stopped")
        self.panel.set_busy(self.job is not None)

    def ask_cloud(self, index: int) -> None:
        """The user accepted a cloud offer: ask that question again through the redacted cloud path."""
        if self.busy or not 0 <= index < len(self.panel.turns):
            return
        question = self.panel.turns[index].question
        self.panel.turns[index].offer = ""
        self.panel.render()
        self._next_route = Route.CLOUD
        self.submit(question)

    def regenerate(self) -> None:
        if self.busy or not self.panel.turns:
            return
        question = self.panel.turns.pop().question
        self.submit(question)

    def new_conversation(self) -> None:
        if self.job is not None:
            self.stop()
        self.conversation_id = None
        self.panel.clear()
        if self.sources is not None:
            self.sources.set_citations([])
        self.switched.emit()
        self.panel.focus_input()

    def open_conversation(self, conversation_id: str | None, messages: list[StoredMessage]) -> None:
        if self.job is not None:
            self.stop()
        self.conversation_id = conversation_id
        self.panel.load_history(messages)
        self.switched.emit()
        if self.sources is not None:     # the sources of the last answer, as when it was given
            self.sources.set_citations(self.panel.turns[-1].citations if self.panel.turns else [])
