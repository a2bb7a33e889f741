"""Asking and summarizing through the front door (agents/api/front_door.py)."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agents.events import CloudOffer, Consent, Event, Route
from agents.platform.cancel import CancelToken

if TYPE_CHECKING:
    from agents.core import Core

OfferAnswer = Callable[[CloudOffer], bool]
SUMMARY_MODES = ("short", "key-points", "questions")


class Asking:
    """`ask` and `summarize`: generators of the agents' typed events (agents/events.py)."""

    core: Core

    def ask(self, request: str, *, conversation_id: str | None = None, route: Route | None = None,
            scope: Sequence[str] = (), cancel: CancelToken | None = None, consent: Consent | None = None,
            accept_offer: OfferAnswer | None = None) -> Iterator[Event]:
        """Answer one request, streaming its events; the last is a FinalAnswer, an ErrorEvent or Stopped.

        `route` forces an expert (Route.CLOUD: the user asked to escalate); `scope` limits the documents
        to these indexed files or folders (hard: nothing outside is ever retrieved); `consent` is asked
        before anything leaves the machine; `accept_offer` answers a cloud offer (None: the offer is shown).
        """
        orchestrator = self.core.orchestrator(scope=tuple(scope)) if scope else self.core.orchestrator()
        yield from orchestrator.run(request, conversation_id=conversation_id, route=route, cancel=cancel,
                                    consent=consent, accept_offer=accept_offer)

    def summarize(self, path: str | Path, *, mode: str = "short", cancel: CancelToken | None = None,
                  index_first: bool = True) -> Iterator[Any]:
        """Summarize one document. A file on disk is indexed first (so it can be asked about afterwards;
        unchanged files are skipped at once; its IndexProgress events come first) unless `index_first`
        is False. A name of an indexed document is summarized as it is."""
        cancel = cancel or CancelToken()
        if index_first and Path(path).expanduser().is_file():
            yield from self.core.library().index([str(Path(path).expanduser())], cancel=cancel)
        yield from self.core.orchestrator().summarize(path, mode=mode, cancel=cancel)
