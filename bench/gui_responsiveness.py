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
sys.path.insert(0, str(ROOT))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--pdfs", type=int, default=50)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} logical CPUs, load average {load} before the run, "
          f"Qt platform {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
    runs = launch_times(args.launches)
    for name in ("window-shown", "model-ready"):
        values = [r[name] for r in runs if name in r]
        print(f"launch-to-{name}: median {statistics.median(values):.2f} s "
              f"(runs: {', '.join(f'{v:.2f}' for v in values)})")
    figures = stall_figures(args.pdfs)
    print(f"indexing {figures['pdfs']} PDFs (3 pages each) while streaming an answer: "
          f"{figures['load_seconds']:.1f} s, {figures['indexed']} indexed, {figures['answers']} answers streamed back to back")
    print(f"event-loop stalls over {figures['ticks']} ticks of {TICK_MS} ms: longest {figures['max_stall_ms']:.0f} ms, "
          f"p99 {figures['p99_stall_ms']:.0f} ms, median {figures['median_stall_ms']:.0f} ms, "
          f"{figures['stalls_over_100ms']} over 100 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
