"""The privacy gateway: redact, sketch, ask consent, send only the sketch, finish locally.

One request's life: the detector (patterns + the user's entity names + proper-noun
heuristics + context cues) pseudonymizes the request into the sketch (typed placeholders,
generalizations; the local model may only remove background sentences); the caller sees
the exact bytes, what was replaced and why, and whether the task survived, and answers
yes, no, or with an edit that is re-checked and shown again; only after a yes the one
network exit (agents.privacy.http) sends them, recorded in the ledger first. The reply is
de-pseudonymized here and the local model writes the final answer with the private
context (agents/experts/cloud.py). Any failure or a denial still ends in a local answer.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field

from agents.platform.cancel import CancelToken
from agents.events import (CloudExchange, Consent, ConsentRequest, EditedSketch, ErrorEvent, Event, ExpertFinished,
                           ExpertStarted)
from agents.platform.keychain import get_api_key
from agents.engine.model_api import ChatModel
from agents.platform.paths import DataPaths
from agents.privacy.detect import Detector
from agents.privacy.http import CloudError, Endpoint, EndpointError, Timeouts, parse_endpoint, post_chat
from agents.privacy.ledger import Ledger
from agents.privacy.names import find_names
from agents.privacy.sketch import Sketch, check_edit, make_sketch
from agents.platform.settings import Settings
from rag.types import Passage

log = logging.getLogger(__name__)

CLOUD_SYSTEM = ("You help with a task whose private details were removed. Placeholders like <PERSON_1> stand for "
                "them: keep them exactly as written. Reply with a concise draft or outline.")
MAX_REPLY_CHARS = 4000
MAX_EDITS = 5                 # rounds of edit -> re-check -> ask again before the request is dropped


def build_body(model: str, sketch: str) -> bytes:
    """The exact bytes that leave: an OpenAI chat-completions request carrying only the sketch."""
    payload = {"model": model, "messages": [{"role": "system", "content": CLOUD_SYSTEM},
                                            {"role": "user", "content": sketch}],
               "temperature": 0.3, "max_tokens": 700, "stream": False}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class CloudTarget:
    endpoint: Endpoint
    model: str
    api_key: str = field(repr=False)     # never in a repr, a log line or an error message


class CloudNotConfigured(Exception):
    """The cloud is off: no endpoint, model or key. The message says how to turn it on."""


def cloud_target(settings: Settings, key_provider: Callable[[], str | None] = get_api_key) -> CloudTarget:
    if not settings.cloud_endpoint or not settings.cloud_model:
        raise CloudNotConfigured("the cloud is off: set an endpoint first with `enclave cloud set-endpoint URL MODEL`")
    try:
        endpoint = parse_endpoint(settings.cloud_endpoint)
    except EndpointError as exc:
        raise CloudNotConfigured(f"the configured cloud endpoint cannot be used: {exc}") from None
    key = key_provider()
    if not key:
        raise CloudNotConfigured("no cloud API key: store one with `enclave cloud set-key` (OS keychain) or set "
                                 "$ENCLAVE_CLOUD_API_KEY for this session")
    return CloudTarget(endpoint, settings.cloud_model, key)


def private_terms(passages: Sequence[Passage], library: object | None) -> set[str]:
    """Names private by default: the library's entity graph and proper names in the retrieved passages."""
    terms: set[str] = set()
    if library is not None and hasattr(library, "entity_names"):
        try:
            terms.update(library.entity_names())
        except Exception as exc:  # noqa: BLE001 - a library fault must not open the gate wider; passages still count
            log.warning("library entity names unavailable: %s", type(exc).__name__)
    for passage in passages:
        terms.update(s.text_of(passage.text) for s in find_names(passage.text) if s.kind in ("NAME", "ORG"))
    return terms


class CloudGateway:
    """Runs one escalation; construct per request with the process's services."""

    def __init__(self, model: ChatModel, settings: Settings, paths: DataPaths, *, library: object | None = None,
                 key_provider: Callable[[], str | None] = get_api_key, timeouts: Timeouts | None = None) -> None:
        self.model, self.settings, self.paths, self.library = model, settings, paths, library
        self.key_provider = key_provider
        deadline = float(getattr(settings, "cloud_timeout_s", 60.0))
        self.timeouts = timeouts or Timeouts(connect=min(10.0, deadline), read=min(30.0, deadline), deadline=deadline)
        self.ledger = Ledger(paths.ledger_file)

    def escalate(self, request: str, passages: Sequence[Passage] = (), *, consent: Consent | None = None,
                 cancel: CancelToken | None = None) -> Generator[Event, None, str | None]:
        """Yield the exchange's events; return the cloud's reply with placeholders restored, or None."""
        cancel = cancel or CancelToken()
        yield ExpertStarted("cloud", "redact the request and sketch the task for the cloud")
        try:
            target = cloud_target(self.settings, self.key_provider)
        except CloudNotConfigured as exc:
            yield ErrorEvent(f"{exc}; answering locally")
            yield CloudExchange(self.settings.cloud_endpoint, False, "not configured")
            return None
        use_model = bool(getattr(self.settings, "cloud_model_detection", False))
        detector = Detector(private_terms(passages, self.library), model=self.model if use_model else None)
        sketch = make_sketch(request, self.model, detector, cancel=cancel)
        if cancel.cancelled:
            return None
        reply = yield from self._exchange(target, request, sketch, detector, consent, cancel)
        yield ExpertFinished("cloud", "the cloud's draft came back" if reply else "no cloud draft")
        return sketch.mapping.restore(reply) if reply is not None else None

    def _exchange(self, target: CloudTarget, request: str, sketch: Sketch, detector: Detector,
                  consent: Consent | None, cancel: CancelToken) -> Generator[Event, None, str | None]:
        """Ask consent (again after every edit, which is re-checked first), then send; returns the reply or None."""
        text, task_note, edit_note = sketch.text, sketch.task.message, ""
        for _ in range(MAX_EDITS + 1):
            body = build_body(target.model, text)
            question = ConsentRequest(target.endpoint.url, target.model, body, text,
                                      (*sketch.mapping.placeholders, *sketch.mapping.phrases),
                                      tuple(sketch.mapping.replacements), task_note, edit_note)
            yield question
            answer = consent(question) if consent is not None else False
            if not isinstance(answer, EditedSketch) or cancel.cancelled:
                break
            checked = check_edit(answer.text, request, sketch, detector.known.terms)
            text, task_note, edit_note = checked.text, checked.task.message, checked.note
        approved = bool(answer) and not isinstance(answer, EditedSketch)    # edits left unanswered: not sent
        if not approved or cancel.cancelled or not text.strip():
            yield CloudExchange(target.endpoint.url, False, "denied")
            return None
        try:
            entry = self.ledger.record_request(target.endpoint.url, target.model, body)
        except OSError as exc:      # no record, no send: the ledger must never miss a request that left
            yield ErrorEvent(f"the audit ledger cannot be written ({exc.strerror or type(exc).__name__}); "
                             "nothing was sent, answering locally")
            yield CloudExchange(target.endpoint.url, False, "ledger unwritable")
            return None
        started = time.monotonic()
        try:
            reply, size = post_chat(target.endpoint, body, target.api_key, timeouts=self.timeouts, cancel=cancel)
        except CloudError as exc:
            self.ledger.record_result(entry, exc.outcome, 0, time.monotonic() - started)
            if exc.outcome != "cancelled":
                yield ErrorEvent(f"{exc}; answering locally instead")
            yield CloudExchange(target.endpoint.url, True, exc.outcome)
            return None
        self.ledger.record_result(entry, "ok", size, time.monotonic() - started)
        yield CloudExchange(target.endpoint.url, True, "ok")
        return reply[:MAX_REPLY_CHARS]
