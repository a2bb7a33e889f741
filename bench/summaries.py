"""Summary quality on ACLSum, through the front door, against lead-3 and the abstract; and fact checklists.

    .venv/bin/python bench/summaries.py [--split val] [--limit N]       # the report (ACLSum val by default)
    .venv/bin/python bench/summaries.py --split train --tune             # choose weights (train only)
    .venv/bin/python bench/summaries.py --split train --strategies extractive,model,shorten [--limit N]
    .venv/bin/python bench/summaries.py --long                           # a 300-page PDF; the largest paper

Each paper is written as the Markdown file a user would have (bench/aclsum.py) and summarized by
`agents.api.Enclave.summarize(path, mode="short")` — indexing included, the real SmolLM2 — in a
fresh data folder. In the same run: lead-3 (the paper's first three sentences) and the abstract
alone. ROUGE-1/2/L F1 (rouge-score, with and without stemming) against the three human aspect
sentences; the share of summaries with a sentence the claim check refuses (a number, name or relation
the paper does not state: agents/answers/claims.keep_supported); the median seconds per paper. Then the
generated rental contract and meeting note (tests/answer_docs.py) with the facts their summaries must
keep. Tune on train (`--tune` searches the salience weights with the extractive choice, no model);
report on val. `--limit N` takes the first N papers of the split's fixed order.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the code under test: PYTHONPATH's checkout where one is given (another engineer's worktree), else this one
sys.path.insert(len(sys.path) if os.environ.get("PYTHONPATH") else 0, str(ROOT))

from bench.aclsum import Rouge, mean_scores, papers  # noqa: E402
from bench.summary_checks import checklist_report, long_report, misstated, tune  # noqa: E402


def summarize(enclave, path: Path, mode: str = "short") -> str:
    """The summary's plain text (markers and label removed) as `enclave summarize` would show it."""
    from agents.api import ErrorEvent, FinalAnswer
    from agents.summaries.modes import plain

    for event in enclave.summarize(path, mode=mode):
        if isinstance(event, FinalAnswer):
            return plain(event.text)
        if isinstance(event, ErrorEvent):
            return ""
    return ""


def report(args: argparse.Namespace, strategy: str | None = None) -> dict[str, dict[str, float]]:
    """Enclave vs lead-3 vs abstract on the split; returns each system's mean scores."""
    from agents.api import Enclave

    chosen = papers(args.split)[: args.limit or None]
    rouge = Rouge()
    rows: dict[str, list[dict[str, float]]] = {"enclave": [], "lead-3": [], "abstract": []}
    bad, seconds = [], []
    with tempfile.TemporaryDirectory() as home:
        os.environ["ENCLAVE_HOME"] = home
        folder = Path(home) / "papers"
        folder.mkdir()
        with Enclave() as enclave:
            if strategy:
                enclave.core.orchestrator().summarizer.strategy = strategy
            summarize(enclave, _write(folder, chosen[0]))          # warm: model, embedder (not timed)
            for n, paper in enumerate(chosen, 1):
                path = _write(folder, paper)
                t0 = time.perf_counter()
                text = summarize(enclave, path)
                seconds.append(time.perf_counter() - t0)
                rows["enclave"].append(rouge.score(paper.gold, text))
                rows["lead-3"].append(rouge.score(paper.gold, paper.lead(3)))
                rows["abstract"].append(rouge.score(paper.gold, paper.abstract))
                bad.append(misstated(text, paper.markdown()))
                if args.verbose:
                    print(f"[{n}] {paper.pid} {seconds[-1]:.1f}s R1 {rows['enclave'][-1]['rouge1']:.1f}: {text}",
                          file=sys.stderr)
    means = {name: mean_scores(r) for name, r in rows.items()}
    label = f"ACLSum {args.split}, {len(chosen)} papers" + (f", strategy {strategy}" if strategy else "")
    print(f"\n{label}: ROUGE F1 x100 (rouge-score; rougeL = summary-level LCS)")
    print(f"{'system':<10} {'R-1':>6} {'R-2':>6} {'R-L':>6} | stemmed: {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for name, m in means.items():
        print(f"{name:<10} {m['rouge1']:6.1f} {m['rouge2']:6.1f} {m['rougeL']:6.1f} |          "
              f"{m['rouge1+stem']:6.1f} {m['rouge2+stem']:6.1f} {m['rougeL+stem']:6.1f}")
    print(f"summaries with a misstated fact: {sum(bad)}/{len(bad)}; "
          f"seconds per paper: median {statistics.median(seconds):.1f}, max {max(seconds):.1f} "
          f"(load average {os.getloadavg()[0]:.2f})")
    return means


def _write(folder: Path, paper) -> Path:
    path = folder / f"paper-{paper.pid}.md"
    path.write_text(paper.markdown(), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "val"), default="val")
    parser.add_argument("--limit", type=int, default=0, help="only the first N papers of the split")
    parser.add_argument("--tune", action="store_true", help="search the salience weights (extractive, train only)")
    parser.add_argument("--strategies", default="", help="compare these summary strategies (comma-separated)")
    parser.add_argument("--long", action="store_true", help="time a 300-page PDF and the split's largest paper")
    parser.add_argument("--no-checklist", dest="checklist", action="store_false")
    parser.add_argument("--verbose", action="store_true", help="print every summary")
    args = parser.parse_args(argv)
    if args.tune:
        if args.split != "train":
            parser.error("tune on the train split only")
        return tune(papers("train")[: args.limit or None])
    if args.long:
        return long_report(papers(args.split))
    for strategy in args.strategies.split(",") if args.strategies else [None]:
        report(args, strategy)
    if args.checklist:
        checklist_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
