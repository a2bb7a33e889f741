"""Redact a request, let the local model sketch the task, and re-check the sketch.

Why a sketch (CoGenesis, PAPILLON): the cloud needs to know what kind of help is
wanted, not the user's details. The local model only ever sees the pseudonymized
request, writes a short task description, and the detector runs again over what
it wrote (plus a literal check against every value already redacted) before
anything can be offered for sending.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agents.platform.cancel import CancelToken
from agents.engine.model_api import ChatModel
from agents.privacy.detect import Detector
from agents.privacy.pseudonymize import PlaceholderMap

log = logging.getLogger(__name__)

MAX_SKETCH_CHARS = 400        # the length bound on what leaves
MAX_REQUEST_CHARS = 2400      # how much of the redacted request the local model reads

SKETCH_SYSTEM = (
    "Rewrite the user's request as a short task description for an outside expert. Say what kind of help is "
    "needed. Keep placeholders like <PERSON_1> exactly as written. Leave out names, places, numbers, dates and "
    "personal details. One or two sentences.")
_EXAMPLE_REQUEST = ("Write an email to <NAME_1> at <ORG_1> saying I, <NAME_2>, cannot attend the interview on "
                    "<DATE_1> because my mother is in hospital.")
_EXAMPLE_SKETCH = ('{"sketch": "Write a polite email to <NAME_1> at <ORG_1> declining an interview for a family '
                   'medical emergency, signed <NAME_2>."}')
SKETCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"sketch": {"type": "string", "minLength": 10, "maxLength": 300}},
    "required": ["sketch"],
}


@dataclass(frozen=True)
class Sketch:
    """What would be sent, and the in-memory map to restore the reply."""

    text: str                    # the outbound task description
    redacted_request: str        # the request with placeholders (local only)
    mapping: PlaceholderMap
    from_model: bool             # False: the model's sketch was unusable, the redacted request was used
    rechecked: int               # spans the second detector pass had to redact in the model's sketch


def redact(request: str, detector: Detector, mapping: PlaceholderMap, cancel: CancelToken | None = None) -> str:
    return mapping.pseudonymize(request, detector.detect(request, cancel))


def recheck(text: str, mapping: PlaceholderMap, known_terms: Iterable[str] = ()) -> tuple[str, int]:
    """Run the detector over outbound text again, treating every redacted value as known-private."""
    checker = Detector([*mapping.values, *known_terms])
    spans = checker.detect(text)
    cleaned = mapping.pseudonymize(text, spans)
    return cleaned, len(spans)


def _bound(text: str, limit: int = MAX_SKETCH_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


def make_sketch(request: str, model: ChatModel, detector: Detector, *, cancel: CancelToken | None = None,
                known_terms: Iterable[str] = ()) -> Sketch:
    """Redact `request`, have the local model describe the task, re-check, bound the length."""
    known = list(known_terms)
    mapping = PlaceholderMap()
    redacted = redact(request, detector, mapping, cancel)
    messages = [
        {"role": "system", "content": SKETCH_SYSTEM},
        {"role": "user", "content": _EXAMPLE_REQUEST},
        {"role": "assistant", "content": _EXAMPLE_SKETCH},
        {"role": "user", "content": redacted[:MAX_REQUEST_CHARS]},
    ]
    proposed = ""
    try:
        value = model.structured(messages, SKETCH_SCHEMA, cancel=cancel)  # type: ignore[arg-type]
        proposed = str(value.get("sketch", "")).strip()
    except Exception as exc:  # noqa: BLE001 - a failed sketch falls back to the redacted request
        if cancel is not None and cancel.cancelled:
            raise
        log.warning("the local model could not sketch the task: %s", type(exc).__name__)
    from_model = len(proposed) >= 10 and _keeps_placeholders(proposed, mapping)
    source = proposed if from_model else redacted
    cleaned, rechecked = recheck(source, mapping, known)
    text = _bound(cleaned)
    return Sketch(text=text, redacted_request=redacted, mapping=mapping, from_model=from_model, rechecked=rechecked)


def _keeps_placeholders(sketch: str, mapping: PlaceholderMap) -> bool:
    """A sketch must not invent placeholders (the reply could not be restored)."""
    return not mapping.unknown_placeholders(sketch)
