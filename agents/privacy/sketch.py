"""The sketch that leaves: the redacted request itself, from which the local model may only remove sentences.

Why (CoGenesis, PAPILLON, measured here): a sketch the small model writes freely kept 17.8% of
the request's task words, so the cloud answered a different question. The redacted request
(agents/privacy/pseudonymize.py: typed placeholders and generalizations) keeps every other
word. The local model's only power is a grammar-constrained choice of sentences to leave out,
among those that carry personal background and not the task; it cannot add or reword a word.
The outbound text is re-checked by the detector, bounded in length, and its task is checked
(agents/privacy/task.py) before the user is asked.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from agents.engine.model_api import ChatModel
from agents.platform.cancel import CancelToken
from agents.privacy.detect import Detector
from agents.privacy.pseudonymize import PLACEHOLDER_RX, PlaceholderMap
from agents.privacy.spans import Span
from agents.privacy.task import TaskCheck, check_task, task_words

log = logging.getLogger(__name__)

MAX_SKETCH_CHARS = 16000      # the length bound on what leaves (about 4,000 tokens; PUPA's longest request is 13,671)
MAX_MODEL_CHARS = 2400        # how much of the redacted request the local model reads to choose
REMOVE_OVER_CHARS = 6000      # the model removes sentences only from requests longer than this (chosen on dev)
MAX_REMOVED = 8
# Placeholder kinds that say a sentence is about a person's life: a detected person, or where one works or studies.
PERSONAL_KINDS = frozenset({"PERSON", "EMPLOYER", "SCHOOL"})
# The writer's own voice: background a user gives about their life is told in the first person.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})

SELECT_SYSTEM = (
    "Below is a request for help, split into numbered sentences. Which sentences only tell personal background "
    "that the helper does not need for the task? Give their numbers. Give none if every sentence is needed.")
_EXAMPLE = ("1. I am <PERSON_1>, I grew up in a town in Spain and love dogs.\n2. Please proofread my cover letter "
            "below.\n3. Dear hiring manager, I apply for the analyst role at <EMPLOYER_1>.")
_EXAMPLE_CHOICE = '{"remove": [1]}'
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")


@dataclass(frozen=True)
class Sketch:
    """What would be sent, and the in-memory map to restore the reply."""

    text: str                    # the outbound text: the redacted request less the removed sentences
    redacted_request: str        # the whole request with placeholders (local only)
    mapping: PlaceholderMap
    removed: tuple[str, ...]     # sentences the local model removed (redacted form)
    rechecked: int               # spans the second detector pass redacted in the outbound text
    task: TaskCheck              # does the outbound text still carry the request's task?

    @property
    def from_model(self) -> bool:
        """Whether the local model changed anything (it can only remove)."""
        return bool(self.removed)


def redact(request: str, detector: Detector, mapping: PlaceholderMap, cancel: CancelToken | None = None) -> str:
    return mapping.pseudonymize(request, detector.detect(request, cancel))


def recheck(text: str, mapping: PlaceholderMap, known_terms: Iterable[str] = ()) -> tuple[str, int]:
    """Run the detector over outbound text again, treating every redacted value as known-private."""
    cleaned, spans = _rechecked(text, mapping, known_terms, None)
    return cleaned, len(spans)


def _rechecked(text: str, mapping: PlaceholderMap, known_terms: Iterable[str],
               source: str | None) -> tuple[str, list[Span]]:
    checker = Detector([*mapping.values, *known_terms])
    spans = checker.detect(text, keep=mapping.phrases)
    if source is not None:
        spans = [Span(s.start, s.end, s.kind, source) for s in spans]
    return mapping.pseudonymize(text, spans), spans


def bound(text: str, limit: int = MAX_SKETCH_CHARS) -> str:
    """At most `limit` characters, cut at a word; the line breaks the user wrote are kept."""
    text = re.sub(r"[ \t]+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


def sentences(text: str) -> list[str]:
    """The text's sentences and lines, each with the whitespace that followed it (they join back to `text`)."""
    parts: list[str] = []
    cursor = 0
    for m in _SPLIT.finditer(text):
        parts.append(text[cursor:m.end()])
        cursor = m.end()
    if cursor < len(text):
        parts.append(text[cursor:])
    return [p for p in parts if p]


def removable(parts: Sequence[str], request: str) -> list[int]:
    """Indexes of sentences the model may remove: the writer tells about a person, and none of the task's words.

    Why a person's placeholder and not any: the detected values are already replaced, so removing a sentence
    only hides what the detector missed beside them. Personal background (the sentences this step is for)
    names a person, or where one works or studies; a sentence whose only placeholders are capitalized terms,
    products, links or numbers is part of the text the user wants worked on (on dev every such removal cost
    content words and hid no private unit). And the background is the writer's own, told in the first
    person ("my friend <PERSON_1>"); a sentence about a third person alone is a story's or an article's.
    """
    task = {w.lower() for w in task_words(request)}
    out = []
    for i, part in enumerate(parts):
        words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", part)}
        if _personal(part) and words & FIRST_PERSON and not (task & words) and "?" not in part:
            out.append(i)
    return out


def _personal(part: str) -> bool:
    """Whether `part` holds a placeholder of a person, an employer or a school."""
    return any((m.group(1) or m.group(3) or m.group(5)) in PERSONAL_KINDS for m in PLACEHOLDER_RX.finditer(part))


def choose_removals(model: ChatModel, parts: Sequence[str], candidates: Sequence[int],
                    cancel: CancelToken | None = None) -> list[int]:
    """The model's choice among `candidates` (grammar-constrained to their numbers); [] on any failure."""
    numbered, shown = [], 0
    for i, part in enumerate(parts):
        line = f"{i + 1}. {' '.join(part.split())}"
        if shown + len(line) > MAX_MODEL_CHARS:
            break
        numbered.append(line)
        shown += len(line)
    allowed = [i + 1 for i in candidates if i < len(numbered)]
    if not allowed:
        return []
    schema: dict[str, Any] = {"type": "object", "required": ["remove"], "properties": {"remove": {
        "type": "array", "items": {"type": "integer", "enum": allowed}, "maxItems": min(MAX_REMOVED, len(allowed))}}}
    messages = [{"role": "system", "content": SELECT_SYSTEM}, {"role": "user", "content": _EXAMPLE},
                {"role": "assistant", "content": _EXAMPLE_CHOICE}, {"role": "user", "content": "\n".join(numbered)}]
    try:
        value = model.structured(messages, schema, cancel=cancel)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - no removal is always safe: the redacted request is sent
        if cancel is not None and cancel.cancelled:
            raise
        log.warning("the local model could not choose sentences to remove: %s", type(exc).__name__)
        return []
    chosen = value.get("remove", []) if isinstance(value, dict) else []
    return sorted({n - 1 for n in chosen if isinstance(n, int) and n in allowed})


def make_sketch(request: str, model: ChatModel | None, detector: Detector, *, cancel: CancelToken | None = None,
                known_terms: Iterable[str] = ()) -> Sketch:
    """Redact `request`; on a long request let the model remove background sentences; re-check; bound."""
    mapping = PlaceholderMap()
    redacted = redact(request, detector, mapping, cancel)
    parts = sentences(redacted)
    drop: list[int] = []
    if model is not None and len(redacted) > REMOVE_OVER_CHARS:
        drop = choose_removals(model, parts, removable(parts, request), cancel)
    kept = "".join(p for i, p in enumerate(parts) if i not in drop)
    # Only words of the redacted request can be here (removal adds nothing), so the re-check is a guard
    # against the known values alone; the full detector runs again on anything the user edits (check_edit).
    cleaned, rechecked = recheck(kept, mapping, known_terms) if known_terms else (kept, 0)
    text = bound(cleaned)
    return Sketch(text=text, redacted_request=redacted, mapping=mapping, removed=tuple(parts[i] for i in drop),
                  rechecked=rechecked, task=check_task(request, text, people(mapping)))


@dataclass(frozen=True)
class CheckedEdit:
    """The user's edit after the detector ran over it: the text that may leave, and what was replaced."""

    text: str
    replaced: tuple[str, ...]    # placeholders or generalizations the re-check put into the edit
    task: TaskCheck

    @property
    def note(self) -> str:
        if not self.replaced:
            return "Your edit was checked: no private details found."
        return (f"Your edit was checked: {len(self.replaced)} private detail(s) replaced by "
                f"{', '.join(dict.fromkeys(self.replaced))}. Nothing has been sent yet.")


def check_edit(edited: str, request: str, sketch: Sketch, known_terms: Iterable[str] = ()) -> CheckedEdit:
    """Run the same detector over the user's edit (every value already replaced counts as known-private)."""
    cleaned, spans = _rechecked(edited, sketch.mapping, known_terms, "edit")
    replaced = tuple(sketch.mapping.shown_for(s.text_of(edited)) for s in spans)
    text = bound(cleaned)
    return CheckedEdit(text, replaced, check_task(request, text, people(sketch.mapping)))


def people(mapping: PlaceholderMap) -> list[str]:
    """Values whose replacement still says what they are: a person, an employer, a generalization."""
    phrases = set(mapping.phrases)
    return [r.value for r in mapping.replacements if r.kind in ("PERSON", "EMPLOYER") or r.shown in phrases]
