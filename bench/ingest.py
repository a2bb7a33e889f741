"""Ingestion benchmark: OCR pages/minute, MB/s and chunks/s per format, the 5 MB file's time to
searchable and to fully embedded with peak memory, and LiHua-World indexing time and evidence recall.

    .venv/bin/python bench/ingest.py [--skip-lihua] [--skip-big]

Every input except LiHua-World is generated here (reportlab, openpyxl, PIL), so the run needs no
data but ../shared/datasets/lihua-world. Figures, not a test; nothing is tuned on them.
Evidence recall is reported on the TEST split of bench/lihua.py (dev/test by a hash of the question
id) with the library's retrieval as it is; nothing is chosen here.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))


class PeakMemory:
    """Peak resident memory of this process and its children (the loader process), sampled every 50 ms."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            total = self._me.memory_info().rss
            for child in self._me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except Exception:  # noqa: BLE001 - a child may exit between listing and reading
                    pass
            self.peak = max(self.peak, total)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


CPU_USED: dict[str, float] = {}     # CPU seconds of the last timed_index: this process (embedding) and the loader's


def timed_index(library, paths) -> tuple[float, float, list]:
    """(seconds until every file's phase 1 was committed, seconds until fully embedded, records).

    Also notes the CPU seconds used (CPU_USED): on a machine shared with other work the wall time
    says more about the other work than about indexing; CPU time does not depend on it."""
    import psutil

    me = psutil.Process()
    started, cpu_started = time.perf_counter(), time.process_time()
    searchable, searchable_cpu = 0.0, 0.0
    loader_cpu = 0.0
    records = []
    for progress in library.index(paths):
        for child in me.children(recursive=True):       # the loader process: its CPU time until it stops
            try:
                times = child.cpu_times()
                loader_cpu = max(loader_cpu, times.user + times.system)
            except Exception:  # noqa: BLE001 - it may exit between listing and reading
                pass
        if progress.record is not None:           # phase 1 of this file is committed: it is searchable now
            records.append(progress.record)
            searchable = time.perf_counter() - started
            searchable_cpu = time.process_time() - cpu_started
    CPU_USED.update(total=time.process_time() - cpu_started, searchable=searchable_cpu, loader=loader_cpu)
    return searchable, time.perf_counter() - started, records


def cpu_line() -> str:
    return (f"CPU time: {CPU_USED['searchable']:.1f} s until searchable + {CPU_USED['loader']:.1f} s in the loader "
            f"process, {CPU_USED['total']:.1f} s in all in the indexer")


def ocr_figures(work: Path) -> None:
    from rag.formats.sandbox import SandboxedLoader
    from tests.formats_docs import make_scanned_pdf, text_png

    pages = {}
    for i in range(1, 9):
        pages[i] = text_png(work / f"scan{i}.png", [f"Page {i}: the tenant pays 1,{i}00 euros rent",
                                                   "on the first working day of each month,",
                                                   "by bank transfer to the landlord's account."])
    pdf = make_scanned_pdf(work / "scan.pdf", {}, pages)
    loader = SandboxedLoader()
    try:
        started = time.perf_counter()
        loader.load(pages[1])                     # engine start-up in the loader process (once per process)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        doc = loader.load(pdf)
        seconds = time.perf_counter() - started
    finally:
        loader.close()
    found = sum(1 for i, (_, text) in enumerate(doc.pages, 1) if f"Page {i}" in text and "rent" in text)
    print(f"OCR: {60 * len(doc.pages) / seconds:.1f} pages/minute ({len(doc.pages)} scanned A4 pages in {seconds:.1f} s; "
          f"engine start {warm:.1f} s incl. one page; {found}/{len(doc.pages)} pages read back right)")


def format_figures(work: Path, embedder) -> None:
    from rag.library import Library
    from tests.formats_docs import budget_rows, make_xlsx
    from tests.rag_docs import make_pdf

    text = work / "notes.txt"
    text.write_text("\n\n".join(f"Note {i}: the harbour office opens at {i % 12 + 1} o'clock; ask Captain Ahab "
                                f"about berth {i * 7} and the tide table of {1990 + i % 30}." for i in range(12000)))
    pdf = make_pdf(work / "report.pdf", [f"Chapter {p}. " + " ".join(f"Sentence {s} of page {p} about turbines, "
                                         f"grids and the {p * s} kilowatt rating." for s in range(25)) for p in range(150)])
    xlsx = make_xlsx(work / "ledger.xlsx", budget_rows(20000))
    print("format  size MiB  phase 1 s  MB/s  chunks  chunks/s (phase 1)  embedded s  chunks/s (all)")
    for path in (text, pdf, xlsx):
        library = Library(work / f"lib-{path.suffix[1:]}", embedder=embedder)
        try:
            searchable, full, records = timed_index(library, [path])
            chunks = records[0].chunks
            size = path.stat().st_size / 2**20
            print(f"{path.suffix[1:]:<7} {size:8.2f} {searchable:10.1f} {size / searchable:5.2f} {chunks:7d} "
                  f"{chunks / searchable:19.0f} {full:11.1f} {chunks / full:15.1f}")
        finally:
            library.close()


def big_file_figures(work: Path, embedder) -> None:
    from rag.library import Library
    from tests.test_two_phase import make_big_text

    big = make_big_text(work / "big.txt")
    library = Library(work / "lib-big", embedder=embedder)
    try:
        with PeakMemory() as memory:
            searchable, full, records = timed_index(library, [big])
        print(f"5 MB text ({big.stat().st_size / 2**20:.1f} MiB, {records[0].chunks} chunks): searchable after "
              f"{searchable:.1f} s (target <= 10 s), fully embedded after {full:.1f} s (target <= 120 s), "
              f"{records[0].chunks / (full - searchable):.1f} chunks/s embedding; peak RSS {memory.peak / 2**30:.2f} GiB "
              f"(target <= 1.5 GiB; indexer + loader process)")
        print(f"  {cpu_line()}; load average {os.getloadavg()[0]:.1f}")
    finally:
        library.close()


def lihua_figures(work: Path, embedder) -> None:
    from bench import lihua
    from bench.lihua_retrieval import KS, recall
    from rag.library import Library

    corpus = work / "lihua"
    lihua.unpack(corpus)
    library = Library(work / "lib-lihua", embedder=embedder)
    try:
        with PeakMemory() as memory:
            searchable, full, records = timed_index(library, [corpus])
        chunks = sum(r.chunks for r in records)
        print(f"LiHua-World: {len(records)} files, {chunks} chunks: searchable after {searchable:.1f} s (target <= 10 s), "
              f"fully embedded after {full:.1f} s (target <= 30 s); peak RSS {memory.peak / 2**30:.2f} GiB")
        print(f"  {cpu_line()}; load average {os.getloadavg()[0]:.1f}")
        stamps = lihua.evidence_files(corpus)
        sums, count = [0.0] * len(KS), 0
        retriever = library.retriever          # the same ranking as bench/lihua_retrieval.py's graph+vector+keyword
        for q in lihua.questions("test"):
            gold = {stamps[s] for s in q.evidence if s in stamps}
            if q.type == "Null" or not gold:
                continue
            fused = retriever.fuse(retriever.rankings(q.text, 10))
            found = library.store.chunks_by_rowid(r for r, _, _ in fused)
            paths = [found[r].path for r, _, _ in fused if r in found]
            count += 1
            for i, k in enumerate(KS):
                sums[i] += recall(paths, gold, k)
        row = "  ".join(f"R@{k} {100 * x / max(1, count):.1f}" for k, x in zip(KS, sums))
        print(f"  evidence recall, TEST split ({count} questions; bench/lihua.py): {row}")
    finally:
        library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-lihua", action="store_true")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--only-big", action="store_true", help="only the 5 MB file")
    parser.add_argument("--only-lihua", action="store_true", help="only LiHua-World")
    args = parser.parse_args()
    from rag.embedder import shared_embedder

    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    embedder = shared_embedder("")      # the app's embedder (ONNX export cached), as Library uses it
    embedder.load()                     # model start-up is not indexing time
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; embedding backend {embedder.backend}, {embedder.identity}")
    if not (args.only_big or args.only_lihua):
        ocr_figures(work)
        format_figures(work, embedder)
    if not (args.skip_big or args.only_lihua):
        big_file_figures(work, embedder)
    if not args.skip_lihua and not args.only_big:
        lihua_figures(work, embedder)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
