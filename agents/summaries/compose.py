"""Each mode's items from the scored sentences: the extractive choice, then what the model may change.

Why here: the choice of sentences is the same machinery for every mode (select.choose); only
the budget and the model's part differ. `strategy` says what the model does: "extractive" (nothing:
salience and MMR alone), "model" (it picks the final sentences among twice as many candidates),
"shorten" (the extractive choice, then it deletes words from each sentence). bench/summaries.py measures them on ACLSum
train; Summarizer's default is the better one there.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agents.answers.claims import keep_supported
from agents.engine.model_api import ChatModel
from agents.platform.cancel import CancelToken
from agents.summaries import model_pass
from agents.summaries.modes import SHORT_SENTENCES, Item, join_adjacent
from agents.summaries.select import Budget, choose
from agents.summaries.units import Unit

STRATEGIES = ("extractive", "model", "shorten")
QuestionCheck = Callable[[str, Unit], bool]


@dataclass(frozen=True)
class Scored:
    """The document's candidate sentences with their salience and pairwise similarity."""

    title: str
    units: Sequence[Unit]
    salience: Sequence[float]
    similarity: Sequence[Sequence[float]]


@dataclass(frozen=True)
class Composed:
    items: list[Item]
    rejected: int = 0          # model wordings the check refused (their source sentence is shown instead)
    worded: int = 0            # items whose wording the model changed and the check accepted


@dataclass(frozen=True)
class Tuning:
    """Budgets and MMR knobs (chosen on ACLSum train, bench/summaries.py --tune)."""

    short_words: int = 85
    short_items: int = 6            # sentences chosen; neighbours on one page are joined down to 4 (modes.py)
    key_points: int = 7
    key_point_words: int = 220
    diversity: float = 0.0
    fact_gain: float = 0.5


def extract(scored: Scored, budget: Budget, tuning: Tuning) -> list[int]:
    return choose(scored.units, scored.salience, scored.similarity, budget, diversity=tuning.diversity,
                  fact_gain=tuning.fact_gain)


def short(scored: Scored, tuning: Tuning, strategy: str, model: ChatModel, cancel: CancelToken) -> Composed:
    """3-4 sentences: what the document is, whom or what it concerns, its main result or terms."""
    budget = Budget(tuning.short_items, tuning.short_words, min_items=3)
    chosen = extract(scored, budget, tuning)
    if strategy == "model" and len(chosen) >= 3:
        wide = extract(scored, Budget(2 * len(chosen), 4 * tuning.short_words, min_items=2 * len(chosen)), tuning)
        picked = model_pass.pick(model, scored.title, [scored.units[i] for i in wide], min(len(chosen), 4), cancel)
        rest = [i for i in wide if i not in [wide[p] for p in picked]]
        chosen = [wide[p] for p in picked] + rest[: max(0, 3 - len(picked))]
    items = [Item(scored.units[i].text, (scored.units[i],)) for i in chosen]
    composed = _worded(items, strategy, model, cancel)
    return Composed(join_adjacent(composed.items, SHORT_SENTENCES), composed.rejected, composed.worded)


def key_points(scored: Scored, tuning: Tuning, strategy: str, model: ChatModel, cancel: CancelToken) -> Composed:
    """3-7 bullets, each one complete fact from one place (its page), in reading order."""
    chosen = extract(scored, Budget(tuning.key_points, tuning.key_point_words, min_items=3), tuning)
    items = sorted((Item(scored.units[i].text, (scored.units[i],)) for i in chosen), key=lambda it: it.sources[0].index)
    return _worded(items, strategy, model, cancel)


def questions(scored: Scored, tuning: Tuning, model: ChatModel, cancel: CancelToken,
              answered: QuestionCheck, wanted: int = 4) -> Composed:
    """Questions the document answers: the model asks one per salient sentence; a question is kept only
    when its facts are in that sentence and searching for it finds that sentence again (`answered`)."""
    chosen = extract(scored, Budget(2 * wanted, 10_000, min_items=2 * wanted), tuning)
    items: list[Item] = []
    rejected = 0
    for i in sorted(chosen, key=lambda i: scored.units[i].index):
        unit = scored.units[i]
        question = model_pass.question_for(model, unit.text, cancel)
        kept, _ = keep_supported(question, [unit.text]) if question else ("", [])
        if kept and kept == question and answered(question, unit):
            items.append(Item(question, (unit,)))
        else:
            rejected += 1
        if len(items) == wanted:
            break
    return Composed(items, rejected, len(items))


def _worded(items: list[Item], strategy: str, model: ChatModel, cancel: CancelToken) -> Composed:
    """With "shorten": each sentence the model shortened by deletion, if the claim check keeps it whole."""
    if strategy != "shorten":
        return Composed(items)
    out, rejected, worded = [], 0, 0
    for item in items:
        text = model_pass.shorten(model, item.text, cancel)
        kept, dropped = keep_supported(text, [u.text for u in item.sources]) if text else ("", [])
        if text and kept == text and not dropped:
            out.append(Item(text, item.sources))
            worded += 1
        else:
            rejected += 1
            out.append(item)
    return Composed(out, rejected, worded)
