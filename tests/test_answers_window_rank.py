"""The windows' re-ranking by meaning and the asked kind (agents/answers/window_rank.py), on the real embedding
model: the sentence that answers in its own words comes before the line that only repeats the question's."""
from __future__ import annotations

import pytest

from agents.answers.answer_types import answer_type
from agents.answers.quotes import windows
from agents.answers.window_rank import FEATURES, WEIGHTS, by_meaning, rerank
from rag.types import Passage
from tests.rag_docs import final_answer, support_decision, text_library

LEASE = ("Security deposit. The security deposit rules of this lease are set out in this section. "
         "Any questions about the security deposit go to the letting agent. "
         "The landlord keeps it in a government-approved protection scheme. "
         "Before moving in, the tenant pays £3,450, returned at the end of the tenancy less the cost of repairs.")
RENT = "Rent. The rent is £1,725 per month, paid on the first day of each month."
QUESTION = "How much does the tenant pay as a security deposit?"


def _passages() -> list[Passage]:
    return [Passage(f"p{n}", "d", "/d/lease.txt", None, None, 0, 0, text, 1.0) for n, text in enumerate((LEASE, RENT))]


def test_every_feature_has_its_weight():
    assert len(WEIGHTS) == len(FEATURES)


@pytest.mark.embedding
def test_the_sentence_with_the_asked_kind_comes_before_the_line_that_repeats_the_question(real_embedder):
    ranked = windows(QUESTION, _passages())
    assert "£3,450" not in ranked[0].quote          # by words alone, the section's first lines win
    reranked = rerank(QUESTION, answer_type(QUESTION), ranked, real_embedder.encode)
    assert "£3,450" in reranked[0].quote
    assert sorted(id(w) for w in reranked) == sorted(id(w) for w in ranked)    # the same windows, re-ordered


def test_a_window_far_below_the_best_word_score_is_never_moved_up():
    """However much the weights like a window (here: any span of the asked kind), one that holds far fewer of the
    question's words than the best stays behind it: "... paid by the Tenant" is no answer to "who is the landlord"."""
    import numpy as np

    from agents.answers.window_rank import MAX_GAP

    ranked = windows(QUESTION, _passages())
    far = [w for w in ranked if w.score < ranked[0].score - MAX_GAP]
    assert far
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("word_rank")] = 1.0          # the later in word order, the better
    reranked = rerank(QUESTION, answer_type(QUESTION), ranked, lambda texts: np.ones((len(texts), 3)), weights)
    assert reranked[0] is not ranked[0]                 # the windows near the best were re-ordered
    assert reranked[-len(far):] == far                  # the far ones were not


def test_without_an_embedding_model_the_word_order_stays():
    ranked = windows(QUESTION, _passages())
    assert rerank(QUESTION, answer_type(QUESTION), ranked, None) == ranked
    support = support_decision(QUESTION, LEASE, RENT)
    assert by_meaning(None, QUESTION, answer_type(QUESTION), ranked, support) == (ranked, support)


@pytest.fixture(scope="module")
def lease(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "lease", {"lease.txt": LEASE + "\n\n" + RENT + "\n"})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_from_the_re_ranked_windows(real_model, lease):
    """Through the orchestrator, the real model and the real index, re-ranking on: the deposit, not the rent."""
    line = final_answer(real_model, lease, QUESTION).split("\n", 1)[0]
    assert "£3,450" in line and "£1,725" not in line
