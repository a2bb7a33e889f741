"""Fusion of the vector, keyword and graph rankings (logic only; the real stores run in test_rag_library)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from rag.retrieval import RetrievalConfig, Retriever, _concepts, QueryEntity


class _Docs:
    """Just enough of Store for fuse(): the document of each chunk."""

    def __init__(self, doc_of: dict[int, str]) -> None:
        self.doc_of = doc_of

    def chunks_by_rowid(self, rowids):
        return {r: SimpleNamespace(doc_id=self.doc_of[r]) for r in rowids if r in self.doc_of}


def _retriever(doc_of: dict[int, str], **knobs) -> Retriever:
    return Retriever(_Docs(doc_of), None, None, RetrievalConfig(**knobs))


def test_score_fusion_keeps_the_margin_that_ranks_lose() -> None:
    # Keyword: chunk 1 far ahead of 2 and 3; vector: 2 slightly ahead of 1.
    rankings = {"keyword": [(1, 20.0), (2, 5.0), (3, 4.0)], "vector": [(2, 0.61), (1, 0.60), (3, 0.10)]}
    doc_of = {1: "a", 2: "b", 3: "c"}
    by_score = _retriever(doc_of, weight_vector=1.0, weight_keyword=1.0, file_support=0.0).fuse(rankings)
    assert [r for r, _, _ in by_score][:2] == [1, 2]
    assert by_score[0][2] == ("keyword", "vector")
    by_rank = _retriever(doc_of, fusion="rrf", rrf_k=60, weight_vector=1.0, weight_keyword=1.0,
                         file_support=0.0).fuse(rankings)
    assert by_rank[0][1] == pytest.approx(by_rank[1][1])     # ranks 1+2 tie: the margin is gone


def test_a_chunk_only_one_signal_finds_is_still_returned() -> None:
    fused = _retriever({1: "a", 2: "b", 9: "z"}).fuse({"keyword": [(1, 3.0), (2, 1.0)], "vector": [(9, 0.4)],
                                                       "graph": []})
    assert 9 in [r for r, _, _ in fused]


def test_file_support_lifts_a_document_that_several_chunks_point_to() -> None:
    rankings = {"keyword": [(1, 10.0), (2, 9.5), (3, 9.0), (4, 0.0)]}
    doc_of = {1: "lonely", 2: "busy", 3: "busy", 4: "other"}
    alone = _retriever(doc_of, file_support=0.0).fuse(rankings)
    assert alone[0][0] == 1
    helped = _retriever(doc_of, file_support=0.2).fuse(rankings)
    assert helped[0][0] == 2 and helped[0][1] == pytest.approx(0.95 + 0.2 * 0.9)


def test_one_thing_named_twice_is_one_concept() -> None:
    entities = [QueryEntity(1, "wolfgang", "name", 4.0), QueryEntity(2, "wolfgangschulz", "person", 1.6),
                QueryEntity(3, "date20261017", "date", 7.0), QueryEntity(4, "day1017", "date", 7.0),
                QueryEntity(5, "weekdaysaturday", "date", 3.0), QueryEntity(6, "pizza", "name", 5.0)]
    concept = _concepts(entities)
    assert concept[1] == concept[2] and concept[3] == concept[4]
    assert len({concept[i] for i in (1, 3, 5, 6)}) == 4


def test_a_long_document_of_weak_matches_does_not_outrank_the_short_one_that_answers() -> None:
    """File support is the mean of a document's other chunks, not their sum: thirty weak chunks of a long
    manual must not lift its passages above the one strong passage of a short document."""
    weak = [(10 + i, 3.0) for i in range(30)]
    rankings = {"keyword": [(1, 10.0), (2, 9.0), *weak, (99, 0.0)]}
    doc_of = {1: "short", 2: "manual", 99: "other", **{r: "manual" for r, _ in weak}}
    fused = _retriever(doc_of).fuse(rankings)                  # the default knobs
    assert fused[0][0] == 1 and fused[1][0] == 2
    assert fused[1][1] == pytest.approx(0.9 + RetrievalConfig().file_support * 0.3)
