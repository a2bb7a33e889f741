"""Kill an indexing process mid-way (SIGKILL), then check the stores agree and the next run resumes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rag.library import Library
from rag.types import DocumentStatus
from tests.network_guard import subprocess_pythonpath

pytestmark = [pytest.mark.embedding, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import sys
    from rag.embedder import Embedder
    from rag import library as lib_module
    from rag.library import Library
    lib_module.EMBED_GROUP_CHUNKS = 4            # small embedding batches: a kill may land in phase 2 too
    embedder = Embedder("", cache_dir=__import__("pathlib").Path(sys.argv[3]))
    library = Library(__import__("pathlib").Path(sys.argv[1]), embedder=embedder)
    for progress in library.index([sys.argv[2]]):
        if progress.record is not None:
            print(progress.done, flush=True)
""")


def test_killed_indexing_resumes_with_consistent_stores(tmp_path: Path, real_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        body = "\n".join(f"Sailor{i % 7}: entry {i}.{j} about the harbour, the tide and ship number {i * 31 + j}." for j in range(12))
        (corpus / f"log{i:02d}.txt").write_text(body)
    folder = tmp_path / "library"
    env = dict(os.environ, PYTHONPATH=subprocess_pythonpath(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder), str(corpus), str(real_embedder._cache_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    done = 0
    for line in proc.stdout:
        done = int(line)
        if done >= 12:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert 12 <= done < 60, proc.stderr.read()[-2000:]

    library = Library(folder, embedder=real_embedder)
    records = library.documents()
    statuses = {d.status for d in records}
    assert DocumentStatus.INDEXING not in statuses          # half-done documents are marked for redo
    indexed = [d for d in records if d.status == DocumentStatus.INDEXED]
    assert len(indexed) >= 12                               # at most the documents in flight were lost
    vectors, chunks = set(library.vectors.chunks.all_ids()), library.store.all_chunk_ids()
    assert vectors <= chunks                                # no stray vectors
    assert chunks - vectors <= set(library.queue.next(10_000))    # the rest waits for embedding, nothing is lost
    assert sum(d.chunks for d in indexed) == len(library.store.all_chunk_ids())

    finished = [p.record for p in library.index([corpus]) if p.record is not None]
    assert all(r.status == DocumentStatus.INDEXED for r in finished)
    assert len(library.documents()) == 60
    assert all(d.status == DocumentStatus.INDEXED for d in library.documents())
    assert set(library.vectors.chunks.all_ids()) == library.store.all_chunk_ids()
    assert library.queue.count() == 0
    hits = library.search("ship number 1245", k=5)            # 40 * 31 + 5: only in log40
    assert "log40.txt" in {h.file_name for h in hits}
    library.close()
