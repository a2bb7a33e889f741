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

The same reading, for a short answer among candidate spans (bench/spans_dev.py --choices auto,likelihood,pmi):
each span as the continuation of "passage, question, answer:", alone or set against its likelihood with no
passage (pointwise mutual information, Holtzman et al. 2021). On the questions of the five real-document dev
corpora that reach the model's choice (36), the grammar-constrained choice states the gold for 14, the likelihood
for 11, the mutual information for 7; bench/spans_dev.py's first 60 dev questions: real documents 48 / 47 / 47,
LiHua 16 / 15 / 14. The product keeps the grammar choice.

llama.cpp gives every token's log-probability only to a context made with `logits_all`: a second one of 512 tokens
here. The lead is read once and its cache kept while each continuation is read after it.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agents.engine.model_source import embedded_model_path

PROMPT = "Passage: {passage}\nQuestion:"
CONTEXT_TOKENS = 512
MAX_CONTINUATION_TOKENS = 48


class ContinuationLikelihood:
    """Mean log-probability per token of each continuation after a lead (higher: more likely)."""

    def __init__(self, model_path: Path, threads: int) -> None:
        self._path, self._threads = model_path, threads
        self._llama: Any = None
        self._lock = threading.Lock()

    def scores(self, lead: str, continuations: Sequence[str]) -> list[float]:
        with self._lock:
            llama = self._load()
            # document text is data: special-token spellings stay plain text (tokenize's special=False)
            tails = [llama.tokenize(c.encode("utf-8"), add_bos=False)[:MAX_CONTINUATION_TOKENS] for c in continuations]
            room = CONTEXT_TOKENS - max((len(t) for t in tails), default=0)
            head = llama.tokenize(lead.encode("utf-8"), add_bos=True)
            head = head[:1] + head[len(head) - room + 1:] if len(head) > room else head   # keep the lead's end
            llama.reset()
            llama.eval(head)
            return [self._after(llama, len(head), tail) for tail in tails]

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
    def _after(llama: Any, lead: int, tail: list[int]) -> float:
        """The tail's mean log-probability, read after the lead's cached tokens (eval drops the cache past n_tokens)."""
        import numpy as np

        if not tail:
            return float("-inf")
        llama.n_tokens = lead
        llama.eval(tail)
        rows = np.asarray(llama.scores[lead - 1: lead + len(tail) - 1], dtype=np.float64)
        top = rows.max(axis=1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(rows - top).sum(axis=1))
        return float((rows[np.arange(len(tail)), tail] - log_norm).mean())


_shared: ContinuationLikelihood | None = None
_shared_lock = threading.Lock()


def continuation_likelihood(lead: str, continuations: Sequence[str], threads: int) -> list[float]:
    """`ContinuationLikelihood.scores` with the embedded model, one scorer per process: its context is made once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ContinuationLikelihood(embedded_model_path(), threads)
    return _shared.scores(lead, continuations)


def question_likelihood(passages: Sequence[str], question: str, threads: int) -> list[float]:
    """Mean log-probability per token of `question` after each passage."""
    asked = " " + " ".join(question.split())
    return [continuation_likelihood(PROMPT.format(passage=" ".join(p.split())), [asked], threads)[0] for p in passages]
