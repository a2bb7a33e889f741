"""How likely a question is after a passage under the embedded model: a second ranking stage, measured and not shipped.

Why it was tried: on real documents the sentence window that answers is often not the one the word and meaning
scores put first (agents/answers/window_rank.py). A language model that reads a passage and then the question tells
how well the passage "predicts" the question (query likelihood; Sachan et al. 2022, "Improving Passage Retrieval
with Zero-Shot Question Generation"), a signal of another kind than shared words or sentence vectors, with no
training. It is read from the embedded SmolLM2 (llama.cpp needs a context made with `logits_all` for every
token's log-probability: a second one of 512 tokens), about 0.25 s per window on two cores.

What it gave (bench/window_rank_dev.py --likelihood, dev splits of six corpora; round 11, see README "Eleventh
round"): the first window holds the answer more often (491 -> 505 of 729 with the first two windows re-ordered by
score + 4 x likelihood; each corpus held out in turn: five gain, gate2 dev loses 3 of 35), but end to end the answer
line did not move: realdocs dev 83 -> 82 of 108, dev2 145 -> 143 of 190, gate 20 -> 21 of 40, gate2 21 -> 22 of 35,
gate3 26 -> 26 of 61, LiHua dev 63 -> 64 of 120, at 0.5 s more per question. The windows it moved up hold the answer
in their quote (quote +7) where the span rules do not find it, and for yes/no it cannot see a negation.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

CONTEXT_TOKENS = 512
PROMPT = "Passage: {passage}\nQuestion:"


class QuestionLikelihood:
    """Mean log-probability per token of a question after each of several passages (higher: more likely)."""

    def __init__(self, model_path: Path, threads: int) -> None:
        self._path, self._threads = model_path, threads
        self._llama: Any = None
        self._lock = threading.Lock()

    def scores(self, passages: Sequence[str], question: str) -> list[float]:
        with self._lock:
            llama = self._load()
            asked = llama.tokenize((" " + " ".join(question.split())).encode("utf-8"), add_bos=False)[:128]
            return [self._score(llama, passage, asked) for passage in passages]

    def close(self) -> None:
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None

    def _load(self) -> Any:
        if self._llama is None:
            from llama_cpp import Llama      # heavy import, kept off start-up paths

            self._llama = Llama(model_path=str(self._path), n_ctx=CONTEXT_TOKENS, n_batch=CONTEXT_TOKENS,
                                n_threads=self._threads, n_threads_batch=self._threads, logits_all=True,
                                verbose=False)
        return self._llama

    @staticmethod
    def _score(llama: Any, passage: str, asked: list[int]) -> float:
        # document text is data: special-token spellings in it stay plain text (tokenize with special=False)
        lead = llama.tokenize(PROMPT.format(passage=" ".join(passage.split())).encode("utf-8"), add_bos=True)
        lead = lead[: CONTEXT_TOKENS - len(asked)]
        if len(lead) < 2 or not asked:
            return 0.0
        llama.reset()
        llama.eval(lead + asked)
        rows = np.asarray(llama.scores[len(lead) - 1: len(lead) + len(asked) - 1], dtype=np.float64)
        top = rows.max(axis=1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(rows - top).sum(axis=1))
        return float((rows[np.arange(len(asked)), asked] - log_norm).mean())


_shared: QuestionLikelihood | None = None
_shared_lock = threading.Lock()


def question_likelihood(passages: Sequence[str], question: str, threads: int) -> list[float]:
    """`QuestionLikelihood.scores` with the embedded model, one scorer per process: its context is made once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            from agents.engine.model_source import embedded_model_path

            _shared = QuestionLikelihood(embedded_model_path(), threads)
    return _shared.scores(passages, question)
