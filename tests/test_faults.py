"""Fault injection: SIGKILL at random write points, a full disk, two processes on one library.

Each kill lands right before or after one store write (SQLite or chromadb) of a real
indexing child process; the restart must leave SQLite, FTS, graph and vectors in exact
agreement and every document indexed or failed with a reason. bench/faults.py runs the
same harness with more points and prints the figures.
"""
from __future__ import annotations

import errno
import os
import random
from pathlib import Path

import pytest

from rag.errors import LibraryError
from rag.library import DISK_FULL, Library
from rag.types import DocumentStatus
from rag.vectors import VectorCollection
from tests.fault_harness import (OPERATIONS, FullDisk, kill_points, prepare, run_kills, run_parallel,
                                 verify_parallel, write_corpus)

pytestmark = [pytest.mark.embedding, pytest.mark.slow]

KILLS_PER_OPERATION = {"first": 6, "reindex": 6, "forget": 4, "watch": 4}    # 20 kill points in all
SEED = 13


def test_sigkill_at_random_write_points_then_restart_leaves_consistent_stores(tmp_path: Path, real_embedder) -> None:
    rng = random.Random(SEED)
    cache = real_embedder._cache_dir
    tried = killed = 0
    failures = []
    for operation in OPERATIONS:
        scenario = prepare(tmp_path / operation, cache, operation, files=6, seed=SEED)
        assert scenario.events >= 8, (operation, scenario.events)
        points = kill_points(scenario, KILLS_PER_OPERATION[operation], rng)
        for verdict in run_kills(real_embedder, cache, scenario, points):
            tried += 1
            killed += verdict.killed
            if not verdict.survived:
                failures.append((verdict.operation, verdict.kill_at, verdict.problems))
    assert tried >= 20 and killed >= 18, (tried, killed)
    assert failures == []


def _indexed_library(tmp_path: Path, embedder) -> tuple[Library, Path, Path]:
    before, after = tmp_path / "before", tmp_path / "after"
    write_corpus(before, 4, seed=21)
    write_corpus(after, 6, seed=22)
    library = Library(tmp_path / "library", embedder=embedder)
    list(library.index([before]))
    return library, before, after


@pytest.mark.parametrize("budget", [0, 3, 25, 60])
def test_a_full_disk_during_indexing_says_so_and_loses_nothing(tmp_path: Path, real_embedder, budget: int) -> None:
    library, before, after = _indexed_library(tmp_path, real_embedder)
    kept = {d.path: d.content_hash for d in library.documents()}
    real_db = library.store._db
    library.store._db = FullDisk(real_db, budget)
    with pytest.raises(LibraryError) as raised:
        list(library.index([after]))
    assert str(raised.value) == DISK_FULL and library.store._db.failures >= 1
    library.store._db = real_db
    for path, content_hash in kept.items():                       # nothing indexed before is lost
        record = library.store.document(path)
        assert record.status == DocumentStatus.INDEXED and record.content_hash == content_hash
    assert library.check().missing_vectors == []                    # ... and each of its chunks keeps its vector
    assert library.search("shipment of grain", k=5)                 # search still answers
    library.close()

    library = Library(tmp_path / "library", embedder=real_embedder)     # space freed: the next run finishes
    list(library.index([after]))
    assert {d.status for d in library.documents()} == {DocumentStatus.INDEXED} and len(library.documents()) == 10
    assert library.check().consistent
    assert set(library.vectors.chunks.all_ids()) == library.store.all_chunk_ids()
    library.close()


def test_a_full_disk_in_the_vector_store_says_so_and_loses_nothing(tmp_path: Path, real_embedder,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    library, before, after = _indexed_library(tmp_path, real_embedder)
    kept = {d.path for d in library.documents()}

    def full(collection, ids, vectors) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(VectorCollection, "add", full)
    with pytest.raises(LibraryError, match="the disk is full"):
        list(library.index([after]))
    monkeypatch.undo()
    indexed = {d.path for d in library.documents() if d.status == DocumentStatus.INDEXED}
    assert kept <= indexed                  # nothing indexed before is lost
    # Two-phase indexing: the new files were committed (searchable by keyword) before the disk filled
    # in phase 2; their chunks wait in the embedding queue, which the check does not count as a fault.
    assert library.queue.count() > 0 and library.check().consistent
    list(library.index([after]))
    assert library.queue.count() == 0
    assert library.check().consistent and len(library.documents()) == 10
    library.close()


def test_two_processes_index_and_search_one_library_without_losing_vectors(tmp_path: Path, real_embedder) -> None:
    folder, corpora = run_parallel(tmp_path, real_embedder._cache_dir, files=6, seed=31)
    assert verify_parallel(folder, corpora, real_embedder) == []
