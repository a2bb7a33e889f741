"""A non-redundant set of salient sentences that covers the document's facts (MMR with fact coverage).

Why: the top-scored sentences of a paper often say the same thing twice (the abstract's claim
again in the conclusion); maximal marginal relevance trades a sentence's salience against its
similarity to those already chosen. A fact (an amount, a date, a name) counts once: a sentence
that brings facts no chosen sentence holds gains `fact_gain` for each, so a contract's summary
keeps its parties, dates and amounts instead of three sentences about the rent.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from agents.answers.claims import claims
from agents.summaries.units import Unit


@dataclass(frozen=True)
class Budget:
    """At most `items` sentences and `words` words (the first sentence is always allowed)."""

    items: int
    words: int
    min_items: int = 1


FACT_KINDS = ("amount", "date", "time")    # and durations; not names (a paper names a method in every line)
_DURATION = r"\)?\s*(?:\(\d+\)\s*)?(?:calendar |working |business )?(?:day|week|month|year|hour)s?\b"


@lru_cache(maxsize=8192)
def facts_of(unit: Unit) -> frozenset[str]:
    """The terms a reader needs from a sentence, as the claim check normalizes them: amounts ('1725 gbp'),
    dates ('date:04-01'), times and durations ('2 month': 'two (2) months')."""
    out = set()
    for claim in claims(unit.text):
        if claim.kind in FACT_KINDS:
            out.add(" ".join(claim.needs))
        elif claim.kind == "number":
            unit_word = re.search(rf"\b{re.escape(claim.text)}\b{_DURATION}", unit.text, re.IGNORECASE)
            if unit_word:
                out.add(f"{claim.needs[0]} {unit_word.group(0).split()[-1].rstrip('s').lower()}")
    return frozenset(out)


NEAR_DUPLICATE = 0.85     # this similar to a chosen sentence: never chosen, whatever the weights (a repeated line)


def choose(units: Sequence[Unit], salience: Sequence[float], similarity: Sequence[Sequence[float]],
           budget: Budget, *, diversity: float = 0.5, fact_gain: float = 0.0,
           allowed: Sequence[bool] | None = None) -> list[int]:
    """Indexes (into `units`) of the chosen sentences, in the order chosen (best first)."""
    allowed = allowed if allowed is not None else [True] * len(units)
    high = max(salience, default=1.0)
    low = min(salience, default=0.0)
    span = (high - low) or 1.0
    norm = [(s - low) / span for s in salience]
    facts = [facts_of(u) for u in units] if fact_gain else [frozenset()] * len(units)
    chosen: list[int] = []
    covered: set[str] = set()
    words = 0
    while len(chosen) < budget.items:
        best, best_gain = -1, float("-inf")
        for i, unit in enumerate(units):
            if i in chosen or not allowed[i]:
                continue
            if chosen and len(chosen) >= budget.min_items and words + unit.words > budget.words:
                continue
            redundancy = max((similarity[i][j] for j in chosen), default=0.0)
            if redundancy >= NEAR_DUPLICATE:
                continue
            gain = (1 - diversity) * norm[i] - diversity * redundancy + fact_gain * len(facts[i] - covered)
            if gain > best_gain:
                best, best_gain = i, gain
        if best < 0:
            break
        chosen.append(best)
        covered |= facts[best]
        words += units[best].words
    return chosen
