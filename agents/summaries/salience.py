"""How much a sentence deserves a place in a summary: position, section, centrality, key terms, facts.

Why these signals: a document says what it is near its start and in its abstract or conclusion;
a sentence close to the centre of all the document's sentences (MiniLM vectors, the library's one
embedder, or term vectors when there is none) speaks for the whole; a sentence rich in the
document's frequent terms and title words covers its subject; and the facts a reader needs —
parties, dates, amounts, names (the claim check's own extractor) — must not be lost. The weights
were chosen on ACLSum's train split only (bench/summaries.py --tune); the generated contract and
meeting note are the second corpus the rule must also hold on.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from agents.answers.claims import claims
from agents.answers.evidence import content_terms
from agents.summaries.units import Unit, section_kind

Embed = Callable[[Sequence[str]], Sequence[Sequence[float]]]

# what a document is, whom it binds, what it found or decided (a few words a summary sentence tends to hold)
_CUE = re.compile(r"\b(?:this (?:paper|article|work|report|agreement|contract|document|note|meeting|study)|"
                  r"we (?:propose|present|introduce|describe|show|find|found|report|demonstrate|investigate)|"
                  r"(?:results?|experiments?|evaluations?) (?:show|indicate|demonstrate|suggest)|"
                  r"outperform\w*|state[- ]of[- ]the[- ]art|significant(?:ly)?|improve\w*|"
                  r"is made between|agreed|decided|approved|will (?:lead|order|send|prepare|review))\b",
                  re.IGNORECASE)
FEATURES = ("lead", "section_lead", "abstract", "conclusion", "introduction", "centrality", "terms", "title",
            "facts", "cue", "short")


@dataclass(frozen=True)
class Weights:
    """One weight per feature (FEATURES); the score is their weighted sum."""

    lead: float = 2.0
    section_lead: float = -1.0
    abstract: float = 3.0
    conclusion: float = 0.0
    introduction: float = -1.0
    centrality: float = 0.0
    terms: float = 1.0
    title: float = 1.0
    facts: float = -1.0
    cue: float = 2.0
    short: float = 0.5

    def replace(self, **changes: float) -> Weights:
        return Weights(**{**asdict(self), **changes})


DEFAULT_WEIGHTS = Weights()


def term_vectors(units: Sequence[Unit]) -> list[dict[str, float]]:
    """Unit-length tf-idf vectors of the units' content terms (the centrality of a document with no embedder)."""
    bags = [Counter(content_terms(u.text)) for u in units]
    spread = Counter(term for bag in bags for term in bag)
    total = len(units) or 1
    vectors = []
    for bag in bags:
        raw = {t: c * math.log(1 + total / spread[t]) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        vectors.append({t: v / norm for t, v in raw.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def similarity_matrix(units: Sequence[Unit], embed: Embed | None) -> list[list[float]]:
    """Pairwise cosine similarity of the units (MiniLM vectors when `embed` is given, else tf-idf)."""
    if embed is not None and units:
        import numpy as np

        vectors = np.asarray(embed([u.text for u in units]), dtype=np.float32)
        vectors /= np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9, None)
        return (vectors @ vectors.T).tolist()
    terms = term_vectors(units)
    return [[cosine(a, b) for b in terms] for a in terms]


def features(units: Sequence[Unit], similarity: Sequence[Sequence[float]], title: str = "") -> list[dict[str, float]]:
    """Each unit's features, every one scaled to 0..1 within the document."""
    count = len(units)
    centrality = [sum(row) / max(count, 1) for row in similarity]
    frequency = Counter(t for u in units for t in content_terms(u.text))
    title_terms = content_terms(title)
    rows = []
    for unit, central in zip(units, centrality):
        terms = content_terms(unit.text)
        kind = section_kind(unit.section)
        found = {(c.kind, c.text.lower()) for c in claims(unit.text)}
        rows.append({
            "lead": 1.0 / (1.0 + unit.index / 3.0),
            "section_lead": 1.0 / (1.0 + unit.section_rank) if unit.section else 0.0,
            "abstract": float(kind == "abstract"),
            "conclusion": float(kind == "conclusion"),
            "introduction": float(kind == "introduction"),
            "centrality": central,
            "terms": sum(math.log1p(frequency[t] - 1) for t in terms) / math.sqrt(len(terms) + 1),
            "title": len(terms & title_terms) / len(title_terms) if title_terms else 0.0,
            "facts": min(1.0, len(found) / 3.0),
            "cue": float(bool(_CUE.search(unit.text))),
            "short": float(unit.words < 8),
        })
    for name in ("centrality", "terms"):            # relative within the document
        low = min((r[name] for r in rows), default=0.0)
        high = max((r[name] for r in rows), default=0.0)
        for r in rows:
            r[name] = (r[name] - low) / (high - low) if high > low else 0.0
    return rows


def scores(rows: Sequence[dict[str, float]], weights: Weights = DEFAULT_WEIGHTS) -> list[float]:
    """The weighted sum of each unit's features."""
    w = asdict(weights)
    return [sum(w[name] * row[name] for name in FEATURES) for row in rows]


def cheap_scores(units: Sequence[Unit], title: str = "", weights: Weights = DEFAULT_WEIGHTS) -> list[float]:
    """Scores without embeddings (tf-idf centrality): the pre-selection of a long document's short list."""
    return scores(features(units, [[0.0]] * len(units), title), weights.replace(centrality=0.0))
