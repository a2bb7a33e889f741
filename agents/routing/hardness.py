"""Is a request beyond the local model? A cheap local estimate, and the reason in words.

OrchestraLLM-style: the request's nearest labelled exemplars (resources/hardness_exemplars.json,
embedded once with the library's own embedder) vote on whether a large model was needed;
signals from the local attempt then add to that prior: the documents did not support an
answer, the answer is empty or repeats the question, the request asks for long-form writing,
explanation or code. The threshold comes from the exemplar file; bench/routing.py picks it on
its dev split and reports its test split. Nothing here sends anything: it only decides whether
to *offer* the redacted cloud path (agents/routing/offer.py).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

Embed = Callable[[Sequence[str]], Sequence[Sequence[float]]]

_LONG_FORM = re.compile(
    r"\b(?:write|draft|compose|rewrite|essay|cover letter|letter|story|poem|speech|outline|business plan|"
    r"explain|describe in detail|walk me through|compare|analy[sz]e|pros and cons|"
    r"debug|fix (?:this|my)|refactor|implement|code|function|script|query|stack trace|error|exception)\b", re.I)
_CODE = re.compile(r"```|\bdef \w+\(|\bclass \w+[(:]|\bSELECT\b.+\bFROM\b|[{};]\s*$|=>|\w+\(\)", re.M)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
LONG_REQUEST_CHARS = 400   # a pasted text to translate, rewrite or analyse, not a question


@dataclass(frozen=True)
class Attempt:
    """What the local run produced, as far as hardness is concerned."""

    route: str            # the route's value ("direct", "documents", ...)
    answer: str
    supported: bool = True   # the documents route found support for its answer


@dataclass(frozen=True)
class Hardness:
    score: float          # 0..1
    hard: bool
    reason: str           # one plain sentence, shown in "How I answered"


@dataclass(frozen=True)
class Exemplars:
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    threshold: float

    @staticmethod
    def shipped() -> "Exemplars":
        raw = json.loads(resources.files("resources").joinpath("hardness_exemplars.json").read_text("utf-8"))
        items = raw["exemplars"]
        return Exemplars(tuple(i["text"] for i in items), tuple(i["label"] for i in items),
                         float(raw.get("threshold", 0.5)))


class HardnessEstimator:
    """k nearest exemplars + attempt signals; thread-safe after the first call."""

    def __init__(self, embed: Embed, exemplars: Exemplars | None = None, *, k: int = 7,
                 threshold: float | None = None) -> None:
        self.embed = embed
        self.exemplars = exemplars or Exemplars.shipped()
        self.k = k
        self.threshold = self.exemplars.threshold if threshold is None else threshold
        self._matrix: np.ndarray | None = None

    def prior(self, request: str) -> tuple[float, str]:
        """Similarity-weighted share of the nearest exemplars that needed a large model, and the nearest one."""
        if self._matrix is None:
            self._matrix = _normalize(np.asarray(self.embed(list(self.exemplars.texts)), dtype=np.float32))
        query = _normalize(np.asarray(self.embed([request]), dtype=np.float32))[0]
        sims = self._matrix @ query
        nearest = np.argsort(-sims)[: self.k]
        weights = np.clip(sims[nearest], 0.0, None) + 1e-6
        large = np.array([self.exemplars.labels[i] == "large" for i in nearest], dtype=np.float32)
        return float((weights * large).sum() / weights.sum()), self.exemplars.texts[int(nearest[0])]

    def estimate(self, request: str, attempt: Attempt | None = None, known_names: Iterable[str] = ()) -> Hardness:
        """`known_names`: people, organisations and places from the user's documents (the library's graph)."""
        score, nearest = self.prior(request)
        reasons = [f"similar requests needed a large model ({score:.0%} of the closest, e.g. “{nearest}”)"
                   if score >= 0.5 else ""]
        named = mentioned_names(request, known_names)
        if named:
            score -= 0.3
            reasons.append(f"it names {', '.join(named[:2])} from your documents")
        if attempt is not None:
            if attempt.route == "documents" and attempt.supported:
                return Hardness(0.0, False, "answered from your documents")
            if attempt.route in ("tool", "summarize", "cloud"):
                return Hardness(0.0, False, f"handled by the {attempt.route} expert")
            if attempt.route == "documents" and not attempt.supported:
                score += 0.15
                reasons.append("your documents did not contain an answer")
            if _weak(attempt.answer, request):
                score += 0.3
                reasons.append("the local answer was empty or repeated the question")
        if _LONG_FORM.search(request) or _CODE.search(request):
            score += 0.2
            reasons.append("it asks for long-form writing, explanation or code")
        if len(request) > LONG_REQUEST_CHARS:
            score += 0.2
            reasons.append("it hands over a long text to work on")
        score = min(score, 1.0)
        hard = score >= self.threshold
        said = "; ".join(r for r in reasons if r) or "similar requests were answered well locally"
        return Hardness(round(score, 3), hard, ("This looks beyond the local model: " if hard else "Local is fine: ")
                        + said + ".")


def mentioned_names(request: str, names: Iterable[str]) -> list[str]:
    """Names from the user's documents that the request mentions (whole words; "JohnSmith" names "John Smith")."""
    from rag.entities import split_camel

    lowered = split_camel(request).lower()
    words = set(_WORD.findall(lowered))
    found = [n for n in names if len(n) >= 4 and not any(c.isdigit() for c in n)
             and n.lower().split()[0] in words and re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", lowered)]
    return sorted(found, key=len, reverse=True)


def private_share(request: str, spans: Sequence[object]) -> float:
    """The share of the request's letters and digits that the detector would replace."""
    total = sum(len(m.group()) for m in _WORD.finditer(request)) or 1
    hidden = 0
    for span in spans:
        hidden += sum(len(m.group()) for m in _WORD.finditer(request[span.start:span.end]))  # type: ignore[attr-defined]
    return hidden / total


def _weak(answer: str, request: str) -> bool:
    words = [w.lower() for w in _WORD.findall(answer)]
    if len(words) < 3:
        return True
    asked = {w.lower() for w in _WORD.findall(request)}
    return len(words) <= len(asked) + 3 and sum(w in asked for w in words) / len(words) >= 0.8


def _normalize(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
