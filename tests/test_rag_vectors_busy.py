"""A search beside another process that is writing the vector index ranks by keyword and graph, not crash."""
from __future__ import annotations

import numpy as np
import pytest

from rag.vectors import VectorCollection


class Collection:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def count(self) -> int:
        return 3

    def query(self, **kwargs):
        raise self.error


def test_an_index_being_written_elsewhere_gives_no_vector_hits():
    busy = Collection(RuntimeError("Error executing plan: Internal error: Error creating hnsw segment reader: "
                                   "Nothing found on disk"))
    assert VectorCollection(busy).nearest(np.ones(4, dtype=np.float32), 5) == []


def test_other_vector_store_errors_are_not_hidden():
    with pytest.raises(ValueError):
        VectorCollection(Collection(ValueError("dimension mismatch"))).nearest(np.ones(4, dtype=np.float32), 5)
