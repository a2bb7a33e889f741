"""One writer per library: across processes (flock) and threads; readers never repair; two-way repair."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from agents.platform.cancel import CancelToken, Cancelled
from agents.platform.paths import data_paths
from app.cli import run_cli
from rag.lock import LibraryBusy, WriterLock
from rag.library import Library, doc_id_for
from rag.types import DocumentStatus
from tests.fault_harness import write_corpus
from tests.network_guard import subprocess_pythonpath

ROOT = Path(__file__).resolve().parent.parent

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rag.lock import WriterLock
    with WriterLock(Path(sys.argv[1])).hold():
        print("held", flush=True)
        time.sleep(120)
""")


@pytest.fixture
def other_writer(tmp_path: Path):
    """Start a process that holds a library's writer lock; yields (folder, pid); SIGKILLs it after."""
    started: list[subprocess.Popen] = []

    def start(folder: Path) -> int:
        folder.mkdir(parents=True, exist_ok=True)
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True,
                                cwd=ROOT, env=dict(os.environ, PYTHONPATH=subprocess_pythonpath(ROOT)))
        assert proc.stdout.readline().strip() == "held"
        started.append(proc)
        return proc.pid
    yield start
    for proc in started:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_a_second_process_reads_while_one_writes_and_writes_after_it_dies(tmp_path: Path, real_embedder,
                                                                           other_writer) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=1)
    folder = tmp_path / "library"
    library = Library(folder, embedder=real_embedder)
    list(library.index([corpus]))
    stray = "stray-vector-from-a-writer-in-flight"
    library.vectors.chunks.add([stray], real_embedder.encode(["half-written"]))
    library.close()

    pid = other_writer(folder)
    reader = Library(folder, embedder=real_embedder)
    assert reader.read_only_notice == f"the library is being indexed by Enclave (pid {pid}); searching read-only"
    assert reader.search("shipment of steel", k=3)                       # reading works beside the writer
    assert stray in reader.vectors.chunks.all_ids()          # ... and repairs nothing
    with pytest.raises(LibraryBusy, match=f"pid {pid}"):
        with reader.writer.hold(wait=False):
            pass
    cancel, told = CancelToken(), []

    def waiting(holder: int | None) -> None:
        told.append(holder)
        cancel.cancel()
    with pytest.raises(Cancelled):
        list(reader.index([corpus], cancel=cancel, on_wait=waiting))
    assert told == [pid]

    kill(pid)                                   # the kernel drops a dead writer's lock
    assert [p.record.status for p in reader.index([corpus]) if p.record] == [DocumentStatus.INDEXED] * 3
    assert stray not in reader.vectors.chunks.all_ids()      # the writer's first write reconciled
    reader.close()


def test_the_cli_searches_read_only_beside_a_running_writer(tmp_path: Path, real_embedder, other_writer,
                                                            capsys) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2, seed=2)
    assert run_cli(["index", "--quiet", str(corpus)]) == 0
    pid = other_writer(data_paths().library_dir)
    capsys.readouterr()
    assert run_cli(["search", "shipment of timber", "-k", "2"]) == 0
    captured = capsys.readouterr()
    assert f"the library is being indexed by Enclave (pid {pid}); searching read-only" in captured.err
    assert "note0" in captured.out
    assert run_cli(["library", "--check"]) == 0                     # checking is reading: allowed
    captured = capsys.readouterr()
    assert "consistent" in captured.out and f"(pid {pid}): vectors of the document in flight" in captured.err


def test_threads_take_turns_writing(tmp_path: Path, real_embedder) -> None:
    corpora = [tmp_path / "a", tmp_path / "b"]
    write_corpus(corpora[0], 4, seed=3)
    write_corpus(corpora[1], 4, seed=4)
    library = Library(tmp_path / "library", embedder=real_embedder)
    inside, overlap, errors = [0], [], []
    original = library._commit

    def commit(prepared):
        inside[0] += 1
        overlap.append(inside[0])
        try:
            return original(prepared)
        finally:
            inside[0] -= 1
    library._commit = commit

    def work(corpus: Path) -> None:
        try:
            list(library.index([corpus]))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(c,)) for c in corpora]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and max(overlap) == 1
    assert sum(d.status == DocumentStatus.INDEXED for d in library.documents()) == 8
    assert library.check().consistent
    library.close()


def test_chunks_without_vectors_are_found_and_re_embedded(tmp_path: Path, real_embedder, capsys) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, seed=5)
    assert run_cli(["index", "--quiet", str(corpus)]) == 0
    library = Library(data_paths().library_dir, embedder=real_embedder)
    lost = sorted(library.store.all_chunk_ids())[:4]                    # a power cut took these vectors
    library.vectors.chunks.delete(lost)
    gone = str(tmp_path / "gone.txt")
    library.store.set_status(doc_id_for(gone), gone, DocumentStatus.INDEXING)          # a dead writer's
    library.close()
    capsys.readouterr()

    assert run_cli(["library", "--check"]) == 1
    out = capsys.readouterr()
    assert "4 chunks of indexed documents without a vector" in out.out and "--repair" in out.err
    assert run_cli(["library", "--check", "--repair"]) == 0
    assert "repaired: the index is consistent" in capsys.readouterr().out
    library = Library(data_paths().library_dir, embedder=real_embedder)
    assert set(library.vectors.chunks.all_ids()) == library.store.all_chunk_ids()
    assert {d.status for d in library.documents()} == {DocumentStatus.INDEXED}   # the missing file left the index
    library.close()


def test_the_lock_file_names_the_writer(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path)
    with lock.hold() as first:
        assert first and lock.held and lock.holder() == os.getpid()
        with lock.hold() as again:                  # re-entrant in the holding thread
            assert not again
    assert not lock.held


def test_the_app_finishes_pending_documents_when_it_starts(tmp_path: Path, real_embedder) -> None:
    from agents.api import Enclave
    from agents.core import Core

    corpus = tmp_path / "elsewhere"                    # not a watched folder: nothing else would redo it
    write_corpus(corpus, 2, seed=6)
    core = Core()
    library = core.library()
    list(library.index([corpus]))
    path = str((corpus / "note01.txt").resolve())
    library.store.set_status(doc_id_for(path), path, DocumentStatus.INDEXING)    # a crash mid-way
    core.close()
    enclave = Enclave()
    enclave.warm_library()
    assert {d.status for d in enclave.documents()} == {DocumentStatus.INDEXED}
    enclave.close()


def test_the_watcher_waits_for_another_writer_and_stops_promptly(tmp_path: Path, real_embedder, other_writer) -> None:
    import time

    from rag.watcher import LibraryWatcher

    corpus = tmp_path / "watched"
    write_corpus(corpus, 1, seed=7)
    folder = tmp_path / "library"
    library = Library(folder, embedder=real_embedder)
    other_writer(folder)
    watcher = LibraryWatcher(library, [corpus], debounce=0.2)
    watcher.start()
    (corpus / "fresh.txt").write_text("Amara Okonkwo booked berth 12 in Rotterdam.")
    time.sleep(2.0)                                     # the batch is due, but another process writes
    assert library.documents() == []
    began = time.monotonic()
    watcher.stop()
    assert time.monotonic() - began < 5 and watcher.batches == 0
    library.close()


def test_the_app_says_it_waits_for_another_process_then_indexes(tmp_path: Path, real_embedder, other_writer) -> None:
    from agents.api import Enclave
    from rag.types import IndexProgress

    corpus = tmp_path / "dropped"
    write_corpus(corpus, 2, seed=8)
    enclave = Enclave()
    enclave.warm_library()
    pid = other_writer(data_paths().library_dir)
    steps = enclave.index([str(corpus)], CancelToken())
    first = next(steps)
    assert first == IndexProgress(0, 0, f"Waiting: another Enclave process (pid {pid}) is indexing this library…")
    kill(pid)
    assert [p.record.status for p in steps if p.record] == [DocumentStatus.INDEXED] * 2
    enclave.close()
