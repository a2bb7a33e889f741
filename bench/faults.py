"""Fault-injection figures: kill points survived, full-disk runs, concurrent runs, ledger records verified.

    python -m bench.faults [--kills-per-operation 10] [--seed 7] [--parallel-runs 2]

Uses the same harness as tests/test_faults.py (tests/fault_harness.py) with more points:
SIGKILL before or after a random store write during first index, re-index, forget and
folder-watcher events; SQLite-full at several write budgets; two processes indexing and
searching one library; and a ledger hammered by two writers, torn writes and short
writes, then verified. There is nothing to tune here, so there is no dev/test split:
every run is reported. Runs for minutes on two cores (embedding-bound children).
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # also runs by path: python bench/<name>.py

from rag.embedder import Embedder
from tests import fault_harness as harness

FILES = 6


def kills(work: Path, embedder, cache: Path, per_operation: int, seed: int) -> dict[str, tuple[int, int, int]]:
    """operation -> (tried, killed, survived with consistent stores)."""
    rng = random.Random(seed)
    out = {}
    for operation in harness.OPERATIONS:
        scenario = harness.prepare(work / operation, cache, operation, FILES, seed)
        points = harness.kill_points(scenario, per_operation, rng)
        verdicts = harness.run_kills(embedder, cache, scenario, points)
        for v in verdicts:
            if not v.survived:
                print(f"  FAILED {v.operation} kill at {v.kill_at}: {v.problems}", file=sys.stderr)
        out[operation] = (len(verdicts), sum(v.killed for v in verdicts), sum(v.survived for v in verdicts))
        print(f"  {operation:<8} {scenario.events} write events; {out[operation]}", file=sys.stderr)
    return out


def statements_needed(work: Path, embedder) -> int:
    """How many SQLite write statements indexing the 'after' corpus takes (a run with room to spare)."""
    from rag.library import Library

    harness.write_corpus(work / "probe" / "before", 4, 0)
    harness.write_corpus(work / "probe" / "after", FILES, 1)
    library = Library(work / "probe" / "library", embedder=embedder)
    list(library.index([work / "probe" / "before"]))
    real, roomy = library.store._db, harness.FullDisk(library.store._db, 10 ** 9)
    library.store._db = roomy
    list(library.index([work / "probe" / "after"]))
    library.store._db = real
    library.close()
    return 10 ** 9 - roomy.budget


def full_disk(work: Path, embedder, fractions: tuple[float, ...]) -> tuple[int, int, int]:
    """(runs, runs where the disk filled, of those: clear error + nothing lost + finished once space is back)."""
    from rag.errors import LibraryError
    from rag.library import DISK_FULL, Library
    from rag.types import DocumentStatus

    needed = statements_needed(work, embedder)
    filled = good = 0
    for fraction in fractions:
        budget = int(needed * fraction)
        folder = work / f"disk-{budget}"
        harness.write_corpus(folder / "before", 4, 0)
        harness.write_corpus(folder / "after", FILES, 1)
        library = Library(folder / "library", embedder=embedder)
        list(library.index([folder / "before"]))
        kept = {d.path: d.content_hash for d in library.documents()}
        real = library.store._db
        library.store._db = full = harness.FullDisk(real, budget)
        try:
            list(library.index([folder / "after"]))
            said = False
        except LibraryError as exc:
            said = str(exc) == DISK_FULL
        library.store._db = real
        intact = all((r := library.store.document(p)) is not None and r.status == DocumentStatus.INDEXED
                     and r.content_hash == h for p, h in kept.items()) and not library.check().missing_vectors
        library.close()
        library = Library(folder / "library", embedder=embedder)
        list(library.index([folder / "after"]))
        finished = library.check().consistent and len(library.documents()) == 4 + FILES
        library.close()
        filled += full.failures > 0
        good += full.failures > 0 and said and intact and finished
        print(f"  full disk after {budget}/{needed} write statements: filled={full.failures > 0} error={said} "
              f"kept={intact} finished={finished}", file=sys.stderr)
    return len(fractions), filled, good


def parallel(work: Path, embedder, cache: Path, runs: int, seed: int) -> tuple[int, int]:
    good = 0
    for run in range(runs):
        folder, corpora = harness.run_parallel(work / f"parallel-{run}", cache, FILES, seed + run)
        problems = harness.verify_parallel(folder, corpora, embedder)
        if problems:
            print(f"  parallel run {run}: {problems}", file=sys.stderr)
        good += not problems
    return runs, good


LEDGER_WRITER = """
import sys
from pathlib import Path
from agents.privacy.ledger import Ledger
ledger = Ledger(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    entry = ledger.record_request("https://cloud.example/v1", "m", b'{"n": %d}' % i)
    ledger.record_result(entry, "ok", 10, 0.1)
"""


def ledger(work: Path, per_writer: int) -> tuple[int, bool, int]:
    """(records verified, chain intact, requests listed) after two writers and a torn write between them."""
    from agents.privacy.ledger import Ledger

    path = work / "ledger.jsonl"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    first = [subprocess.Popen([sys.executable, "-c", LEDGER_WRITER, str(path), str(per_writer)], env=env) for _ in range(2)]
    for proc in first:
        proc.wait()
    with path.open("ab") as handle:
        handle.write(b'{"kind": "request", "id": "torn-by-a-cr')
    second = subprocess.run([sys.executable, "-c", LEDGER_WRITER, str(path), str(per_writer)], env=env)
    check = Ledger(path).verify()
    listed = len(Ledger(path).entries())
    return check.records, check.intact and second.returncode == 0, listed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills-per-operation", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parallel-runs", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="enclave-faults-") as tmp:
        work = Path(tmp)
        os.environ["ENCLAVE_HOME"] = str(work / "home")
        cache = work / "embedding-cache"
        embedder = Embedder("", cache_dir=cache)
        embedder.load()
        by_operation = kills(work / "kills", embedder, cache, args.kills_per_operation, args.seed)
        disk_runs, disk_filled, disk_good = full_disk(work / "disk", embedder, (0.0, 0.1, 0.3, 0.6, 0.9, 0.99))
        par_runs, par_good = parallel(work / "parallel", embedder, cache, args.parallel_runs, args.seed)
        records, intact, listed = ledger(work, 50)
    tried = sum(t for t, _, _ in by_operation.values())
    killed = sum(k for _, k, _ in by_operation.values())
    survived = sum(s for _, _, s in by_operation.values())
    print("Fault injection (seed %d, %d files per corpus)" % (args.seed, FILES))
    for operation, (t, k, s) in by_operation.items():
        print(f"  SIGKILL during {operation:<8} tried {t:>3}  killed {k:>3}  consistent after restart {s:>3}")
    print(f"  SIGKILL total            tried {tried:>3}  killed {killed:>3}  consistent after restart {survived:>3}")
    print(f"  full disk (SQLITE_FULL)  runs {disk_runs}  disk filled {disk_filled}  "
          f"clear error + nothing lost + finished later {disk_good}")
    print(f"  two processes at once    runs {par_runs}  no lost vectors, all indexed {par_good}")
    print(f"  ledger                   records verified {records}  chain intact {intact}  requests listed {listed} of {150}")
    print(f"  wall time {time.monotonic() - started:.0f} s")
    return 0 if survived == tried and disk_good == disk_filled and par_good == par_runs and intact and listed == 150 else 1


if __name__ == "__main__":
    sys.exit(main())
