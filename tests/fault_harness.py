"""Fault injection for the library: SIGKILL at chosen write points, a full disk, two processes.

Used by tests/test_faults.py (a bounded run in CI) and bench/faults.py (the figures).
A child process runs one library operation (first index, re-index of changed files,
forget, watcher events) with every store write wrapped by a counter; at the chosen count
the child SIGKILLs itself, so a kill lands before or after any single write of either
store. Each wrapped write counts twice (before, after), so both sides of every write are
reachable. The parent then restarts the library, lets it recover (the first write
reconciles, the index run redoes pending documents) and checks that SQLite, FTS, the
graph and the vectors agree exactly and that every document ends indexed or failed with
a reason.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from tests.network_guard import subprocess_pythonpath

ROOT = Path(__file__).resolve().parent.parent
OPERATIONS = ("first", "reindex", "forget", "watch")

CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from rag import library as lib_module
    from rag.embedder import Embedder
    from rag.library import Library
    from rag.store import Store
    from rag.vectors import VectorCollection

    folder, operation, corpus, cache, kill_at = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
    lib_module.EMBED_GROUP_CHUNKS = 6          # several groups: kills land between commits too
    count = 0

    def tick():
        global count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(function):
        def wrapper(*args, **kwargs):
            tick()
            result = function(*args, **kwargs)
            tick()
            return result
        return wrapper

    for name in ("set_status", "replace_document", "forget_document", "mark_vectors"):
        setattr(Store, name, counted(getattr(Store, name)))
    for name in ("add", "delete"):
        setattr(VectorCollection, name, counted(getattr(VectorCollection, name)))

    library = Library(folder, embedder=Embedder("", cache_dir=cache))
    if operation in ("first", "reindex"):
        for _ in library.index([corpus]):
            pass
    elif operation == "forget":
        for name in sorted(os.listdir(corpus))[:3]:
            library.forget(corpus / name)
    elif operation == "watch":
        from rag.watcher import LibraryWatcher
        watcher = LibraryWatcher(library, [corpus], debounce=0.3)
        watcher.start()
        time.sleep(0.5)
        names = sorted(os.listdir(corpus))
        (corpus / names[0]).write_text("Rewritten while watched: the harbour master Ilse Brandauer signs the log.")
        (corpus / names[1]).unlink()
        (corpus / "arrived.txt").write_text("A new file: Kowalczyk Logistics ships crate 7781 to Leeds.")
        deadline = time.time() + 60
        while time.time() < deadline and {d.path for d in library.documents()} != {str(p.resolve()) for p in corpus.iterdir()}:
            time.sleep(0.2)
        time.sleep(1.0)
        watcher.stop()
    library.close()
    print("events", count, flush=True)
""")


def write_corpus(folder: Path, files: int, seed: int) -> None:
    """Small text files with names, numbers and places (entities and graph edges to check)."""
    rng = random.Random(seed)
    people = ["Ilse Brandauer", "Amara Okonkwo", "Rachel Zheng", "Tomasz Kowalczyk", "Li Hua"]
    places = ["Leeds", "Gdansk", "Rotterdam", "Harbin"]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        lines = [f"{rng.choice(people)} met {rng.choice(people)} in {rng.choice(places)} about shipment "
                 f"{i * 97 + j} of {rng.choice(['grain', 'steel', 'timber'])} on day {j}." for j in range(14)]
        (folder / f"note{i:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


def change_corpus(folder: Path, seed: int) -> None:
    """What a re-index run meets: edited files, a removed file, a new one."""
    names = sorted(p.name for p in folder.iterdir())
    (folder / names[0]).write_text(f"Edited {seed}: Amara Okonkwo moved shipment 5{seed} to Gdansk.", encoding="utf-8")
    (folder / names[1]).write_text(f"Edited {seed}: Li Hua wrote to Rachel Zheng from Harbin.", encoding="utf-8")
    (folder / names[2]).unlink()
    (folder / f"new{seed}.txt").write_text("A new note: Tomasz Kowalczyk signed for crate 4410 in Rotterdam.", encoding="utf-8")


def run_child(folder: Path, operation: str, corpus: Path, cache: Path, kill_at: int,
              timeout: float = 180) -> tuple[bool, int]:
    """(killed, events counted) for one child run; events is 0 when it was killed."""
    env = dict(os.environ, PYTHONPATH=subprocess_pythonpath(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder), operation, str(corpus), str(cache), str(kill_at)],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    if done.returncode == -signal.SIGKILL:
        return True, 0
    if done.returncode != 0:
        raise RuntimeError(f"the {operation} child failed:\n{done.stderr[-3000:]}")
    return False, int(done.stdout.split()[-1])


@dataclass
class Verdict:
    """What the restart found for one fault."""

    operation: str
    kill_at: int
    killed: bool
    problems: list[str] = field(default_factory=list)

    @property
    def survived(self) -> bool:
        return not self.problems


def recover_and_verify(folder: Path, corpus: Path, embedder, operation: str, kill_at: int, killed: bool) -> Verdict:
    """Restart the library, let it recover as the app does, and compare every store."""
    from rag.library import Library
    from rag.chunking import chunked_form
    from rag.library_files import canonical, hash_file as _hash_file
    from rag.types import DocumentStatus

    verdict = Verdict(operation, kill_at, killed)
    library = Library(folder, embedder=embedder)
    try:
        targets = [corpus] if operation != "forget" else []
        for _ in library.index(targets):       # the app's restart: reconcile, finish pending, catch up
            pass
        findings = library.check()
        verdict.problems += findings.lines()
        chunk_ids = library.store.all_chunk_ids()
        vector_ids = set(library.vectors.chunks.all_ids())
        if chunk_ids != vector_ids:
            verdict.problems.append(f"vectors differ from chunks: {len(vector_ids - chunk_ids)} extra, "
                                    f"{len(chunk_ids - vector_ids)} missing")
        on_disk = {canonical(p) for p in corpus.iterdir()}
        for record in library.documents():
            if record.status == DocumentStatus.FAILED and not record.reason:
                verdict.problems.append(f"{record.path}: failed without a reason")
            elif record.status not in (DocumentStatus.INDEXED, DocumentStatus.FAILED):
                verdict.problems.append(f"{record.path}: left {record.status.value}")
            elif record.status == DocumentStatus.INDEXED and record.path in on_disk \
                    and operation != "forget" and record.content_hash != chunked_form(_hash_file(record.path)):
                verdict.problems.append(f"{record.path}: indexed content is not the file's")
        if operation != "forget":
            known = {d.path for d in library.documents()}
            verdict.problems += [f"{p}: not in the library" for p in sorted(on_disk - known)]
            verdict.problems += [f"{p}: removed file still listed" for p in sorted(known - on_disk)]
    finally:
        library.close()
    return verdict


@dataclass
class Scenario:
    """A library and corpus prepared for one operation, restored at the same paths for every kill.

    Documents are keyed by absolute path, so every run works in the one `live` folder.
    """

    operation: str
    live: Path
    template: Path
    events: int

    @property
    def library(self) -> Path:
        return self.live / "library"

    @property
    def corpus(self) -> Path:
        return self.live / "corpus"

    def restore(self) -> None:
        if self.live.exists():
            shutil.rmtree(self.live)
        shutil.copytree(self.template, self.live)


def prepare(work: Path, embedder_cache: Path, operation: str, files: int, seed: int) -> Scenario:
    """Build the before-state once (a full, unkilled run) and count the operation's write events."""
    scenario = Scenario(operation, work / "live", work / "template", 0)
    write_corpus(scenario.corpus, files, seed)
    if operation != "first":
        run_child(scenario.library, "first", scenario.corpus, embedder_cache, 0)
        if operation == "reindex":
            change_corpus(scenario.corpus, seed)
    shutil.copytree(scenario.live, scenario.template)
    _, scenario.events = run_child(scenario.library, operation, scenario.corpus, embedder_cache, 0)
    return scenario


def kill_points(scenario: Scenario, count: int, rng: random.Random) -> list[int]:
    """`count` distinct write-event positions to kill at (1-based), spread over the operation."""
    population = range(1, scenario.events + 1)
    return sorted(rng.sample(population, min(count, len(population))))


def run_kills(embedder, embedder_cache: Path, scenario: Scenario, points: list[int]) -> list[Verdict]:
    verdicts = []
    for kill_at in points:
        scenario.restore()
        killed, _ = run_child(scenario.library, scenario.operation, scenario.corpus, embedder_cache, kill_at)
        verdicts.append(recover_and_verify(scenario.library, scenario.corpus, embedder, scenario.operation,
                                           kill_at, killed))
    return verdicts


# -- a full disk ---------------------------------------------------------------------------
class FullDisk:
    """The store's SQLite connection, except that writes fail with SQLITE_FULL once `budget` is spent.

    That is what SQLite raises when the file system returns ENOSPC; the statement fails and the
    transaction is rolled back, exactly the path a real full disk takes through the store.
    """

    def __init__(self, db, budget: int) -> None:
        self._db, self.budget, self.failures = db, budget, 0

    def _spend(self, sql: str) -> None:
        if sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.budget -= 1
            if self.budget < 0:
                import sqlite3

                self.failures += 1
                raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args):
        self._spend(sql)
        return self._db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        self._spend(sql)
        return self._db.executemany(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._db, name)


# -- two processes at once -------------------------------------------------------------------
PARALLEL = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from rag import library as lib_module
    from rag.embedder import Embedder
    from rag.library import Library

    folder, corpus, cache, role = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    lib_module.EMBED_GROUP_CHUNKS = 6
    library = Library(folder, embedder=Embedder("", cache_dir=cache))
    hits = 0
    if role == "searcher":                      # search while the other process indexes, then index too
        for i in range(8):
            if library.documents():
                hits += len(library.search("shipment of steel in Leeds", k=5))
            time.sleep(0.3)
    for _ in library.index([corpus]):
        pass
    hits += len(library.search("shipment of grain in Gdansk", k=5))
    library.close()
    print("hits", hits, flush=True)
""")


def run_parallel(work: Path, cache: Path, files: int, seed: int) -> tuple[Path, list[Path]]:
    """The app and the CLI at once: a process that searches then indexes (as the GUI does), and a real
    `enclave index` of another corpus into the same library."""
    home = work / "home"
    folder = home / "library"
    corpora = [work / "corpus-a", work / "corpus-b"]
    write_corpus(corpora[0], files, seed)
    write_corpus(corpora[1], files, seed + 1000)
    env = dict(os.environ, PYTHONPATH=subprocess_pythonpath(ROOT), ENCLAVE_HOME=str(home), ENCLAVE_CACHE=str(cache))
    app_like = [sys.executable, "-c", PARALLEL, str(folder), str(corpora[0]), str(cache), "searcher"]
    cli = [sys.executable, "-m", "app.main", "index", "--quiet", str(corpora[1])]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for command in (app_like, cli)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"a parallel process failed ({proc.args[:4]}):\n{err[-3000:]}")
    return folder, corpora


def verify_parallel(folder: Path, corpora: list[Path], embedder) -> list[str]:
    """After both processes: every file of both corpora indexed, and the stores agree exactly."""
    from rag.library import Library, canonical
    from rag.types import DocumentStatus

    library = Library(folder, embedder=embedder)
    try:
        problems = library.check().lines()       # a reader's check: nothing repaired before looking
        if set(library.vectors.chunks.all_ids()) != library.store.all_chunk_ids():
            problems.append("vectors differ from chunks")
        indexed = {d.path for d in library.documents() if d.status == DocumentStatus.INDEXED}
        expected = {canonical(p) for corpus in corpora for p in corpus.iterdir()}
        problems += [f"{p}: not indexed" for p in sorted(expected - indexed)]
    finally:
        library.close()
    return problems
