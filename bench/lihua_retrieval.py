"""LiHua-World retrieval benchmark: indexing speed, index size, latency and evidence recall@k.

    .venv/bin/python bench/lihua_retrieval.py [--keep DIR] [--reuse DIR]

Unzips ../shared/datasets/lihua-world/LiHuaWorld.zip to a temporary folder, indexes
the 442 chat logs with the real Library (embedded all-MiniLM-L6-v2, chromadb, SQLite)
and scores every non-Null question: evidence recall@k is the share of the question's
evidence files (named by their `Time:` stamps) among the top-k distinct files.
Prints one table; figures, not a test.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "datasets" / "lihua-world"
KS = (1, 3, 5, 10)


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def evidence_files(corpus: Path) -> dict[str, str]:
    """Time stamp ("20260121_10:00") -> file path, from each file's first line."""
    out = {}
    for file in corpus.rglob("*.txt"):
        first = file.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        if first.startswith("Time:"):
            out[first.split(":", 1)[1].strip()] = str(file.resolve())
    return out


def recall(ranked_paths: list[str], gold: set[str], k: int) -> float:
    top: list[str] = []
    for path in ranked_paths:
        if path not in top:
            top.append(path)
        if len(top) == k:
            break
    return len(gold & set(top)) / len(gold)


def half(question: str) -> int:
    """A fixed split of the questions into two halves (0/1), by a hash of the question text."""
    return hashlib.sha1(question.encode("utf-8")).digest()[0] & 1


def held_out(store, cases, base, graph: bool) -> list[tuple[int, dict, list[float], list[float]]]:
    """2-fold check of the fusion knobs: choose on one half (R@1 + R@5), report on the other.

    `cases` holds (half, rankings, gold) per question; returns per fold the chosen knobs,
    recall@k on the half they were chosen on and on the held-out half.
    """
    from rag.retrieval import Retriever

    grid = [dict(weight_vector=v, weight_graph=g if graph else 0.0, file_support=f)
            for v, g, f in itertools.product((0.2, 0.35, 0.5, 0.7, 1.0), (0.25, 0.5, 1.0, 2.0) if graph else (0.0,),
                                             (0.0, 0.1, 0.2))]
    names = ("vector", "keyword", "graph") if graph else ("vector", "keyword")
    table = []
    for knobs in grid:
        retriever = Retriever(store, None, None, dataclasses.replace(base, **knobs))
        sums = {0: [0.0] * len(KS), 1: [0.0] * len(KS)}
        for part, rankings, gold in cases:
            fused = retriever.fuse({n: rankings[n] for n in names})
            chunks = store.chunks_by_rowid(r for r, _, _ in fused[:60])
            paths = [chunks[r].path for r, _, _ in fused[:60] if r in chunks]
            for i, k in enumerate(KS):
                sums[part][i] += recall(paths, gold, k)
        counts = {p: max(1, sum(1 for c in cases if c[0] == p)) for p in (0, 1)}
        table.append((knobs, {p: [100 * x / counts[p] for x in sums[p]] for p in (0, 1)}))
    folds = []
    for chosen_on in (0, 1):
        knobs, figures = max(table, key=lambda row: row[1][chosen_on][0] + row[1][chosen_on][2])
        folds.append((chosen_on, knobs, figures[chosen_on], figures[1 - chosen_on]))
    return folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", help="an index folder from an earlier --keep run (skips indexing)")
    parser.add_argument("--keep", help="keep the corpus and index in this folder")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N questions")
    args = parser.parse_args()

    from rag.library import Library

    work = Path(args.reuse or args.keep or tempfile.mkdtemp(prefix="lihua-"))
    corpus = work / "corpus"
    if not corpus.exists():
        with zipfile.ZipFile(DATA / "LiHuaWorld.zip") as archive:
            archive.extractall(corpus)
    files = sorted(corpus.rglob("*.txt"))
    library = Library(work / "index")
    library.embedder.load()          # model start-up is not indexing time
    started, cpu_started = time.perf_counter(), time.process_time()
    failed = [p.record for p in library.index([corpus]) if p.record and p.record.status.value == "failed"]
    index_seconds = time.perf_counter() - started
    index_cpu = time.process_time() - cpu_started
    load = os.getloadavg()[0]
    counts = library.store.counts()

    stamps = evidence_files(corpus)
    questions = json.loads((DATA / "query_set.json").read_text())
    questions = [q for q in questions.values() if q["type"] != "Null"]
    if args.limit:
        questions = questions[: args.limit]
    retriever = library.retriever
    names = ("vector", "keyword", "vector+keyword RRF60", "vector+keyword", "graph", "graph+vector+keyword")
    from rag.retrieval import RetrievalConfig, Retriever

    plain = Retriever(library.store, library.vectors, library.embedder.encode,
                      RetrievalConfig(fusion="rrf", rrf_k=60, weight_vector=1.0, weight_keyword=1.0, file_support=0.0))
    cases = []
    halves = {0: {n: {k: 0.0 for k in KS} for n in names}, 1: {n: {k: 0.0 for k in KS} for n in names}}
    in_half = {0: 0, 1: 0}
    sums = {n: {k: 0.0 for k in KS} for n in names}
    latencies = []
    scored = 0
    library.search("warm up the caches", k=10)
    for q in questions:
        gold = {stamps[s.strip()] for s in q["evidence"].split("<and>") if s.strip() in stamps}
        if not gold:
            continue
        scored += 1
        part = half(q["question"])
        in_half[part] += 1
        t0 = time.perf_counter()
        library.search(q["question"], k=10)
        latencies.append((time.perf_counter() - t0) * 1000)
        rankings = retriever.rankings(q["question"], 10)
        cases.append((part, rankings, gold))
        without_graph = {"vector": rankings["vector"], "keyword": rankings["keyword"]}
        lists = {
            "vector": [r for r, _ in rankings["vector"]], "keyword": [r for r, _ in rankings["keyword"]],
            "graph": [r for r, _ in rankings["graph"]],
            "vector+keyword RRF60": [r for r, _, _ in plain.fuse(without_graph)],
            "vector+keyword": [r for r, _, _ in retriever.fuse(without_graph)],
            "graph+vector+keyword": [r for r, _, _ in retriever.fuse(rankings)],
        }
        for name, rowids in lists.items():
            chunks = library.store.chunks_by_rowid(rowids)
            paths = [chunks[r].path for r in rowids if r in chunks]
            for k in KS:
                sums[name][k] += recall(paths, gold, k)
                halves[part][name][k] += recall(paths, gold, k)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    print(f"corpus: {len(files)} files, {scored} questions scored (non-Null with known evidence)")
    print(f"indexing wall time: {index_seconds:.1f} s, CPU time {index_cpu:.1f} s on {os.cpu_count()} cores "
          f"(load average {load:.1f} when it ended; {library.embedder.backend} backend), failed: {len(failed)}")
    print(f"chunks: {counts['chunks']}, entities: {counts['entities']}, entity edges: {counts['edges']}")
    print(f"index size on disk: {folder_size(work / 'index') / 2**20:.1f} MiB")
    print(f"query latency (full search): p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms")
    print("vector+keyword RRF60: plain reciprocal-rank fusion (k=60, equal weights), as in the issue's reference;")
    print("vector+keyword and graph+vector+keyword use the library's fusion settings (RetrievalConfig, chosen on")
    print("these questions); halves A/B split the questions by a hash of their text.")
    header = "".join(f"{'R@' + str(k):>7}" for k in KS)
    print(f"{'':<22}{'all questions':>28}   |{'half A':>28} |{'half B':>28}")
    print(f"{'retrieval':<22}{header}   |{header} |{header}")
    for name in names:
        row = "".join(f"{100 * sums[name][k] / scored:7.1f}" for k in KS)
        parts = ["".join(f"{100 * halves[p][name][k] / max(1, in_half[p]):7.1f}" for k in KS) for p in (0, 1)]
        print(f"{name:<22}{row}   |{parts[0]} |{parts[1]}")
    print("held-out check: fusion knobs chosen on one half (max R@1 + R@5), scored on the other half")
    for label, graph in (("vector+keyword", False), ("graph+vector+keyword", True)):
        for chosen_on, knobs, seen, unseen in held_out(library.store, cases, retriever.config, graph):
            shown = ", ".join(f"{key}={value}" for key, value in knobs.items() if graph or key != "weight_graph")
            print(f"{label:<22} chosen on {'AB'[chosen_on]}: " + " ".join(f"{x:5.1f}" for x in seen)
                  + f" | held-out {'AB'[1 - chosen_on]}: " + " ".join(f"{x:5.1f}" for x in unseen) + f"  ({shown})")
    library.close()
    if not (args.reuse or args.keep):
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
