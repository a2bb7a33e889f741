#!/usr/bin/env python3
"""GUI responsiveness figures (not a test): start-up times and event-loop stalls under load.

    .venv/bin/python bench/gui_responsiveness.py [--launches 3] [--pdfs 50]

Prints
  1. launch-to-window-shown and launch-to-model-ready of the real `enclave` command
     (a fresh process each time, offscreen Qt platform, embedded model), and
  2. the longest and p99 event-loop stall of the real app (real Core: SmolLM2 + the
     document library) while it indexes N generated PDFs and streams an answer at once.
A stall is how late a 5 ms precise Qt timer fires: the time the GUI thread could not
react to input. Targets: window under 2 s, stalls under 100 ms.
  3. (issue 15) the in-app preview's open time for a page of a generated 300-page PDF: the
     core alone (rag.preview) and click-to-painted in the real app (target <= 300 ms), and
  4. time to first token of an answer in the real app, quiet and while other processes keep
     every core busy (target: busy within 2x of quiet).
Splits: nothing in 3 or 4 was tuned on these figures (the render width, 900 px, was fixed
before measuring); pages 1-150 of the PDF are the dev split (free to look at when changing
the preview), the reported pages are TEST_PAGES from 151-300; the questions are TTFT_QUESTIONS.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))
TICK_MS = 5


def launch_times(runs: int) -> list[dict[str, float]]:
    enclave = Path(sys.executable).with_name("enclave")
    command = [str(enclave)] if enclave.exists() else [sys.executable, "-m", "app.main"]
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="enclave-bench-") as home:
            env = dict(os.environ, ENCLAVE_HOME=home, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                       ENCLAVE_GUI_TIMINGS="1", ENCLAVE_GUI_QUIT_WHEN_READY="1")
            env.pop("ENCLAVE_MODEL", None)
            env["ENCLAVE_LAUNCH_T0"] = repr(time.time())
            out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=ROOT).stdout
        marks = {line.split()[1]: float(line.split()[2]) for line in out.splitlines() if line.startswith("enclave-timing")}
        results.append(marks)
    return results


def make_pdfs(folder: Path, count: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    topics = ["budget", "harbor", "festival", "contract", "garden", "school", "travel", "insurance", "clinic", "bakery"]
    for n in range(count):
        pdf = canvas.Canvas(str(folder / f"document-{n:02d}.pdf"), pagesize=A4)
        for page in range(1, 4):
            text = pdf.beginText(72, 770)
            text.setFont("Helvetica", 11)
            topic = topics[(n + page) % len(topics)]
            for line in range(30):
                text.textLine(f"Document {n} page {page}: notes about the {topic} plan, item {line}, "
                              f"reference {n * 100 + line}, owner team {topic.upper()}-{page}.")
            pdf.drawText(text)
            pdf.showPage()
        pdf.save()


def stall_figures(pdf_count: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="enclave-bench-home-")
    os.environ["ENCLAVE_HOME"] = home
    os.environ.pop("ENCLAVE_MODEL", None)
    docs = Path(tempfile.mkdtemp(prefix="enclave-bench-docs-"))
    make_pdfs(docs, pdf_count)
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.application import EnclaveApp

    app = QApplication.instance() or QApplication([])  # noqa: F841 - must exist while the app runs
    enclave = EnclaveApp(show_error_dialogs=False)
    enclave.start()
    loop = QEventLoop()
    ready_at = time.perf_counter()

    def stage(s: object) -> None:
        if getattr(s, "library_ready", False) or getattr(s, "text", "").startswith("Ready"):
            loop.quit()
    enclave.controller.stage.connect(stage)
    loop.exec()
    ready_at = time.perf_counter() - ready_at

    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(TICK_MS)
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(max(0, now - last[0] - TICK_MS))
        if gaps[-1] > 40 and os.environ.get("ENCLAVE_BENCH_TRACE"):
            print(f"  stall {gaps[-1]} ms at {now / 1000:.1f} s; index: {enclave.window.library.current.text()!r}; "
                  f"chat: {enclave.window.chat.status.text()!r}", file=sys.stderr)
        last[0] = now
    ticker.timeout.connect(tick)
    state = {"index": False, "answer": False, "tokens": 0}

    def check_done() -> None:
        if state["index"] and state["answer"]:
            loop.quit()

    def index_running(running: bool) -> None:
        if not running and not enclave.indexer.queue:
            state["index"] = True
            check_done()

    questions = ["What does document 3 say about the budget plan?", "Who owns the harbor plan in document 12?",
                 "Summarize the festival notes of document 20.", "Which reference numbers does document 7 list?"]

    def answered(_a: object) -> None:
        state["tokens"] += 1
        if not state["index"]:           # keep an answer streaming for as long as indexing runs
            window.session.submit(questions[state["tokens"] % len(questions)])
            return
        state["answer"] = True
        check_done()
    enclave.indexer.running_changed.connect(index_running)
    window = enclave.window
    window.session.conversation_changed.connect(answered)     # emitted once the answering job has ended
    enclave.controller.errors.reported.connect(lambda info: (print(f"  error: {info.message}", file=sys.stderr),
                                                             None if window.session.busy else answered(None)))
    clock.start()
    ticker.start()
    started = time.perf_counter()
    enclave.indexer.add([docs])
    window.session.submit(questions[0])
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()
    ticker.stop()
    elapsed = time.perf_counter() - started
    indexed = sum(1 for d in enclave.indexer.documents if getattr(d.status, "value", d.status) == "indexed")
    answer_tokens = len(window.chat.last_answer().split())
    enclave.controller.shutdown()
    ordered = sorted(gaps)
    return {"library_ready_s": ready_at, "load_seconds": elapsed, "ticks": len(gaps), "max_stall_ms": ordered[-1],
            "p99_stall_ms": ordered[int(0.99 * (len(ordered) - 1))], "median_stall_ms": statistics.median(ordered),
            "stalls_over_100ms": sum(1 for g in gaps if g > 100), "indexed": indexed, "pdfs": pdf_count,
            "answer_words": answer_tokens, "answers": state["tokens"]}


TEST_PAGES = list(range(155, 301, 15))         # 10 pages of the test half of the 300-page PDF
TTFT_QUESTIONS = ["Write one sentence about the sea.", "Tell me a short fact about bees.",
                  "Describe a bicycle in one sentence.", "Give me a tip for sleeping well."]


def make_long_pdf(path: Path, pages: int = 300) -> None:
    """A report-like PDF: every page a heading and 40 lines, one sentence per page to be cited."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, 780, f"Chapter {page}: the harbour accounts")
        text = pdf.beginText(72, 750)
        text.setFont("Helvetica", 10)
        for line in range(40):
            text.textLine(cited_sentence(page) if line == 20 else
                          f"Line {line} of page {page} lists boats, moorings and the fees paid in season {line}.")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def cited_sentence(page: int) -> str:
    return f"The mooring fee on page {page} was raised to {page * 3} euros by the harbour board."


def preview_core_ms(pdf: Path) -> list[float]:
    from rag.preview import preview
    times = []
    for page in TEST_PAGES:
        started = time.perf_counter()
        shown = preview(pdf, page, cited_sentence(page))
        times.append((time.perf_counter() - started) * 1000)
        assert shown.found, page
    return times


def wait_for(signal: object, timeout_ms: int) -> None:
    """Run the event loop until `signal` fires (or the timeout)."""
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def app_figures(pdf: Path, rounds: int) -> dict[str, list[float]]:
    """In one real app (real Core, embedded model): preview click-to-painted, then TTFT quiet and busy."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ENCLAVE_HOME"] = tempfile.mkdtemp(prefix="enclave-bench-home-")
    os.environ.pop("ENCLAVE_MODEL", None)
    from PySide6.QtWidgets import QApplication

    from agents.events import Citation
    from app.gui.application import EnclaveApp

    app = QApplication.instance() or QApplication([])  # noqa: F841 - must exist while the app runs
    enclave = EnclaveApp(show_error_dialogs=False)
    enclave.start()
    if not enclave.controller.is_model_ready:
        wait_for(enclave.controller.model_ready, 300_000)
    window = enclave.window
    out: dict[str, list[float]] = {"preview_click_ms": [], "ttft_quiet_s": [], "ttft_busy_s": []}
    for page in TEST_PAGES:
        citation = Citation(f"{pdf.name} p.{page}", str(pdf), page, cited_sentence(page))
        started = time.perf_counter()
        window.show_preview(citation)
        wait_for(window.preview.shown, 30_000)
        out["preview_click_ms"].append((time.perf_counter() - started) * 1000)
    for number in range(2 * rounds + 1):
        busy = number % 2 == 1                 # quiet, busy, quiet, busy, ...: the first quiet one warms up
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)] \
            if busy else []
        try:
            # busy: the hogs run before the question, as another program would; quiet: the engine's load
            # sampler (0.5 s window, agents/engine/cpu_share.py) must have seen the hogs go first, or a
            # "quiet" answer still runs on the threads chosen for a busy machine (the earlier figures did)
            time.sleep(0.5 if busy else 1.2)
            window.session.new_conversation()
            first: list[float] = []
            started = time.perf_counter()
            window.session.submit(TTFT_QUESTIONS[number % len(TTFT_QUESTIONS)])
            window.session.job.item.connect(
                lambda e: first.append(time.perf_counter()) if type(e).__name__ == "Token" and not first else None)
            while window.session.busy:
                wait_for(window.session.conversation_changed, 120_000)
        finally:
            for hog in hogs:
                hog.kill()
                hog.wait()
        if first and number > 0:
            out["ttft_busy_s" if busy else "ttft_quiet_s"].append(first[0] - started)
    enclave.controller.shutdown()
    return out


def print_issue15_figures(rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="enclave-bench-pdf-") as folder:
        pdf = Path(folder) / "harbour-accounts-300-pages.pdf"
        make_long_pdf(pdf)
        core = preview_core_ms(pdf)
        app_side = app_figures(pdf, rounds)
    click = app_side["preview_click_ms"]
    print(f"preview of a page of a 300-page PDF (pages {TEST_PAGES[0]}-{TEST_PAGES[-1]}, 900 px wide, sentence "
          f"highlighted): core median {statistics.median(core):.0f} ms (max {max(core):.0f}); "
          f"click-to-painted in the app median {statistics.median(click):.0f} ms (max {max(click):.0f}); target <= 300 ms")
    quiet, busy = app_side["ttft_quiet_s"], app_side["ttft_busy_s"]
    if quiet and busy:
        ratio = statistics.median(busy) / statistics.median(quiet)
        print(f"time to first token (direct answer, embedded model): quiet median {statistics.median(quiet):.2f} s "
              f"(runs {', '.join(f'{v:.2f}' for v in quiet)}); with {os.cpu_count()} busy processes median "
              f"{statistics.median(busy):.2f} s (runs {', '.join(f'{v:.2f}' for v in busy)}); "
              f"ratio {ratio:.2f} (target <= 2)")
    else:
        print(f"time to first token: no tokens measured (quiet {quiet}, busy {busy})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--only-issue15", action="store_true",
                        help="only the preview and time-to-first-token figures (plus window shown)")
    parser.add_argument("--ttft-rounds", type=int, default=3)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} logical CPUs, load average {load} before the run, "
          f"Qt platform {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
    runs = launch_times(args.launches)
    for name in ("window-shown", "model-ready"):
        values = [r[name] for r in runs if name in r]
        print(f"launch-to-{name}: median {statistics.median(values):.2f} s "
              f"(runs: {', '.join(f'{v:.2f}' for v in values)})")
    print_issue15_figures(args.ttft_rounds)
    if args.only_issue15:
        return 0
    figures = stall_figures(args.pdfs)
    print(f"indexing {figures['pdfs']} PDFs (3 pages each) while streaming an answer: "
          f"{figures['load_seconds']:.1f} s, {figures['indexed']} indexed, {figures['answers']} answers streamed back to back")
    print(f"event-loop stalls over {figures['ticks']} ticks of {TICK_MS} ms: longest {figures['max_stall_ms']:.0f} ms, "
          f"p99 {figures['p99_stall_ms']:.0f} ms, median {figures['median_stall_ms']:.0f} ms, "
          f"{figures['stalls_over_100ms']} over 100 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
