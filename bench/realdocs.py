"""Answers on real documents nobody on the team wrote: Enclave against a naive RAG baseline, same model.

    .venv/bin/python bench/realdocs.py [--split dev|test] [--limit N] [--json PATH] [--systems enclave,naive]
    .venv/bin/python bench/realdocs.py --retrieval-only --split dev      # hit@1/@5 only, no model (minutes)
    .venv/bin/python bench/realdocs.py --check                           # verify every question's place
    .venv/bin/python bench/realdocs.py --corpus dev2 --split dev         # a second corpus, dev only (below)
    .venv/bin/python bench/realdocs.py --corpus gate --split dev|test    # a third corpus; its test half never tuned on
    .venv/bin/python bench/realdocs.py --corpus gate2 --split dev|test   # a fourth, by a new hand; likewise
    .venv/bin/python bench/realdocs.py --corpus gate3 --split dev|test   # a fifth, by another new hand; likewise
    PYTHONPATH=/other/checkout .venv/bin/python bench/realdocs.py ...    # that checkout's code, these questions

The documents come from four Debian packages (bash-doc, debian-faq, gnu-standards, debian-handbook),
installed with apt-get when missing, in PDF, HTML and plain text (bench/realdocs_docs.py, which also
fixes the dev/test split by document). All of them are indexed together in one library, cached under
~/.cache/enclave-bench/realdocs/ (a changed document set or chunker gets a new one), so retrieval
must also find the right document. The questions (bench/realdocs_questions.json, written by reading
the documents) ask who, which, what, how many, how long, when, where, yes/no and "what must I do";
about a fifth ask for facts no document holds.

For each question of the split, two systems answer:
- enclave: agents.api.Enclave.ask, exactly what `enclave ask` and the GUI do (real SmolLM2-135M);
- naive:   the top-3 vector passages and the question in one prompt to the same model (bench/answers.py).
Reported (bench/answer_scoring.py, no judge model): the share whose answer line (the first line, not the
quote) states a gold span; the share with the gold in a quote of at most two sentences; answerable
questions refused ("Your documents do not contain this"); absent facts refused; shown answers with a
number, date or name the cited passages lack; and the library's retrieval hit@1/@5 of the gold file and
page (PDF) or section (HTML, text). Run time on the 2-core reference machine under load (load average
6-12): indexing the 14 files once ~15 min; the test split (142 questions, both systems) 15-26 min.
LiHua-World and the generated documents stay the second and third figures: bench/answers.py.
`--corpus dev2` runs the same scoring on bench/realdocs_dev2.py: other Debian documentation (project policy,
the filesystem hierarchy), a dev-only corpus for checking that a rule holds beyond the two dev manuals.
`--corpus gate` runs it on bench/realdocs_gate.py (the Debian Reference, the Kernel Handbook, the Securing Debian
Manual), written by another hand: its dev split (the Securing Debian Manual) may be tuned on; its test split (the
Reference and the Kernel Handbook) never is: the lead runs it on each merged rule, a second held-out figure.
`--corpus gate2` runs it on bench/realdocs_gate2.py (the New Maintainers' Guide, the Git User Manual and tutorial,
seven SQLite pages), questions by yet another hand: dev (the New Maintainers' Guide) may be tuned on, test (Git and
SQLite) never is.
`--corpus gate3` runs it on bench/realdocs_gate3.py (six chapters of the Zsh manual, six Postfix README guides,
seven pages of the Apache HTTP Server manual), questions by another new hand: dev (Zsh) may be tuned on, test
(Postfix and Apache) never is.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))
else:
    sys.path.append(str(ROOT))      # PYTHONPATH's code wins; this checkout's bench/ is still found
# The code under test is PYTHONPATH's checkout when one is given (another engineer's worktree), else this one;
# the benchmark's own modules are always this checkout's (so its corpora and questions run against any code).
import agents  # noqa: E402,F401
import bench  # noqa: E402
import rag  # noqa: E402,F401

if str(ROOT / "bench") not in bench.__path__:
    bench.__path__.insert(0, str(ROOT / "bench"))

from bench import realdocs_data, realdocs_docs  # noqa: E402
from bench.realdocs_dev2 import DEV2  # noqa: E402
from bench.realdocs_gate import GATE  # noqa: E402
from bench.realdocs_gate2 import GATE2  # noqa: E402
from bench.realdocs_gate3 import GATE3  # noqa: E402
from bench.answer_scoring import answer_line, is_refusal, quote_states, states  # noqa: E402
from bench.realdocs_places import Places  # noqa: E402

CHUNKER_SOURCES = ("rag/chunking.py", "rag/navigation.py", "rag/loaders.py", "rag/formats/text.py", "rag/formats/pdf.py",
                   "rag/formats/sections.py", "rag/formats/base.py", "rag/library_writer.py")
CRASH = "[crash]"
OTHER_FIGURES = ("LiHua-World (second figure):  .venv/bin/python bench/answers.py --index DIR --split test\n"
                 "generated documents (third):  .venv/bin/python bench/answers.py --generated")


CORPORA = {"realdocs": realdocs_docs.REALDOCS, "dev2": DEV2, "gate": GATE, "gate2": GATE2, "gate3": GATE3}


def library_home(docs: Path, corpus: realdocs_docs.Corpus = realdocs_docs.REALDOCS) -> Path:
    """The cached Enclave data folder for this document set and this chunker (a change of either: a new one)."""
    digest = hashlib.sha256(realdocs_docs.document_set_key(docs, corpus).encode())
    code = Path(rag.__file__).resolve().parent.parent       # the chunker of the code under test
    for source in CHUNKER_SOURCES:
        path = code / source
        if path.is_file():
            digest.update(path.read_bytes())
    return corpus.cache / f"library-{digest.hexdigest()[:12]}"


def open_enclave(docs: Path, corpus: realdocs_docs.Corpus = realdocs_docs.REALDOCS):
    """The front door on the cached library; indexes the documents the first time (progress on stderr)."""
    from agents.api import Enclave
    from agents.platform.paths import DataPaths

    home = library_home(docs, corpus)
    enclave = Enclave(paths=DataPaths(home))
    wanted = {str((docs / name).resolve()) for d in corpus.documents for _, name in d.files}
    ready = {r.path for r in enclave.documents() if r.status.value == "indexed" and "embedding" not in r.reason}
    if not wanted <= ready:
        print(f"indexing {len(wanted)} documents into {home} (once)...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        shown = ""
        for progress in enclave.index(sorted(wanted)):
            if progress.detail.startswith("embedding") and progress.detail.split("%")[0][-2:] != shown:
                shown = progress.detail.split("%")[0][-2:]         # one line per 10 %
                if shown.endswith("0"):
                    print(f"  {progress.detail}", file=sys.stderr, flush=True)
            if progress.record is not None:
                record = progress.record
                print(f"  {progress.done}/{progress.total} {Path(record.path).name}: {record.status.value}"
                      f" {record.chunks} chunks {record.reason}", file=sys.stderr, flush=True)
        print(f"indexed in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return enclave


def ask_enclave(enclave, question: str, how: list[str] | None = None) -> tuple[str, list[str]]:
    """Enclave's final answer and the full text of every page (or document) it cites; `how` gets each expert's
    summary of how it answered (the trace's "how": which reading gave the answer line)."""
    from agents.api import ErrorEvent, ExpertFinished, FinalAnswer
    from bench.answers import _cited_text

    library = enclave.core.library()
    try:
        for event in enclave.ask(question):
            if isinstance(event, ExpertFinished) and how is not None:
                how.append(event.summary)
            if isinstance(event, FinalAnswer):
                return event.text, [_cited_text(library, c) for c in event.citations]
            if isinstance(event, ErrorEvent):
                return f"[error] {event.message}", []
    except Exception as exc:  # noqa: BLE001 - a crash of the system under test is a wrong answer, not the end of the run
        return f"{CRASH} {exc.__class__.__name__}: {exc}", []
    return "", []


def score(text: str, sources: list[str], q: realdocs_data.Question) -> dict:
    from bench.answers import unsupported_shown

    refused = is_refusal(text)
    row = {"answer": text, "refused": refused, "unsupported": bool(unsupported_shown(text, sources))}
    if not q.absent:
        row["line"] = states(answer_line(text), list(q.gold))
        row["quote"] = quote_states(text, list(q.gold))
    return row


def run(args) -> int:
    corpus = CORPORA[args.corpus]
    if args.split not in corpus.splits:
        print(f"realdocs: the {corpus.name} corpus has no {args.split} split (it has {', '.join(corpus.splits)})",
              file=sys.stderr)
        return 2
    docs = realdocs_docs.prepare(corpus=corpus)
    questions = realdocs_data.questions(args.split, corpus)
    if args.limit:
        questions = questions[: args.limit]
    enclave = open_enclave(docs, corpus)
    places = Places(enclave.core.library(), docs)
    systems = [] if args.retrieval_only else args.systems.split(",")
    if systems:
        enclave.load_model()
    rows = []
    for n, q in enumerate(questions, 1):
        row = {"id": q.qid, "kind": q.kind, "question": q.text, "absent": q.absent, "gold": list(q.gold)}
        if not q.absent:
            row["retrieval"] = places.ranks(q, enclave.search(q.text, k=5))
        for system in systems:
            t0 = time.perf_counter()
            if system == "naive":
                from bench.answers import naive_answer

                text, sources = naive_answer(enclave.core.model(), enclave.core.library(), q.text)
            else:
                how: list[str] = []
                text, sources = ask_enclave(enclave, q.text, how)
            row[system] = score(text, sources, q) | {"seconds": round(time.perf_counter() - t0, 2)}
            if system != "naive":
                row[system]["how"] = how
        rows.append(row)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
        shown = " ".join(f"{s}={_mark(row[s], q)}" for s in systems)
        print(f"  {n}/{len(questions)} {q.qid} {shown}", file=sys.stderr, flush=True)
    enclave.close()
    model = ", model SmolLM2-135M-Instruct Q4_1 (embedded)" if systems else ""
    print_table(rows, systems, f"corpus={corpus.name}, split={args.split}, {len(rows)} questions{' (a fixed prefix)' if args.limit else ''}{model}")
    return 0


def _mark(cell: dict, q) -> str:
    if q["absent"] if isinstance(q, dict) else q.absent:
        return "refused" if cell["refused"] else "ANSWERED"
    return "line" if cell["line"] else ("quote" if cell["quote"] else ("REFUSED" if cell["refused"] else "wrong"))


def print_failures(rows: list[dict], system: str) -> None:
    """One line per question the system did not get right (answer line without the gold, or an absent fact
    answered): id, kind, outcome (quote: the gold only in a short quote), retrieval rank, question, gold, answer."""
    from bench.answer_scoring import answer_line

    for r in rows:
        mark = _mark(r[system], r)
        if mark in ("line", "refused"):
            continue
        shown = answer_line(r[system]["answer"]) or r[system]["answer"].split("\n", 1)[0]
        rank = "" if r["absent"] else f" hit@{r['retrieval'] or '-'}"
        print(f"{r['id']} [{r['kind']}] {mark}{rank} | {r['question']} | gold: {' / '.join(r['gold']) or '(absent)'}"
              f" | answer: {' '.join(shown.split())[:160]}")


def _share(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)} {100 * sum(values) / max(1, len(values)):3.0f}%"


def reading(summary: str) -> str:
    """The reading that gave an answer, from the retrieval expert's summary ("term question, <why>, <how>; quote from
    <label>"): its last clause outside parentheses, numbers as N ("model chose among N term candidates")."""
    head, depth, cut = summary.split("; quote from")[0], 0, -1
    for i, ch in enumerate(head):
        depth += (ch == "(") - (ch == ")")
        if head.startswith(", ", i) and depth == 0:
            cut = i + 2
    return re.sub(r"\d+", "N", head[cut:] if cut >= 0 else head)


def print_readings(rows: list[dict], system: str = "enclave") -> None:
    """Per reading (how the answer line was found), answerable questions it answered: the line states the gold / only
    the quote holds it (the reading chose wrong in the right place) / neither (the wrong place). Refusals apart."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        cell = row.get(system, {})
        if row["absent"] or cell.get("refused") or not cell.get("how"):
            continue
        tally = counts.setdefault(reading(cell["how"][-1]), [0, 0, 0])
        tally[0 if cell["line"] else 1 if cell["quote"] else 2] += 1
    print(f"{'line':>5} {'quote':>5} {'miss':>5}  reading ({system})")
    for name, (line, quote, miss) in sorted(counts.items(), key=lambda kv: -sum(kv[1])):
        print(f"{line:5} {quote:5} {miss:5}  {name}")


def print_table(rows: list[dict], systems: list[str], what: str) -> None:
    answerable = [r for r in rows if not r["absent"]]
    absent = [r for r in rows if r["absent"]]
    print(f"Answers on real documents (bench/realdocs.py), {what}: {len(answerable)} answerable, {len(absent)} absent")
    hits = [r["retrieval"] for r in answerable]
    print(f"retrieval (library.search, gold file and page/section): hit@1 {_share([h == 1 for h in hits])}, "
          f"hit@5 {_share([0 < h <= 5 for h in hits])}")
    if systems:
        print(f"{'system':<9}{'answer line':>14}{'quote <=2 sent.':>17}{'wrongly refused':>17}{'absent refused':>16}"
              f"{'unsupported':>14}{'s/question':>12}")
    for s in systems:
        print(f"{s:<9}{_share([r[s]['line'] for r in answerable]):>14}{_share([r[s]['quote'] for r in answerable]):>17}"
              f"{_share([r[s]['refused'] for r in answerable]):>17}{_share([r[s]['refused'] for r in absent]):>16}"
              f"{_share([r[s]['unsupported'] for r in rows]):>14}"
              f"{statistics.median(r[s]['seconds'] for r in rows) if rows else 0:11.1f}s")
        crashed = [r["id"] for r in rows if r[s]["answer"].startswith(CRASH)]
        if crashed:
            print(f"  {s} crashed (counted as wrong) on {len(crashed)}: {', '.join(crashed)}")
    if systems:
        kinds = sorted({r["kind"] for r in answerable})
        print("answer line by kind: " + "; ".join(
            f"{k} " + ", ".join(f"{s} {sum(r[s]['line'] for r in answerable if r['kind'] == k)}" for s in systems)
            + f" of {sum(r['kind'] == k for r in answerable)}" for k in kinds))
    print(OTHER_FIGURES)


def check(corpus: realdocs_docs.Corpus) -> int:
    """Verify that every answerable question's evidence is at its named page or section (exit 1 if not)."""
    docs = realdocs_docs.prepare(corpus=corpus)
    from bench.realdocs_places import verify

    questions = realdocs_data.load(corpus.questions_file)
    problems = verify(questions, docs)
    print("\n".join(problems) or f"all {len(questions)} questions verified")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=tuple(CORPORA), default="realdocs",
                        help="realdocs: the four packages with their dev/test split; dev2: a second corpus, dev only; "
                             "gate: a third, its test split never tuned on (the lead's merge check); gate2, gate3: a fourth and a fifth, the same way")
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions of the split")
    parser.add_argument("--json", type=Path, help="write every answer and its scores here (after each question)")
    parser.add_argument("--systems", default="enclave,naive")
    parser.add_argument("--retrieval-only", action="store_true", help="retrieval hit@1/@5 only (no model)")
    parser.add_argument("--check", action="store_true", help="verify the questions' places, then exit")
    parser.add_argument("--tables", type=Path, help="print the tables of an earlier --json file")
    parser.add_argument("--failures", action="store_true", help="with --tables: also list every failure")
    parser.add_argument("--readings", action="store_true", help="with --tables: per reading that gave the answer line, "
                        "how often it was right, wrong in the right quote, or in the wrong place")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check(CORPORA[args.corpus])
        if args.tables:
            rows = json.loads(args.tables.read_text(encoding="utf-8"))
            systems = [s for s in ("enclave", "naive") if rows and s in rows[0]]
            print_table(rows, systems, f"{args.tables.name}")
            for system in systems if args.failures else ():
                print(f"\n{system} failures (id [kind] outcome retrieval | question | gold | answer line):")
                print_failures(rows, system)
            if args.readings and "enclave" in systems:
                print_readings(rows)
            return 0
        return run(args)
    except realdocs_docs.DocumentsMissing as exc:
        print(f"realdocs: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
