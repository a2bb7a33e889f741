"""Re-rank the best sentence windows with what words alone cannot see: meaning, and a span of the asked kind.

Why: on real documents nobody here wrote, retrieval finds the right page (hit@5 94-100%) but the quote often
misses the answer: the sentence that repeats most of the question's words wins (a heading, a definition line),
while the sentence that answers says it in other words, or is the line after. Six rounds of hand-written
ranking rules gained on the corpora they were read from and not on the next. Here the windows' order is a
weighted sum of general signals (the word score, how the sentence and its section mean what the question
means by the embedding model the library already uses, whether the window holds a span of the kind the
question asks for, its place in its passage), the weights fitted on the dev splits of five corpora written by
different hands (bench/window_rank_dev.py, leave-one-corpus-out), never on a test split.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
import numpy as np

from agents.answers.answer_types import FREE, TERM, YES_NO, candidates
from agents.answers.evidence import content_lemmas, split_sentences
from agents.answers.focus import focus, question_names
from agents.answers.navigation import is_navigation
from agents.answers.quotes import Window
from agents.answers.support import MIN_COVERAGE, Support, decide
from rag.entities import normalize

TOP = 12            # windows re-ranked (by the word score first): beyond them the answer is rarely found
# How far below the best word score a window may be and still be moved up. Dev (bench/window_rank_dev.py --gaps, all
# five corpora, first window right): 0.1 437, 0.2 449, 0.3 451, 0.4 450, no bound 450 of 668. Unbounded, a contract's
# line with half the question's words ("... paid by the Tenant") beat the one naming the landlord, for its person span.
MAX_GAP = 0.3
FEATURES = ("score_gap", "word_rank", "passage_rank", "coverage", "attributes", "meaning_sentence",
            "meaning_quote", "meaning_section", "kind_span", "first_sentence", "navigation", "length",
            "focus_head", "kind_span_term", "meaning_passage", "best_passage", "names_held")
# Fitted by bench/window_rank_dev.py --fit on the dev splits of five corpora (realdocs, dev2, gate, gate2, LiHua).
# Each corpus held out in turn (fitted on the other four), questions whose first window holds the answer, word order
# -> re-ranked: LiHua 136 -> 145 of 295, dev2 145 -> 162 of 190, gate 28 -> 28 of 40, gate2 21 -> 25 of 35,
# realdocs 82 -> 84 of 108. End to end (answer line, dev, with MAX_GAP): realdocs 81 -> 82/108, dev2 139 -> 143/190,
# gate 19 -> 19/40, gate2 13 -> 13/35, LiHua 61 -> 62/120.
WEIGHTS: tuple[float, ...] = (0.963, -0.402, -0.449, 0.818, 1.687, 0.771, 1.143, 0.205, 1.558, 0.166, 0.000, -0.315,
                               0.651, 1.332, 0.377, 0.604, -0.386)

Encode = Callable[[Sequence[str]], np.ndarray]


def features(question: str, kind: str, ranked: Sequence[Window], encode: Encode) -> np.ndarray:
    """One row of FEATURES per window of `ranked` (already in word-score order)."""
    if not ranked:
        return np.zeros((0, len(FEATURES)))
    best = ranked[0].score
    head = focus(question).asked
    # each distinct text encoded once: a passage's windows share its section and its text, a last sentence is its quote
    texts = list(dict.fromkeys([question] + [t for w in ranked for t in (w.sentence, w.quote, w.passage.section,
                                                                       w.passage.text) if t]))
    vectors = np.asarray(encode(texts), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    meaning = dict(zip(texts, (vectors @ vectors[0]).tolist()))
    sentences_of = {w.passage.text: split_sentences(w.passage.text) for w in ranked}
    names = question_names(question)
    rows = []
    for i, window in enumerate(ranked):
        sentences = sentences_of[window.passage.text]
        spans = candidates(kind, window.quote, question, window.passage.text) if kind not in (FREE, YES_NO) else []
        held = normalize(window.quote)
        rows.append([
            window.score - best,
            math.log1p(i),
            float(window.rank),
            window.coverage,
            window.attributes,
            meaning.get(window.sentence, 0.0),
            meaning.get(window.quote, 0.0),
            meaning[window.passage.section] if window.passage.section else 0.0,
            1.0 if spans and kind != TERM else 0.0,
            1.0 if sentences and sentences[0] == window.sentence else 0.0,
            1.0 if is_navigation(window.quote) else 0.0,
            math.log1p(len(window.sentence)) / 6.0,
            1.0 if head and head in content_lemmas(window.quote) else 0.0,
            1.0 if spans and kind == TERM else 0.0,
            meaning[window.passage.text],
            1.0 if window.passage.text == ranked[0].passage.text else 0.0,
            sum(name in held for name in names) / len(names) if names else 1.0,
        ])
    return np.asarray(rows, dtype=float)


def rerank(question: str, kind: str, ranked: Sequence[Window], encode: Encode | None,
           weights: Sequence[float] | None = None) -> list[Window]:
    """`ranked` with its first TOP windows within MAX_GAP of the best word score re-ordered by the fitted weights, the
    rest after them in word order; unchanged without weights or an embedding model. Each window keeps its word score
    (the refusal rules' thresholds are read from it)."""
    weights = WEIGHTS if weights is None else weights
    if not weights or encode is None or len(ranked) < 2:
        return list(ranked)
    best = ranked[0].score
    head = [w for w in ranked[:TOP] if w.score >= best - MAX_GAP]
    if len(head) < 2:
        return list(ranked)
    scores = features(question, kind, head, encode) @ np.asarray(weights, dtype=float)
    order = sorted(range(len(head)), key=lambda i: -scores[i])
    moved = {id(w) for w in head}
    return [head[i] for i in order] + [w for w in ranked if id(w) not in moved]


def by_meaning(embedder: object | None, question: str, kind: str, ranked: list[Window], support: Support,
               min_coverage: float = MIN_COVERAGE) -> tuple[list[Window], Support]:
    """The word order, and the window that answers by the re-ranked order (support.decide on it); the word order's
    `support` where the re-ranked windows answer nothing. Only the answering window is taken from the new order (what
    the weights were fitted to find): the windows after it, where the other candidate answers come from, stay in word
    order (re-ranked, a contract's line naming the tenant joined the candidates of "who is the landlord"). Whether to
    answer at all stays decided on the word order (the refusal rules' thresholds were chosen on it). No embedding
    model (an in-memory test library): the word order."""
    reranked = rerank(question, kind, ranked, getattr(embedder, "encode", None))
    if reranked == ranked:
        return ranked, support
    chosen = decide(question, kind, reranked, min_coverage=min_coverage)
    return ranked, chosen if chosen.window is not None else support
